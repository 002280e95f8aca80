#pragma once
// torch::nn::functional::conv1d/2d/3d and conv_transpose1d/2d/3d: ember's convolutions with
// LibTorch's options structs (F::conv2d(x, w, F::Conv2dFuncOptions().stride(2).padding(1))).
#include "ember/core/tensor.h"
#include "ember/nn/options/conv.h"

namespace ember::nn::functional {

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {});
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options = {});
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const ConvTranspose1dFuncOptions& options = {});
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const ConvTranspose2dFuncOptions& options = {});
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const ConvTranspose3dFuncOptions& options = {});

}  // namespace ember::nn::functional
