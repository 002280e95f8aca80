#pragma once
// torch::nn::functional::pixel_shuffle / pixel_unshuffle, pure reshapes and permutes:
// pixel_shuffle [*, C * r^2, H, W] -> [*, C, H * r, W * r]; pixel_unshuffle the inverse.
#include "ember/core/tensor.h"
#include "ember/nn/options/pixelshuffle.h"

namespace ember::nn::functional {

Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options);
Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options);

}  // namespace ember::nn::functional
