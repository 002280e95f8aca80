#include "ember/nn/modules/dropout.h"

#include "ember/nn/functional/dropout.h"
#include "ember/ops/nn_functional.h"

namespace ember::nn {

DropoutImpl::DropoutImpl(const DropoutOptions& options) : options(options) { reset(); }

void DropoutImpl::reset() {
  EMBER_CHECK(options.p() >= 0 && options.p() <= 1, "Dropout",
              "dropout probability has to be between 0 and 1, but got ", options.p());
}

void DropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::Dropout(p=" << options.p() << ", inplace=" << options.inplace()
         << ")";
}

Tensor DropoutImpl::forward(Tensor input) {
  Tensor result = dropout(input, options.p(), is_training());
  if (!options.inplace()) return result;
  if (!result.is_same(input)) input.copy_(result);
  return input;
}

}  // namespace ember::nn

namespace ember::nn {

Tensor Dropout2dImpl::forward(Tensor input) {
  return functional::detail::dropout2d(std::move(input), options.p(), is_training(), options.inplace());
}

Tensor Dropout3dImpl::forward(Tensor input) {
  return functional::detail::dropout3d(std::move(input), options.p(), is_training(), options.inplace());
}

Tensor AlphaDropoutImpl::forward(const Tensor& input) {
  return functional::detail::alpha_dropout(input, options.p(), is_training(), false);
}

Tensor FeatureAlphaDropoutImpl::forward(const Tensor& input) {
  return functional::detail::feature_alpha_dropout(input, options.p(), is_training(), false);
}

}  // namespace ember::nn
