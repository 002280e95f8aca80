#include "ember/nn/modules/linear.h"

#include <cmath>

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/linalg.h"

namespace ember::nn {

LinearImpl::LinearImpl(const LinearOptions& options) : options(options) { reset(); }

void LinearImpl::reset() {
  EMBER_CHECK(options.in_features() >= 0 && options.out_features() >= 0, "Linear",
              "in_features and out_features must be non-negative, got ", options.in_features(), " and ",
              options.out_features());
  weight = register_parameter("weight", empty({options.out_features(), options.in_features()}));
  bias = options.bias() ? register_parameter("bias", empty({options.out_features()})) : Tensor();
  reset_parameters();
}

void LinearImpl::reset_parameters() {
  if (options.in_features() == 0) {
    // No inputs: LibTorch's fan computation would divide by zero; the weight has no elements.
    if (bias.defined()) init::zeros_(bias);
    return;
  }
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(options.in_features()));
    init::uniform_(bias, -bound, bound);
  }
}

void LinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::Linear(in_features=" << options.in_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor LinearImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() >= 1 && input.size(-1) == options.in_features(), "Linear",
              "expected input of shape [*, ", options.in_features(), "], got ", input.sizes());
  return linear(input, weight, bias);
}

void IdentityImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Identity()"; }

Tensor IdentityImpl::forward(const Tensor& input) { return input; }

}  // namespace ember::nn
