#include "ember/optim/adamw.h"

#include "ember/autograd/grad_mode.h"

namespace ember::optim {

AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamWOptions>(defaults)) {
  detail::check_adam_options("AdamW", defaults.lr(), defaults.betas(), defaults.eps(), defaults.weight_decay());
}

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> AdamW::make_param_state() const { return std::make_unique<AdamWParamState>(); }

Tensor AdamW::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss = evaluate_closure(closure);
  for (auto& group : param_groups_) {
    const auto& options = group_options<AdamWOptions>(group, "AdamW::step");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      // Decoupled decay, before the moments see the gradient.
      if (options.weight_decay() != 0) p.mul_(1 - options.lr() * options.weight_decay());
      auto& state = param_state<AdamWParamState>(p, [] { return std::make_unique<AdamWParamState>(); });
      detail::adam_step(p, p.grad(), state, options.lr(), options.betas(), options.eps(), options.amsgrad());
    }
  }
  return loss;
}

}  // namespace ember::optim
