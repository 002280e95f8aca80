#include "ember/optim/sgd.h"

#include "ember/autograd/grad_mode.h"
#include "param_state_tensors.h"

namespace ember::optim {

SGDOptions::SGDOptions(double lr) : lr_(lr) {}

OrderedDict<std::string, Tensor> SGDParamState::tensors() const {
  return detail::named_state({{"momentum_buffer", momentum_buffer()}});
}

void SGDParamState::set_tensors(const OrderedDict<std::string, Tensor>& tensors) {
  detail::set_named_state(tensors, {{"momentum_buffer", &momentum_buffer()}});
}

SGD::SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<SGDOptions>(defaults)) {
  EMBER_CHECK(defaults.lr() >= 0, "SGD", "invalid learning rate ", defaults.lr(), "; it must be >= 0");
  EMBER_CHECK(defaults.momentum() >= 0, "SGD", "invalid momentum ", defaults.momentum(), "; it must be >= 0");
  EMBER_CHECK(defaults.weight_decay() >= 0, "SGD", "invalid weight_decay ", defaults.weight_decay(),
              "; it must be >= 0");
  EMBER_CHECK(!defaults.nesterov() || (defaults.momentum() > 0 && defaults.dampening() == 0), "SGD",
              "nesterov momentum requires momentum > 0 and zero dampening (got momentum ", defaults.momentum(),
              ", dampening ", defaults.dampening(), ")");
}

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> SGD::make_param_state() const { return std::make_unique<SGDParamState>(); }

Tensor SGD::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss = evaluate_closure(closure);
  for (auto& group : param_groups_) {
    const auto& options = group_options<SGDOptions>(group, "SGD::step");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      Tensor d_p = p.grad();
      if (options.weight_decay() != 0) d_p = d_p.add(p, options.weight_decay());
      if (options.momentum() != 0) {
        auto& state = param_state<SGDParamState>(p, [] { return std::make_unique<SGDParamState>(); });
        Tensor buf;
        if (!state.momentum_buffer().defined()) {
          // The first step's buffer is the gradient itself, undampened, as LibTorch.
          buf = d_p.clone();
          state.momentum_buffer(buf);
        } else {
          buf = state.momentum_buffer();
          buf.mul_(options.momentum()).add_(d_p, 1 - options.dampening());
        }
        d_p = options.nesterov() ? d_p.add(buf, options.momentum()) : buf;
      }
      p.add_(d_p, -options.lr());
    }
  }
  return loss;
}

}  // namespace ember::optim
