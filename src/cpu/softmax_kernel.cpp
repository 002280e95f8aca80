#include "cpu/softmax_kernel.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <limits>
#include <vector>

#include "cpu/capability.h"
#include "cpu/convert.h"
#include "cpu/parallel.h"
#include "cpu/vector_traits.h"

namespace ember::cpu {

namespace {

template <class T> struct acc_type { using type = float; };
template <> struct acc_type<double> { using type = double; };

// max that propagates NaN: once m is NaN it stays NaN, so a row holding a NaN gives NaN.
template <class A>
inline A nan_max(A m, A v) {
  return (v > m || std::isnan(v)) ? v : m;
}

// Writes the result for one element from x - max and the row's sum (or log of the sum).
template <class A>
inline A finish(A shifted, A sum_or_log, bool log) {
  return log ? shifted - sum_or_log : std::exp(shifted) / sum_or_log;
}

// One [dim_size] line with unit stride (softmax over the last dim).
template <class T, class A>
void softmax_line(T* out, const T* in, int64_t n, bool log) {
  A m = -std::numeric_limits<A>::infinity();
  for (int64_t i = 0; i < n; ++i) m = nan_max(m, convert<A>(in[i]));
  A sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += std::exp(convert<A>(in[i]) - m);
  A s = log ? std::log(sum) : sum;
  for (int64_t i = 0; i < n; ++i) out[i] = convert<T>(finish(convert<A>(in[i]) - m, s, log));
}

// One [dim_size, inner] block: the inner lines are independent and advance together, so
// every sweep reads rows of `inner` consecutive elements. max/sum hold one value per line.
template <class T, class A>
void softmax_block(T* out, const T* in, int64_t n, int64_t inner, bool log, A* max, A* sum) {
  for (int64_t j = 0; j < inner; ++j) {
    max[j] = -std::numeric_limits<A>::infinity();
    sum[j] = 0;
  }
  for (int64_t d = 0; d < n; ++d) {
    const T* row = in + d * inner;
    for (int64_t j = 0; j < inner; ++j) max[j] = nan_max(max[j], convert<A>(row[j]));
  }
  for (int64_t d = 0; d < n; ++d) {
    const T* row = in + d * inner;
    for (int64_t j = 0; j < inner; ++j) sum[j] += std::exp(convert<A>(row[j]) - max[j]);
  }
  if (log)
    for (int64_t j = 0; j < inner; ++j) sum[j] = std::log(sum[j]);
  for (int64_t d = 0; d < n; ++d) {
    const T* row = in + d * inner;
    T* dst = out + d * inner;
    for (int64_t j = 0; j < inner; ++j) dst[j] = convert<T>(finish(convert<A>(row[j]) - max[j], sum[j], log));
  }
}

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
using F32 = vec_avx2::F32;
using F64 = vec_avx2::F64;
#include "cpu/softmax_vector.inc"
}  // namespace avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
using F32 = vec_avx512::F32;
using F64 = vec_avx512::F64;
#include "cpu/softmax_vector.inc"
}  // namespace avx512
#pragma GCC pop_options

// The line function for dtype T on this CPU: a vector one for float/double, else the scalar one.
template <class T, class A>
auto line_function() -> void (*)(T*, const T*, int64_t, bool) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    switch (cpu_capability()) {
      case CpuCapability::Avx512: return avx512::line<T>;
      case CpuCapability::Avx2: return avx2::line<T>;
      case CpuCapability::Default: break;
    }
  }
  return softmax_line<T, A>;
}

// Lines per parallel chunk: about 32K elements, as the elementwise kernels' grain.
int64_t grain_lines(int64_t elements_per_line) { return std::max<int64_t>(1, 32768 / std::max<int64_t>(1, elements_per_line)); }

}  // namespace

void softmax_kernel(const Tensor& out, const Tensor& in, int64_t dim, bool log) {
  IntArrayRef sizes = in.sizes();
  int64_t outer = 1, inner = 1;
  int64_t n = sizes.empty() ? 1 : sizes[dim];
  for (int64_t d = 0; d < dim; ++d) outer *= sizes[d];
  for (int64_t d = dim + 1; d < static_cast<int64_t>(sizes.size()); ++d) inner *= sizes[d];
  if (outer * n * inner == 0) return;
  dispatch_all_types(in.dtype(), "softmax", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      using A = typename acc_type<T>::type;
      const T* src = static_cast<const T*>(in.data_ptr());
      T* dst = static_cast<T*>(out.data_ptr());
      // Lines (inner == 1) or [dim_size, inner] blocks are independent: split them over threads.
      if (inner == 1) {
        auto line = line_function<T, A>();
        parallel_for(0, outer, grain_lines(n), [&](int64_t lo, int64_t hi) {
          for (int64_t o = lo; o < hi; ++o) line(dst + o * n, src + o * n, n, log);
        });
      } else {
        parallel_for(0, outer, grain_lines(n * inner), [&](int64_t lo, int64_t hi) {
          std::vector<A> max(inner), sum(inner);
          for (int64_t o = lo; o < hi; ++o)
            softmax_block<T, A>(dst + o * n * inner, src + o * n * inner, n, inner, log, max.data(), sum.data());
        });
      }
    }
  });
}

}  // namespace ember::cpu
