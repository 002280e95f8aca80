#include "ember/nn/modules/prelu.h"

#include "ember/core/factories.h"
#include "ember/nn/functional/prelu.h"
#include "ember/nn/init.h"

namespace ember::nn {

PReLUImpl::PReLUImpl(const PReLUOptions& options) : options(options) { reset(); }

void PReLUImpl::reset() {
  EMBER_CHECK(options.num_parameters() >= 1, "PReLU", "num_parameters must be at least 1, got ",
              options.num_parameters());
  weight = register_parameter("weight", empty({options.num_parameters()}));
  init::constant_(weight, options.init());
}

void PReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::PReLU(num_parameters=" << options.num_parameters() << ")";
}

Tensor PReLUImpl::forward(const Tensor& input) { return functional::prelu(input, weight); }

}  // namespace ember::nn
