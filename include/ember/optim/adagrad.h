#pragma once
// optim::Adagrad, as torch::optim::Adagrad: per-element learning rates scaled by the root of
// the accumulated squared gradients, with learning-rate decay and L2 weight decay.
#include <memory>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
  AdagradOptions(double lr = 1e-2);  // NOLINT: implicit as LibTorch
  EMBER_ARG(double, lr);
  EMBER_ARG(double, lr_decay) = 0;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(double, initial_accumulator_value) = 0;
  EMBER_ARG(double, eps) = 1e-10;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
};

struct AdagradParamState : public OptimizerParamState {
  EMBER_ARG(Tensor, sum);
  EMBER_ARG(int64_t, step) = 0;

 public:
  OrderedDict<std::string, Tensor> tensors() const override;
  void set_tensors(const OrderedDict<std::string, Tensor>& tensors) override;
};

class Adagrad : public Optimizer {
 public:
  // As LibTorch, every parameter's state (sum = initial_accumulator_value) exists from
  // construction on.
  Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults = {});
  Adagrad(std::vector<Tensor> params, AdagradOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
