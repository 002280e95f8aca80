#pragma once
// Parameter initializers, as torch::nn::init: each fills `tensor` in place under NoGradGuard (so
// a leaf that requires grad can be filled) and returns it. Distributions, gains and fan rules
// are LibTorch 1.13's; trunc_normal_ is PyTorch's (LibTorch 1.13 has none).
#include <cstdint>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember::nn::init {

// The nonlinearities calculate_gain knows (torch::kReLU and friends in LibTorch).
enum class Nonlinearity {
  kLinear,
  kConv1D,
  kConv2D,
  kConv3D,
  kConvTranspose1D,
  kConvTranspose2D,
  kConvTranspose3D,
  kSigmoid,
  kTanh,
  kReLU,
  kLeakyReLU,
};
// Which fan the Kaiming initializers scale by: fan_in keeps the forward pass's variance,
// fan_out the backward pass's.
enum class FanMode { kFanIn, kFanOut };

// LibTorch's spellings (torch::kReLU, torch::kFanIn).
inline constexpr Nonlinearity kLinear = Nonlinearity::kLinear;
inline constexpr Nonlinearity kConv1D = Nonlinearity::kConv1D;
inline constexpr Nonlinearity kConv2D = Nonlinearity::kConv2D;
inline constexpr Nonlinearity kConv3D = Nonlinearity::kConv3D;
inline constexpr Nonlinearity kConvTranspose1D = Nonlinearity::kConvTranspose1D;
inline constexpr Nonlinearity kConvTranspose2D = Nonlinearity::kConvTranspose2D;
inline constexpr Nonlinearity kConvTranspose3D = Nonlinearity::kConvTranspose3D;
inline constexpr Nonlinearity kSigmoid = Nonlinearity::kSigmoid;
inline constexpr Nonlinearity kTanh = Nonlinearity::kTanh;
inline constexpr Nonlinearity kReLU = Nonlinearity::kReLU;
inline constexpr Nonlinearity kLeakyReLU = Nonlinearity::kLeakyReLU;
inline constexpr FanMode kFanIn = FanMode::kFanIn;
inline constexpr FanMode kFanOut = FanMode::kFanOut;

// The recommended scale for weights feeding `nonlinearity`: 1 for linear/conv/sigmoid, 5/3 for
// tanh, sqrt(2) for relu, sqrt(2 / (1 + param^2)) for leaky relu (param = negative slope).
double calculate_gain(Nonlinearity nonlinearity, double param = 0.01);

Tensor constant_(Tensor tensor, const Scalar& value);
Tensor zeros_(Tensor tensor);
Tensor ones_(Tensor tensor);
// 2-D only: ones on the main diagonal, zeros elsewhere.
Tensor eye_(Tensor matrix);
Tensor uniform_(Tensor tensor, double low = 0, double high = 1);
Tensor normal_(Tensor tensor, double mean = 0, double std = 1);
// Normal(mean, std) restricted to [a, b], drawn by inverting the normal CDF on a uniform draw
// between CDF(a) and CDF(b), so no sample is rejected.
Tensor trunc_normal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2);

// For a weight [out, in, *kernel]: fan_in = in * prod(kernel), fan_out = out * prod(kernel).
// Needs at least 2 dims.
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor);

// Glorot: std = gain * sqrt(2 / (fan_in + fan_out)); uniform bound sqrt(3) * std.
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);
// He: std = calculate_gain(nonlinearity, a) / sqrt(fan); uniform bound sqrt(3) * std.
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanMode mode = kFanIn,
                        Nonlinearity nonlinearity = kLeakyReLU);
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanMode mode = kFanIn,
                       Nonlinearity nonlinearity = kLeakyReLU);

}  // namespace ember::nn::init
