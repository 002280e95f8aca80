#include "ember/nn/functional/local_response_norm.h"

#include "ember/ops/arrange.h"
#include "ember/ops/binary.h"

namespace ember::nn::functional {

Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 3, "local_response_norm", "expected input [N, C, *] of at least 3 dims, got shape ",
              input.sizes());
  const int64_t size = options.size();
  EMBER_CHECK(size >= 1, "local_response_norm", "size must be positive, got ", size);
  const int64_t n = input.size(0), c = input.size(1);
  // Squares as [N, C, rest], zero-padded along C; the window sum is `size` shifted slices.
  Tensor sq = (input * input).reshape({n, c, -1});
  Tensor padded = constant_pad_nd(sq, {0, 0, size / 2, (size - 1) / 2});  // [N, C + size - 1, rest]
  Tensor window = padded.narrow(1, 0, c);
  for (int64_t j = 1; j < size; ++j) window = window + padded.narrow(1, j, c);
  // The average over the window counts the padding, as LibTorch's avg_pool.
  Tensor div = pow(window * (options.alpha() / static_cast<double>(size)) + options.k(), options.beta());
  return input / div.reshape(input.sizes());
}

}  // namespace ember::nn::functional
