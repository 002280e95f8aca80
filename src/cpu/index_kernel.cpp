#include "cpu/index_kernel.h"

#include <cstring>
#include <type_traits>

#include "cpu/convert.h"
#include "cpu/strided_loop.h"
#include "ember/core/dim_vector.h"
#include "ember/core/factories.h"

namespace ember::cpu {

namespace {

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class T>
void store(char* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// a + b in T, as PyTorch's index_put_(accumulate=true): bool adds as logical or, integers wrap
// (computed unsigned: signed overflow is UB), float16/bfloat16 add in float and round once.
template <class T>
T add_values(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_floating_point_v<T>) {
    return a + b;
  } else if constexpr (is_float_like_v<T>) {
    return T(static_cast<float>(a) + static_cast<float>(b));
  } else {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  }
}

}  // namespace

void add_index_offsets_kernel(const Tensor& offsets, const Tensor& index, int64_t size,
                              int64_t stride, int64_t dim, const char* op) {
  if (offsets.numel() == 0) return;
  StridedLoop<2> loop({&offsets, &index}, offsets.sizes());
  auto run = [&](auto tag) {
    using I = typename decltype(tag)::type;
    loop.run([&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t v = load<I>(p[1] + i * s[1]);
        EMBER_CHECK(v >= -size && v < size, op, "index ", v, " is out of bounds for dimension ",
                    dim, " with size ", size);
        if (v < 0) v += size;
        char* o = p[0] + i * s[0];
        store<int64_t>(o, load<int64_t>(o) + v * stride);
      }
    });
  };
  if (index.dtype() == kInt) run(type_tag<int32_t>{});
  else run(type_tag<int64_t>{});
}

void index_kernel(const Tensor& out, const Tensor& src, const Tensor& offsets) {
  if (out.numel() == 0) return;
  StridedLoop<3> loop({&out, &src, &offsets}, out.sizes());
  dispatch_all_types(out.dtype(), "index", [&](auto tag) {
    using T = typename decltype(tag)::type;
    loop.run([](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t off = load<int64_t>(p[2] + i * s[2]);
        const char* from = p[1] + i * s[1] + off * static_cast<int64_t>(sizeof(T));
        std::memcpy(p[0] + i * s[0], from, sizeof(T));
      }
    });
  });
}

void index_put_kernel(const Tensor& dst, const Tensor& values, const Tensor& offsets,
                      bool accumulate) {
  if (dst.numel() == 0) return;
  StridedLoop<3> loop({&dst, &values, &offsets}, dst.sizes());
  dispatch_all_types(dst.dtype(), "index_put_", [&](auto dst_tag) {
    using To = typename decltype(dst_tag)::type;
    dispatch_all_types(values.dtype(), "index_put_", [&](auto src_tag) {
      using From = typename decltype(src_tag)::type;
      loop.run([accumulate](char** p, const int64_t* s, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
          int64_t off = load<int64_t>(p[2] + i * s[2]);
          char* to = p[0] + i * s[0] + off * static_cast<int64_t>(sizeof(To));
          To v = convert<To>(load<From>(p[1] + i * s[1]));
          store<To>(to, accumulate ? add_values<To>(load<To>(to), v) : v);
        }
      });
    });
  });
}

Tensor nonzero_kernel(const Tensor& self) {
  Tensor in = self.contiguous();
  int64_t numel = in.numel(), ndim = in.dim();
  return dispatch_all_types(in.dtype(), "nonzero", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* data = static_cast<const T*>(in.data_ptr());
    int64_t count = 0;
    for (int64_t i = 0; i < numel; ++i) count += convert<bool>(data[i]);
    Tensor out = empty({count, ndim}, kLong);
    int64_t* o = static_cast<int64_t*>(out.data_ptr());
    // Walk the row-major position alongside the linear index.
    DimVector pos(static_cast<size_t>(ndim), 0);
    for (int64_t i = 0; i < numel; ++i) {
      if (convert<bool>(data[i])) {
        for (int64_t d = 0; d < ndim; ++d) *o++ = pos[d];
      }
      for (int64_t d = ndim - 1; d >= 0; --d) {
        if (++pos[d] < in.sizes()[d]) break;
        pos[d] = 0;
      }
    }
    return out;
  });
}

}  // namespace ember::cpu
