#pragma once
// Fused batch normalization over channels: the forward of batch_norm (and instance_norm, run
// as a batch_norm of [1, N * C, *]).
#include "ember/core/tensor.h"

namespace ember::cpu {

// `in` and `out`: contiguous, one floating dtype, seen as [batch, channels, spatial]. weight
// and bias: [channels] of in's dtype, contiguous, either may be undefined. mean and var
// ([channels] double, contiguous): with use_stats they hold the statistics to normalize with
// (eval: running statistics, var the variance); otherwise each channel's batch mean and
// biased variance over batch * spatial elements are computed (in double, two passes: the mean,
// then squared deviations from it) and written there. Then
// out = (x - mean) / sqrt(var + eps) * weight + bias per channel. Parallel over channels.
void batch_norm_kernel(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias,
                       const Tensor& mean, const Tensor& var, int64_t batch, int64_t channels, bool use_stats,
                       double eps);

}  // namespace ember::cpu
