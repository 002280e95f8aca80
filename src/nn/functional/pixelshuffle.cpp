#include "ember/nn/functional/pixelshuffle.h"

#include <vector>

namespace ember::nn::functional {

namespace {

// The leading batch dims of [*, C, H, W], then the given dims.
std::vector<int64_t> batch_then(const Tensor& input, std::initializer_list<int64_t> rest) {
  std::vector<int64_t> shape(input.sizes().begin(), input.sizes().end() - 3);
  shape.insert(shape.end(), rest);
  return shape;
}

// The permutation of [*, a, b, c, d, e] that keeps * and orders the last five as `order`.
std::vector<int64_t> batch_permute(int64_t batch_dims, std::initializer_list<int64_t> order) {
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < batch_dims; ++d) perm.push_back(d);
  for (int64_t o : order) perm.push_back(batch_dims + o);
  return perm;
}

}  // namespace

Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options) {
  const int64_t r = options.upscale_factor();
  EMBER_CHECK(input.dim() >= 3, "pixel_shuffle", "expected input [*, C, H, W] of at least 3 dims, got shape ",
              input.sizes());
  EMBER_CHECK(r > 0, "pixel_shuffle", "upscale_factor must be positive, got ", r);
  const int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(c % (r * r) == 0, "pixel_shuffle", "the channel count ", c, " of input ", input.sizes(),
              " must be divisible by upscale_factor^2 = ", r * r);
  const int64_t oc = c / (r * r);
  // [*, oc, r, r, H, W] -> [*, oc, H, r, W, r] -> [*, oc, H * r, W * r].
  return input.reshape(batch_then(input, {oc, r, r, h, w}))
      .permute(batch_permute(input.dim() - 3, {0, 3, 1, 4, 2}))
      .reshape(batch_then(input, {oc, h * r, w * r}));
}

Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options) {
  const int64_t r = options.downscale_factor();
  EMBER_CHECK(input.dim() >= 3, "pixel_unshuffle", "expected input [*, C, H, W] of at least 3 dims, got shape ",
              input.sizes());
  EMBER_CHECK(r > 0, "pixel_unshuffle", "downscale_factor must be positive, got ", r);
  const int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(h % r == 0 && w % r == 0, "pixel_unshuffle", "height ", h, " and width ", w, " of input ",
              input.sizes(), " must be divisible by downscale_factor ", r);
  const int64_t oh = h / r, ow = w / r;
  // [*, C, oh, r, ow, r] -> [*, C, r, r, oh, ow] -> [*, C * r^2, oh, ow].
  return input.reshape(batch_then(input, {c, oh, r, ow, r}))
      .permute(batch_permute(input.dim() - 3, {0, 2, 4, 1, 3}))
      .reshape(batch_then(input, {c * r * r, oh, ow}));
}

}  // namespace ember::nn::functional
