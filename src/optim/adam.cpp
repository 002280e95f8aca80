#include "ember/optim/adam.h"

#include <cmath>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/binary.h"
#include "param_state_tensors.h"

namespace ember::optim {

AdamOptions::AdamOptions(double lr) : lr_(lr) {}

OrderedDict<std::string, Tensor> AdamParamState::tensors() const {
  return detail::named_state(
      {{"exp_avg", exp_avg()}, {"exp_avg_sq", exp_avg_sq()}, {"max_exp_avg_sq", max_exp_avg_sq()}}, step());
}

void AdamParamState::set_tensors(const OrderedDict<std::string, Tensor>& tensors) {
  detail::set_named_state(
      tensors, {{"exp_avg", &exp_avg()}, {"exp_avg_sq", &exp_avg_sq()}, {"max_exp_avg_sq", &max_exp_avg_sq()}},
      &step());
}

namespace detail {

void check_adam_options(const char* op, double lr, const std::tuple<double, double>& betas, double eps,
                        double weight_decay) {
  const auto [beta1, beta2] = betas;
  EMBER_CHECK(lr >= 0, op, "invalid learning rate ", lr, "; it must be >= 0");
  EMBER_CHECK(eps >= 0, op, "invalid eps ", eps, "; it must be >= 0");
  EMBER_CHECK(beta1 >= 0 && beta1 < 1, op, "invalid beta1 ", beta1, "; it must be in [0, 1)");
  EMBER_CHECK(beta2 >= 0 && beta2 < 1, op, "invalid beta2 ", beta2, "; it must be in [0, 1)");
  EMBER_CHECK(weight_decay >= 0, op, "invalid weight_decay ", weight_decay, "; it must be >= 0");
}

void adam_step(Tensor& param, const Tensor& grad, AdamParamState& state, double lr, const std::tuple<double, double>& betas,
               double eps, bool amsgrad) {
  const auto [beta1, beta2] = betas;
  if (!state.exp_avg().defined()) {
    state.exp_avg(zeros_like(param));
    state.exp_avg_sq(zeros_like(param));
  }
  if (amsgrad && !state.max_exp_avg_sq().defined()) state.max_exp_avg_sq(zeros_like(param));
  state.step(state.step() + 1);
  const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(state.step()));
  const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(state.step()));
  state.exp_avg().mul_(beta1).add_(grad, 1 - beta1);
  // addcmul_(grad, grad, 1 - beta2): ((1 - beta2) * grad) * grad, rounded as LibTorch.
  state.exp_avg_sq().mul_(beta2).add_(grad.mul(1 - beta2).mul(grad));
  Tensor denom;
  if (amsgrad) {
    state.max_exp_avg_sq().copy_(maximum(state.max_exp_avg_sq(), state.exp_avg_sq()));
    denom = state.max_exp_avg_sq().sqrt().div_(std::sqrt(bias_correction2)).add_(eps);
  } else {
    denom = state.exp_avg_sq().sqrt().div_(std::sqrt(bias_correction2)).add_(eps);
  }
  param.add_(state.exp_avg().div(denom), -lr / bias_correction1);
}

}  // namespace detail

Adam::Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamOptions>(defaults)) {
  detail::check_adam_options("Adam", defaults.lr(), defaults.betas(), defaults.eps(), defaults.weight_decay());
}

Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : Adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> Adam::make_param_state() const { return std::make_unique<AdamParamState>(); }

Tensor Adam::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss = evaluate_closure(closure);
  for (auto& group : param_groups_) {
    const auto& options = group_options<AdamOptions>(group, "Adam::step");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      Tensor grad = p.grad();
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
      auto& state = param_state<AdamParamState>(p, [] { return std::make_unique<AdamParamState>(); });
      detail::adam_step(p, grad, state, options.lr(), options.betas(), options.eps(), options.amsgrad());
    }
  }
  return loss;
}

}  // namespace ember::optim
