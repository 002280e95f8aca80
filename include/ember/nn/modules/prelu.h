#pragma once
// PReLU, as torch::nn::PReLU: x for x > 0, weight * x otherwise, with learned slopes.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/prelu.h"

namespace ember::nn {

// weight [num_parameters], every slope initialized to options.init().
class PReLUImpl : public Cloneable<PReLUImpl> {
 public:
  explicit PReLUImpl(const PReLUOptions& options = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  // input [N, C, *] (or any shape with num_parameters = 1) -> the same shape.
  Tensor forward(const Tensor& input);

  PReLUOptions options;
  Tensor weight;
};
EMBER_MODULE(PReLU);

}  // namespace ember::nn
