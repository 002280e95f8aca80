#include "ember/optim/rmsprop.h"

#include "ember/autograd/grad_mode.h"
#include "param_state_tensors.h"

namespace ember::optim {

RMSpropOptions::RMSpropOptions(double lr) : lr_(lr) {}

OrderedDict<std::string, Tensor> RMSpropParamState::tensors() const {
  return detail::named_state(
      {{"square_avg", square_avg()}, {"momentum_buffer", momentum_buffer()}, {"grad_avg", grad_avg()}}, step());
}

void RMSpropParamState::set_tensors(const OrderedDict<std::string, Tensor>& tensors) {
  detail::set_named_state(
      tensors, {{"square_avg", &square_avg()}, {"momentum_buffer", &momentum_buffer()}, {"grad_avg", &grad_avg()}},
      &step());
}

RMSprop::RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<RMSpropOptions>(defaults)) {
  EMBER_CHECK(defaults.lr() >= 0, "RMSprop", "invalid learning rate ", defaults.lr(), "; it must be >= 0");
  EMBER_CHECK(defaults.eps() >= 0, "RMSprop", "invalid eps ", defaults.eps(), "; it must be >= 0");
  EMBER_CHECK(defaults.momentum() >= 0, "RMSprop", "invalid momentum ", defaults.momentum(), "; it must be >= 0");
  EMBER_CHECK(defaults.weight_decay() >= 0, "RMSprop", "invalid weight_decay ", defaults.weight_decay(),
              "; it must be >= 0");
  EMBER_CHECK(defaults.alpha() >= 0, "RMSprop", "invalid alpha ", defaults.alpha(), "; it must be >= 0");
}

RMSprop::RMSprop(std::vector<Tensor> params, RMSpropOptions defaults)
    : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> RMSprop::make_param_state() const {
  return std::make_unique<RMSpropParamState>();
}

Tensor RMSprop::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss = evaluate_closure(closure);
  for (auto& group : param_groups_) {
    const auto& options = group_options<RMSpropOptions>(group, "RMSprop::step");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      Tensor grad = p.grad();
      auto& state = param_state<RMSpropParamState>(p, [] { return std::make_unique<RMSpropParamState>(); });
      if (!state.square_avg().defined()) state.square_avg(zeros_like(p));
      if (options.momentum() > 0 && !state.momentum_buffer().defined()) state.momentum_buffer(zeros_like(p));
      if (options.centered() && !state.grad_avg().defined()) state.grad_avg(zeros_like(p));
      state.step(state.step() + 1);
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
      const double alpha = options.alpha();
      // addcmul_(grad, grad, 1 - alpha): ((1 - alpha) * grad) * grad, rounded as LibTorch.
      state.square_avg().mul_(alpha).add_(grad.mul(1 - alpha).mul(grad));
      Tensor avg;
      if (options.centered()) {
        state.grad_avg().mul_(alpha).add_(grad, 1 - alpha);
        avg = state.square_avg().sub(state.grad_avg().mul(state.grad_avg())).sqrt_().add_(options.eps());
      } else {
        avg = state.square_avg().sqrt().add_(options.eps());
      }
      if (options.momentum() > 0) {
        state.momentum_buffer().mul_(options.momentum()).add_(grad.div(avg));
        p.add_(state.momentum_buffer(), -options.lr());
      } else {
        p.add_(grad.div(avg), -options.lr());
      }
    }
  }
  return loss;
}

}  // namespace ember::optim
