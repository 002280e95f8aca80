#include "ember/nn/functional/upsampling.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/shape.h"

namespace ember::nn {

std::string interpolate_mode_name(const interpolate_mode_t& mode) {
  if (std::holds_alternative<enumtype::kNearest>(mode)) return "kNearest";
  return std::holds_alternative<enumtype::kLinear>(mode) ? "kLinear" : "kBilinear";
}

namespace functional {

namespace {

Tensor long_tensor(std::vector<int64_t> values) {
  return from_blob(values.data(), {static_cast<int64_t>(values.size())}, kLong).clone();
}

// 1 / scale_factor when one is given, else in / out (LibTorch's compute_scales_value).
template <typename T>
T source_scale(int64_t in, int64_t out, std::optional<double> scale_factor) {
  return scale_factor && *scale_factor > 0 ? static_cast<T>(1.0 / *scale_factor)
                                           : static_cast<T>(in) / static_cast<T>(out);
}

// Nearest: output position i reads input floor(i * scale) (computed in float, as LibTorch).
Tensor nearest_along(const Tensor& x, int64_t dim, int64_t out, std::optional<double> scale_factor) {
  const int64_t in = x.size(dim);
  std::vector<int64_t> idx(static_cast<size_t>(out));
  const float scale = source_scale<float>(in, out, scale_factor);
  for (int64_t i = 0; i < out; ++i) {
    // LibTorch's exact shortcuts for the same size and for doubling.
    idx[i] = out == in ? i
             : out == 2 * in
                 ? i / 2
                 : std::min(static_cast<int64_t>(std::floor(static_cast<float>(i) * scale)), in - 1);
  }
  return index_select(x, dim, long_tensor(std::move(idx)));
}

// Linear along one dim: output i blends inputs i0 and i0 + 1 (i0 + 0 at the last input) with
// weights 1 - lambda and lambda, computed in T (the input's precision), as LibTorch.
template <typename T>
Tensor linear_along(const Tensor& x, int64_t dim, int64_t out, bool align_corners, std::optional<double> scale_factor) {
  const int64_t in = x.size(dim);
  const T scale = align_corners ? (out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0))
                                : source_scale<T>(in, out, scale_factor);
  std::vector<int64_t> i0(static_cast<size_t>(out)), i1(static_cast<size_t>(out));
  std::vector<T> w0(static_cast<size_t>(out)), w1(static_cast<size_t>(out));
  for (int64_t i = 0; i < out; ++i) {
    const T src = align_corners ? scale * static_cast<T>(i)
                                : std::max(scale * (static_cast<T>(i) + T(0.5)) - T(0.5), T(0));
    const int64_t lo = std::min(static_cast<int64_t>(std::floor(src)), in - 1);
    const T lambda = std::clamp(src - static_cast<T>(lo), T(0), T(1));
    i0[i] = lo;
    i1[i] = lo < in - 1 ? lo + 1 : lo;
    w1[i] = lambda;
    w0[i] = T(1) - lambda;
  }
  // Weights [out, 1, ..., 1] broadcasting along dim (the last dims after it).
  std::vector<int64_t> w_shape(static_cast<size_t>(x.dim() - dim), 1);
  w_shape[0] = out;
  Tensor weight0 = from_blob(w0.data(), {out}, scalar_type_v<T>).clone().reshape(w_shape);
  Tensor weight1 = from_blob(w1.data(), {out}, scalar_type_v<T>).clone().reshape(w_shape);
  return index_select(x, dim, long_tensor(std::move(i0))) * weight0 +
         index_select(x, dim, long_tensor(std::move(i1))) * weight1;
}

Tensor linear_along(const Tensor& x, int64_t dim, int64_t out, bool align_corners, std::optional<double> scale_factor) {
  return x.scalar_type() == kDouble ? linear_along<double>(x, dim, out, align_corners, scale_factor)
                                    : linear_along<float>(x, dim, out, align_corners, scale_factor);
}

}  // namespace

Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options) {
  const bool nearest = std::holds_alternative<enumtype::kNearest>(options.mode());
  const std::string mode = interpolate_mode_name(options.mode());
  EMBER_CHECK(input.dim() == 3 || input.dim() == 4, "interpolate",
              "expected input [N, C, W] or [N, C, H, W], got shape ", input.sizes(),
              " (ember interpolates 1-D and 2-D spatial inputs)");
  EMBER_CHECK(input.scalar_type() == kFloat || input.scalar_type() == kDouble || nearest, "interpolate", "mode ", mode,
              " needs a float32 or float64 input, got ", input.scalar_type());
  const int64_t spatial = input.dim() - 2;
  EMBER_CHECK(nearest || std::holds_alternative<enumtype::kLinear>(options.mode()) == (spatial == 1), "interpolate",
              "got ", input.dim(), "-D input of shape ", input.sizes(), ", but mode ", mode, " needs ",
              spatial == 1 ? "4-D input (use kLinear)" : "3-D input (use kBilinear)");
  EMBER_CHECK(!nearest || !options.align_corners(), "interpolate",
              "align_corners can only be set with the interpolating modes kLinear and kBilinear, not ", mode);
  EMBER_CHECK(options.size().has_value() != options.scale_factor().has_value(), "interpolate",
              options.size() ? "only one of size and scale_factor may be given" : "either size or scale_factor must be given");
  std::vector<int64_t> out_size;
  std::vector<std::optional<double>> scales(static_cast<size_t>(spatial));
  if (options.size()) {
    out_size = *options.size();
    EMBER_CHECK(static_cast<int64_t>(out_size.size()) == spatial, "interpolate", "size must have ", spatial,
                " values for input of shape ", input.sizes(), ", got ", out_size.size());
  } else {
    const std::vector<double>& factors = *options.scale_factor();
    EMBER_CHECK(static_cast<int64_t>(factors.size()) == spatial, "interpolate", "scale_factor must have ", spatial,
                " values for input of shape ", input.sizes(), ", got ", factors.size());
    for (int64_t d = 0; d < spatial; ++d) {
      out_size.push_back(static_cast<int64_t>(std::floor(static_cast<double>(input.size(d + 2)) * factors[d])));
      if (!options.recompute_scale_factor().value_or(false)) scales[d] = factors[d];
    }
  }
  for (int64_t d = 0; d < spatial; ++d)
    EMBER_CHECK(out_size[d] > 0 && input.size(d + 2) > 0, "interpolate", "input of shape ", input.sizes(),
                " and output spatial size ", ArrayRef<int64_t>(out_size), " must be non-empty");
  const bool align_corners = options.align_corners().value_or(false);
  Tensor out = input;
  for (int64_t d = 0; d < spatial; ++d) {
    out = nearest ? nearest_along(out, d + 2, out_size[d], scales[d])
                  : linear_along(out, d + 2, out_size[d], align_corners, scales[d]);
  }
  return out;
}

}  // namespace functional
}  // namespace ember::nn
