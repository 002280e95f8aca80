#pragma once
// optim::SGD, as torch::optim::SGD: stochastic gradient descent with optional momentum
// (dampened, or Nesterov's) and L2 weight decay.
#include <memory>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  SGDOptions(double lr);  // NOLINT: implicit as LibTorch
  EMBER_ARG(double, lr);
  EMBER_ARG(double, momentum) = 0;
  EMBER_ARG(double, dampening) = 0;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, nesterov) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
};

struct SGDParamState : public OptimizerParamState {
  EMBER_ARG(Tensor, momentum_buffer);

 public:
  OrderedDict<std::string, Tensor> tensors() const override;
  void set_tensors(const OrderedDict<std::string, Tensor>& tensors) override;
};

class SGD : public Optimizer {
 public:
  SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  SGD(std::vector<Tensor> params, SGDOptions defaults);

  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
