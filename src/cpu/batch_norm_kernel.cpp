#include "cpu/batch_norm_kernel.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "cpu/convert.h"
#include "cpu/lane_sum.h"
#include "cpu/parallel.h"

namespace ember::cpu {
namespace {

// Channels [c_begin, c_end): statistics (unless given), then the affine map.
template <class T>
void channels(T* out, const T* in, const T* weight, const T* bias, double* mean, double* var, int64_t batch,
              int64_t num_channels, int64_t spatial, bool use_stats, double eps, int64_t c_begin, int64_t c_end) {
  // Half and bfloat16 are normalized in float; float and double in their own type.
  using A = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t stride = num_channels * spatial;  // between samples
  for (int64_t c = c_begin; c < c_end; ++c) {
    if (!use_stats) {
      const double count = static_cast<double>(batch * spatial);
      double s = 0;
      for (int64_t n = 0; n < batch; ++n) s += lane_sum(in + n * stride + c * spatial, spatial, [](double v) { return v; });
      const double m = s / count;
      double sq = 0;
      for (int64_t n = 0; n < batch; ++n)
        sq += lane_sum(in + n * stride + c * spatial, spatial, [m](double v) { return (v - m) * (v - m); });
      mean[c] = m;
      var[c] = sq / count;
    }
    // y = x * scale + shift, scale = w / sqrt(var + eps), shift = b - mean * scale.
    const double rstd = 1.0 / std::sqrt(var[c] + eps);
    const double w = weight ? convert<double>(weight[c]) : 1.0;
    const double b = bias ? convert<double>(bias[c]) : 0.0;
    const A scale = static_cast<A>(w * rstd), shift = static_cast<A>(b - mean[c] * w * rstd);
    for (int64_t n = 0; n < batch; ++n) {
      const T* x = in + n * stride + c * spatial;
      T* y = out + n * stride + c * spatial;
      for (int64_t j = 0; j < spatial; ++j) y[j] = convert<T>(convert<A>(x[j]) * scale + shift);
    }
  }
}

}  // namespace

void batch_norm_kernel(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias,
                       const Tensor& mean, const Tensor& var, int64_t batch, int64_t num_channels, bool use_stats,
                       double eps) {
  if (in.numel() == 0) return;
  const int64_t spatial = in.numel() / (batch * num_channels);
  double* m = static_cast<double*>(mean.data_ptr());
  double* v = static_cast<double*>(var.data_ptr());
  dispatch_all_types(in.dtype(), "batch_norm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      const T* w = weight.defined() ? static_cast<const T*>(weight.data_ptr()) : nullptr;
      const T* b = bias.defined() ? static_cast<const T*>(bias.data_ptr()) : nullptr;
      // Channels are independent: about 32K elements per parallel chunk.
      const int64_t per_channel = std::max<int64_t>(1, batch * spatial);
      parallel_for(0, num_channels, std::max<int64_t>(1, 32768 / per_channel), [&](int64_t lo, int64_t hi) {
        channels<T>(static_cast<T*>(out.data_ptr()), static_cast<const T*>(in.data_ptr()), w, b, m, v, batch,
                    num_channels, spatial, use_stats, eps, lo, hi);
      });
    }
  });
}

}  // namespace ember::cpu
