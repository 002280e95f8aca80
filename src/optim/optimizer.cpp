#include "ember/optim/optimizer.h"

#include <typeinfo>
#include <unordered_set>

#include "ember/autograd/grad_mode.h"

namespace ember::optim {

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_), options_(other.has_options() ? other.options_->clone() : nullptr) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.has_options() ? other.options_->clone() : nullptr;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  EMBER_CHECK(has_options(), "OptimizerParamGroup::options", "this group has no options yet; ",
              "add it to an optimizer (which copies its defaults in) or pass options");
  return *options_;
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  EMBER_CHECK(has_options(), "OptimizerParamGroup::options", "this group has no options yet; ",
              "add it to an optimizer (which copies its defaults in) or pass options");
  return *options_;
}

Optimizer::Optimizer(std::vector<OptimizerParamGroup> param_groups, std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  EMBER_CHECK(defaults_ != nullptr, "Optimizer", "default options are null");
  for (const auto& group : param_groups) add_param_group(group);
}

Optimizer::Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults)
    : Optimizer(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(parameters))}, std::move(defaults)) {}

void Optimizer::check_new_parameters(const std::vector<Tensor>& parameters, const char* op) const {
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& group : param_groups_) {
    for (const auto& p : group.params()) seen.insert(p.unsafeGetTensorImpl());
  }
  for (const auto& p : parameters) {
    EMBER_CHECK(p.defined(), op, "a parameter is an undefined tensor");
    EMBER_CHECK(p.is_leaf(), op, "can't optimize a non-leaf tensor of shape ", p.sizes(),
                "; optimize the leaf it was computed from, or detach() it");
    EMBER_CHECK(seen.insert(p.unsafeGetTensorImpl()).second, op, "a parameter of shape ", p.sizes(),
                " appears more than once in the optimizer's parameter groups");
  }
}

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  check_new_parameters(param_group.params(), "add_param_group");
  param_groups_.emplace_back(param_group.params(),
                             param_group.has_options() ? param_group.options().clone() : defaults_->clone());
}

void Optimizer::add_parameters(const std::vector<Tensor>& parameters) {
  EMBER_CHECK(!param_groups_.empty(), "add_parameters", "the optimizer has no parameter group; ",
              "use add_param_group");
  check_new_parameters(parameters, "add_parameters");
  auto& first = param_groups_[0].params();
  first.insert(first.end(), parameters.begin(), parameters.end());
}

void Optimizer::zero_grad(bool set_to_none) {
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (set_to_none) {
        p.mutable_grad().reset();
      } else {
        p.mutable_grad().detach_();
        p.mutable_grad().zero_();
      }
    }
  }
}

const std::vector<Tensor>& Optimizer::parameters() const {
  EMBER_CHECK(!param_groups_.empty(), "parameters", "the optimizer has no parameter group");
  return param_groups_[0].params();
}

std::vector<Tensor>& Optimizer::parameters() {
  EMBER_CHECK(!param_groups_.empty(), "parameters", "the optimizer has no parameter group");
  return param_groups_[0].params();
}

size_t Optimizer::size() const {
  size_t count = 0;
  for (const auto& group : param_groups_) count += group.params().size();
  return count;
}

Tensor Optimizer::evaluate_closure(const LossClosure& closure) {
  if (!closure) return Tensor();
  AutoGradMode enable_grad(true);
  return closure();
}

OptimizerStateDict Optimizer::state_dict() const {
  OptimizerStateDict dict;
  int64_t index = 0;
  for (const auto& group : param_groups_) {
    OptimizerStateDict::ParamGroup entry{group.options().clone(), {}};
    for (const auto& p : group.params()) {
      entry.params.push_back(index);
      auto it = state_.find(p.unsafeGetTensorImpl());
      if (it != state_.end()) {
        OrderedDict<std::string, Tensor> copies("State");
        for (const auto& item : it->second->tensors()) copies.insert(item.key(), item.value().clone());
        dict.state.emplace(index, std::move(copies));
      }
      ++index;
    }
    dict.param_groups.push_back(std::move(entry));
  }
  return dict;
}

void Optimizer::check_loaded_state(const std::string& name, const Tensor& t, const Tensor& param,
                                   int64_t index) const {
  EMBER_CHECK(t.dim() == 0 || t.sizes() == param.sizes(), "load_state_dict", "state '", name, "' of parameter ",
              index, " has shape ", t.sizes(), " but the parameter has shape ", param.sizes());
}

void Optimizer::load_state_dict(const OptimizerStateDict& state_dict) {
  EMBER_CHECK(state_dict.param_groups.size() == param_groups_.size(), "load_state_dict", "the state dict has ",
              state_dict.param_groups.size(), " parameter groups but the optimizer has ", param_groups_.size(),
              "; load into an optimizer built over the same groups");
  // Build everything first so that a bad state dict changes nothing.
  std::vector<std::unique_ptr<OptimizerOptions>> options;
  std::unordered_map<int64_t, const Tensor*> params_by_index;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& saved = state_dict.param_groups[g];
    const auto& group = param_groups_[g];
    EMBER_CHECK(saved.params.size() == group.params().size(), "load_state_dict", "parameter group ", g, " has ",
                group.params().size(), " parameters but the state dict's has ", saved.params.size());
    EMBER_CHECK(saved.options != nullptr && typeid(*saved.options) == typeid(group.options()), "load_state_dict",
                "parameter group ", g, " of the state dict holds options of another optimizer");
    options.push_back(saved.options->clone());
    for (size_t i = 0; i < saved.params.size(); ++i) params_by_index[saved.params[i]] = &group.params()[i];
  }
  std::unordered_map<const TensorImpl*, std::unique_ptr<OptimizerParamState>> state;
  for (const auto& [index, tensors] : state_dict.state) {
    auto it = params_by_index.find(index);
    EMBER_CHECK(it != params_by_index.end(), "load_state_dict", "the state dict has state for parameter ", index,
                " which no parameter group lists");
    const Tensor& param = *it->second;
    OrderedDict<std::string, Tensor> copies("State");
    for (const auto& item : tensors) {
      const Tensor& t = item.value();
      check_loaded_state(item.key(), t, param, index);
      copies.insert(item.key(), t.dim() == 0 ? t.clone() : t.to(param.dtype(), false, true));
    }
    auto param_state = make_param_state();
    param_state->set_tensors(copies);
    state.emplace(param.unsafeGetTensorImpl(), std::move(param_state));
  }
  for (size_t g = 0; g < param_groups_.size(); ++g) param_groups_[g].set_options(std::move(options[g]));
  state_ = std::move(state);
}

}  // namespace ember::optim
