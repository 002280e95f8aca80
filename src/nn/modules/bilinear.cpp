#include "ember/nn/modules/bilinear.h"

#include <cmath>

#include "ember/core/factories.h"
#include "ember/nn/functional/bilinear.h"
#include "ember/nn/init.h"

namespace ember::nn {

BilinearImpl::BilinearImpl(const BilinearOptions& options) : options(options) { reset(); }

void BilinearImpl::reset() {
  EMBER_CHECK(options.in1_features() > 0 && options.in2_features() >= 0 && options.out_features() >= 0, "Bilinear",
              "in1_features must be positive and in2_features, out_features non-negative, got ",
              options.in1_features(), ", ", options.in2_features(), ", ", options.out_features());
  weight = register_parameter("weight",
                              empty({options.out_features(), options.in1_features(), options.in2_features()}));
  bias = options.bias() ? register_parameter("bias", empty({options.out_features()})) : Tensor();
  reset_parameters();
}

void BilinearImpl::reset_parameters() {
  const double bound = 1.0 / std::sqrt(static_cast<double>(weight.size(1)));
  init::uniform_(weight, -bound, bound);
  if (bias.defined()) init::uniform_(bias, -bound, bound);
}

void BilinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::Bilinear(in1_features=" << options.in1_features()
         << ", in2_features=" << options.in2_features() << ", out_features=" << options.out_features()
         << ", bias=" << options.bias() << ")";
}

Tensor BilinearImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::bilinear(input1, input2, weight, bias);
}

}  // namespace ember::nn
