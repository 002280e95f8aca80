#pragma once
// Convolutions over 1, 2 or 3 spatial dims, as at::convolution and torch::conv1d/2d/3d,
// torch::conv_transpose1d/2d/3d (LibTorch 1.13 names, argument order and defaults).
//
// input (N, C_in, *X), weight (C_out, C_in / groups, *K) for a convolution and
// (C_in, C_out / groups, *K) for a transposed one, bias (C_out). Output sizes:
//   convolution:  P = (X + 2 pad - dilation (K - 1) - 1) / stride + 1   (floor)
//   transposed:   P = (X - 1) stride - 2 pad + dilation (K - 1) + output_padding + 1
// stride/padding/dilation/output_padding take one value per spatial dim or one for all.
// convNd/conv_transposeNd also take unbatched input (C_in, *X). float32 runs on oneDNN,
// float64 on a direct loop, bfloat16 in float32 (rounded once); float16 has no kernel, as
// LibTorch on CPU. Gradients are themselves convolutions, so higher derivatives work.
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

Tensor convolution(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                   int64_t groups);

Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);
// padding "valid" (none) or "same" (output size = input size; stride 1 only; an odd total
// padding puts the extra element on the right, as LibTorch).
Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
                        IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef output_padding = 0,
                        int64_t groups = 1, IntArrayRef dilation = 1);
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
                        IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef output_padding = 0,
                        int64_t groups = 1, IntArrayRef dilation = 1);
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = std::nullopt,
                        IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef output_padding = 0,
                        int64_t groups = 1, IntArrayRef dilation = 1);

}  // namespace ember
