#pragma once
// AccumulateGrad: the sink node of a leaf tensor; adds the incoming gradient into leaf.grad.
#include "ember/autograd/node.h"

namespace ember::autograd {

class AccumulateGrad final : public Node {
 public:
  explicit AccumulateGrad(Tensor variable);
  std::string name() const override { return "torch::autograd::AccumulateGrad"; }
  variable_list apply(variable_list&& grads) override;
  const Tensor& variable() const { return variable_; }

 private:
  Tensor variable_;  // the leaf; it holds this node only weakly, so no cycle
};

}  // namespace ember::autograd
