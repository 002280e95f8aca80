#include "ember/optim/adagrad.h"

#include "ember/autograd/grad_mode.h"
#include "param_state_tensors.h"

namespace ember::optim {

AdagradOptions::AdagradOptions(double lr) : lr_(lr) {}

OrderedDict<std::string, Tensor> AdagradParamState::tensors() const {
  return detail::named_state({{"sum", sum()}}, step());
}

void AdagradParamState::set_tensors(const OrderedDict<std::string, Tensor>& tensors) {
  detail::set_named_state(tensors, {{"sum", &sum()}}, &step());
}

Adagrad::Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdagradOptions>(defaults)) {
  EMBER_CHECK(defaults.lr() >= 0, "Adagrad", "invalid learning rate ", defaults.lr(), "; it must be >= 0");
  EMBER_CHECK(defaults.lr_decay() >= 0, "Adagrad", "invalid lr_decay ", defaults.lr_decay(), "; it must be >= 0");
  EMBER_CHECK(defaults.weight_decay() >= 0, "Adagrad", "invalid weight_decay ", defaults.weight_decay(),
              "; it must be >= 0");
  EMBER_CHECK(defaults.initial_accumulator_value() >= 0, "Adagrad", "invalid initial_accumulator_value ",
              defaults.initial_accumulator_value(), "; it must be >= 0");
  EMBER_CHECK(defaults.eps() >= 0, "Adagrad", "invalid eps ", defaults.eps(), "; it must be >= 0");
  for (auto& group : param_groups_) {
    const auto& options = group_options<AdagradOptions>(group, "Adagrad");
    for (auto& p : group.params()) {
      auto& state = param_state<AdagradParamState>(p, [] { return std::make_unique<AdagradParamState>(); });
      state.sum(full_like(p, options.initial_accumulator_value()));
    }
  }
}

Adagrad::Adagrad(std::vector<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> Adagrad::make_param_state() const {
  return std::make_unique<AdagradParamState>();
}

Tensor Adagrad::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss = evaluate_closure(closure);
  for (auto& group : param_groups_) {
    const auto& options = group_options<AdagradOptions>(group, "Adagrad::step");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      Tensor grad = p.grad();
      // Groups added after construction get their state here.
      auto& state = param_state<AdagradParamState>(p, [&] {
        auto fresh = std::make_unique<AdagradParamState>();
        fresh->sum(full_like(p, options.initial_accumulator_value()));
        return fresh;
      });
      state.step(state.step() + 1);
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
      const double clr = options.lr() / (1 + static_cast<double>(state.step() - 1) * options.lr_decay());
      state.sum().add_(grad.mul(grad));
      Tensor std = state.sum().sqrt().add_(options.eps());
      p.add_(grad.div(std), -clr);
    }
  }
  return loss;
}

}  // namespace ember::optim
