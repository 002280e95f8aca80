#include "cpu/copy_kernel.h"

#include <cstring>

#include "cpu/checked_convert.h"
#include "cpu/convert.h"
#include "cpu/strided_loop.h"

namespace ember::cpu {

void copy_kernel(const Tensor& dst, const Tensor& src) {
  if (dst.numel() == 0) return;
  // Same dtype and both contiguous: one memcpy.
  if (dst.dtype() == src.dtype() && dst.is_contiguous() && src.is_contiguous() &&
      src.sizes() == dst.sizes()) {
    std::memcpy(dst.data_ptr(), src.data_ptr(), static_cast<size_t>(dst.nbytes()));
    return;
  }
  StridedLoop<2> loop({&dst, &src}, dst.sizes());
  dispatch_all_types(dst.dtype(), "copy_", [&](auto dst_tag) {
    using To = typename decltype(dst_tag)::type;
    dispatch_all_types(src.dtype(), "copy_", [&](auto src_tag) {
      using From = typename decltype(src_tag)::type;
      loop.parallel_run([](char** p, const int64_t* s, int64_t n) {
        char* out = p[0];
        const char* in = p[1];
        for (int64_t i = 0; i < n; ++i) {
          From v;
          std::memcpy(&v, in + i * s[1], sizeof(From));
          To r = convert<To>(v);
          std::memcpy(out + i * s[0], &r, sizeof(To));
        }
      });
    });
  });
}

void fill_kernel(const Tensor& dst, const Scalar& value) {
  if (dst.numel() == 0) return;
  dispatch_all_types(dst.dtype(), "fill_", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T v = checked_scalar_to<T>(value, dst.dtype(), "fill_");
    if (dst.is_contiguous()) {
      T* p = static_cast<T*>(dst.data_ptr());
      std::fill(p, p + dst.numel(), v);
      return;
    }
    StridedLoop<1> loop({&dst}, dst.sizes());
    loop.run([v](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) std::memcpy(p[0] + i * s[0], &v, sizeof(T));
    });
  });
}

}  // namespace ember::cpu
