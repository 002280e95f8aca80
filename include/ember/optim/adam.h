#pragma once
// optim::Adam, as torch::optim::Adam: bias-corrected first and second moment estimates,
// optional AMSGrad (the running maximum of the second moment), L2 weight decay added to the
// gradient.
#include <memory>
#include <tuple>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdamOptions : public OptimizerCloneableOptions<AdamOptions> {
  AdamOptions(double lr = 1e-3);  // NOLINT: implicit as LibTorch
  EMBER_ARG(double, lr);
  using betas_t = std::tuple<double, double>;
  EMBER_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, amsgrad) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
};

// Shared by Adam and AdamW (which keep the same moments).
struct AdamParamState : public OptimizerParamState {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(Tensor, exp_avg);
  EMBER_ARG(Tensor, exp_avg_sq);
  EMBER_ARG(Tensor, max_exp_avg_sq);

 public:
  OrderedDict<std::string, Tensor> tensors() const override;
  void set_tensors(const OrderedDict<std::string, Tensor>& tensors) override;
};

class Adam : public Optimizer {
 public:
  Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults = {});
  Adam(std::vector<Tensor> params, AdamOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

namespace detail {
// The moment update and parameter step both Adam and AdamW take once weight decay is
// applied: p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
void adam_step(Tensor& param, const Tensor& grad, AdamParamState& state, double lr, const std::tuple<double, double>& betas,
               double eps, bool amsgrad);
// The checks both constructors make on their defaults.
void check_adam_options(const char* op, double lr, const std::tuple<double, double>& betas, double eps,
                        double weight_decay);
}  // namespace detail

}  // namespace ember::optim
