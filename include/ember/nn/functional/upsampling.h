#pragma once
// torch::nn::functional::interpolate for input [N, C, W] (nearest, linear) and [N, C, H, W]
// (nearest, bilinear), as LibTorch's upsample kernels: nearest picks source index
// floor(dst * scale); linear modes blend the two neighbours of (dst + 0.5) * scale - 0.5
// (or dst * (in - 1) / (out - 1) with align_corners). Built from index_select and
// elementwise ops, so gradients of any order flow to the input.
#include "ember/core/tensor.h"
#include "ember/nn/options/upsampling.h"

namespace ember::nn::functional {

Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options = {});

}  // namespace ember::nn::functional
