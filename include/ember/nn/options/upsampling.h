#pragma once
// Options of Upsample and F::interpolate, as LibTorch's torch/nn/options/upsampling.h:
// `UpsampleOptions().scale_factor(std::vector<double>{2, 2}).mode(torch::kBilinear)
// .align_corners(false)`, `F::InterpolateFuncOptions().size(std::vector<int64_t>{8})`.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ember/nn/arg.h"

namespace ember {

// LibTorch's interpolation mode tags (torch::kNearest, torch::kLinear, torch::kBilinear).
namespace enumtype {
struct kNearest {};
struct kLinear {};
struct kBilinear {};
}  // namespace enumtype
inline constexpr enumtype::kNearest kNearest{};
inline constexpr enumtype::kLinear kLinear{};
inline constexpr enumtype::kBilinear kBilinear{};

namespace nn {

// ember interpolates nearest (3-D and 4-D input), linear (3-D) and bilinear (4-D); LibTorch's
// bicubic, trilinear, area and nearest-exact modes are not provided.
using interpolate_mode_t = std::variant<enumtype::kNearest, enumtype::kLinear, enumtype::kBilinear>;

// "kNearest", "kLinear", "kBilinear", as LibTorch prints modes.
std::string interpolate_mode_name(const interpolate_mode_t& mode);

struct UpsampleOptions {
  using mode_t = interpolate_mode_t;
  // The output's spatial sizes, or the factor each spatial size is multiplied by (one of them).
  EMBER_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  EMBER_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  EMBER_ARG(mode_t, mode) = enumtype::kNearest{};
  // Linear modes only: true maps the corner pixels' centres onto each other; unset means false.
  EMBER_ARG(std::optional<bool>, align_corners) = std::nullopt;
};

namespace functional {

struct InterpolateFuncOptions {
  using mode_t = interpolate_mode_t;
  EMBER_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  EMBER_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  EMBER_ARG(mode_t, mode) = enumtype::kNearest{};
  EMBER_ARG(std::optional<bool>, align_corners) = std::nullopt;
  // With scale_factor: true computes the source positions from the output size (input /
  // output) rather than from 1 / scale_factor.
  EMBER_ARG(std::optional<bool>, recompute_scale_factor) = std::nullopt;
};

}  // namespace functional
}  // namespace nn
}  // namespace ember
