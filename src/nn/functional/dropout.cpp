#include "ember/nn/functional/dropout.h"

#include "ember/ops/nn_functional.h"

namespace ember::nn::functional {
namespace {

// In place: write the out-of-place result into input (ops return input itself when they are
// the identity, eval or p = 0).
Tensor finish(Tensor& input, const Tensor& result, bool inplace) {
  if (!inplace) return result;
  if (!result.is_same(input)) input.copy_(result);
  return input;
}

void check_p(const char* op, double p) {
  EMBER_CHECK(p >= 0 && p <= 1, op, "dropout probability has to be between 0 and 1, but got ", p);
}

// LibTorch's _dropoutNd_helper: an input of rank batched_dim is [N, C, *]; any other rank is
// one unbatched sample, drawn as a batch of 1.
Tensor feature_dropout_nd(const char* op, Tensor input, int64_t batched_dim, double p, bool training, bool inplace) {
  check_p(op, p);
  const bool batched = input.dim() == batched_dim;
  Tensor batch = batched ? input : input.unsqueeze(0);
  Tensor result = ember::feature_dropout(batch, p, training);
  if (!batched) result = result.squeeze(0);
  return finish(input, result, inplace);
}

}  // namespace

Tensor dropout(Tensor input, const DropoutFuncOptions& options) {
  check_p("dropout", options.p());
  return finish(input, ember::dropout(input, options.p(), options.training()), options.inplace());
}

namespace detail {

Tensor dropout2d(Tensor input, double p, bool training, bool inplace) {
  return feature_dropout_nd("dropout2d", std::move(input), 4, p, training, inplace);
}

Tensor dropout3d(Tensor input, double p, bool training, bool inplace) {
  return feature_dropout_nd("dropout3d", std::move(input), 5, p, training, inplace);
}

Tensor alpha_dropout(Tensor input, double p, bool training, bool inplace) {
  check_p("alpha_dropout", p);
  return finish(input, ember::alpha_dropout(input, p, training), inplace);
}

Tensor feature_alpha_dropout(Tensor input, double p, bool training, bool inplace) {
  check_p("feature_alpha_dropout", p);
  return finish(input, ember::feature_alpha_dropout(input, p, training), inplace);
}

}  // namespace detail

Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options) {
  return detail::dropout2d(std::move(input), options.p(), options.training(), options.inplace());
}

Tensor dropout3d(Tensor input, const Dropout3dFuncOptions& options) {
  return detail::dropout3d(std::move(input), options.p(), options.training(), options.inplace());
}

Tensor alpha_dropout(Tensor input, const AlphaDropoutFuncOptions& options) {
  return detail::alpha_dropout(std::move(input), options.p(), options.training(), options.inplace());
}

Tensor feature_alpha_dropout(Tensor input, const FeatureAlphaDropoutFuncOptions& options) {
  return detail::feature_alpha_dropout(std::move(input), options.p(), options.training(), options.inplace());
}

}  // namespace ember::nn::functional
