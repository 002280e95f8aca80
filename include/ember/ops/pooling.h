#pragma once
// Pooling over the trailing 1, 2 or 3 spatial dims of input [N, C, *spatial] or [C, *spatial],
// as torch::max_pool2d, torch::avg_pool2d, torch::adaptive_avg_pool2d & co (LibTorch names,
// argument order and defaults). kernel_size, stride, padding and dilation take one value for
// every dim or one per dim; an empty stride means stride = kernel_size. Output size per dim:
//   floor_or_ceil((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1,
// with ceil_mode's last window dropped when it would start in the right padding.
// Gradients are differentiable again (max pools scatter into the argmax, average pools spread
// over the window; their derivatives are a gather and an average pool).
#include <optional>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember {

// Max over each window (NaN propagates). The _with_indices forms also return the argmax as
// int64, the flat position inside the input's spatial plane (h * W + w in 2-D), as PyTorch.
Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  IntArrayRef dilation = 1, bool ceil_mode = false);
Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  IntArrayRef dilation = 1, bool ceil_mode = false);
Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  IntArrayRef dilation = 1, bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1, bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1, bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1, bool ceil_mode = false);

// Mean over each window. count_include_pad counts zero padding in the divisor;
// divisor_override (non-zero) replaces the divisor.
Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  bool ceil_mode = false, bool count_include_pad = true);
Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);

// Adaptive pools: output_size per dim; output position o of an input dim of size n pools
// [floor(o n / out), ceil((o + 1) n / out)).
Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size);
Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size);
Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size);
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size);
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size);

}  // namespace ember
