#include "cpu/softmax_kernel.h"

#include <cmath>
#include <limits>
#include <vector>

#include "cpu/convert.h"

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
      if (inner == 1) {
        for (int64_t o = 0; o < outer; ++o) softmax_line<T, A>(dst + o * n, src + o * n, n, log);
      } else {
        std::vector<A> max(inner), sum(inner);
        for (int64_t o = 0; o < outer; ++o)
          softmax_block<T, A>(dst + o * n * inner, src + o * n * inner, n, inner, log, max.data(), sum.data());
      }
    }
  });
}

}  // namespace ember::cpu
