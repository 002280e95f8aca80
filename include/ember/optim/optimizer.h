#pragma once
// optim::Optimizer, as torch::optim::Optimizer: parameter groups each holding their own
// options (a copy of the defaults unless given), per-parameter state, zero_grad, step, and
// (beyond LibTorch, as PyTorch's) an in-memory state_dict / load_state_dict.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/ordered_dict.h"

namespace ember::optim {

// One parameter's optimizer state (momentum buffers, step counts, ...).
class OptimizerParamState {
 public:
  virtual ~OptimizerParamState() = default;
  // The state by PyTorch's names ("momentum_buffer", "exp_avg", "step" as a 0-dim kLong
  // tensor); tensors not yet created are left out. These alias the live state.
  virtual OrderedDict<std::string, Tensor> tensors() const = 0;
  // Replaces the state with `tensors` (names as tensors() gives them); unknown names throw.
  virtual void set_tensors(const OrderedDict<std::string, Tensor>& tensors) = 0;
};

// The options one parameter group is stepped with (SGDOptions, AdamOptions, ...).
class OptimizerOptions {
 public:
  virtual ~OptimizerOptions() = default;
  virtual std::unique_ptr<OptimizerOptions> clone() const = 0;
  virtual double get_lr() const = 0;
  virtual void set_lr(double lr) = 0;
};

// CRTP helper giving an options type its clone().
template <class Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 public:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// A set of parameters with the options they are stepped with. Without options, the
// optimizer's defaults are copied in when the group is added.
class OptimizerParamGroup {
 public:
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}  // NOLINT: implicit as LibTorch
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}
  OptimizerParamGroup(const OptimizerParamGroup& other);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& other);
  OptimizerParamGroup(OptimizerParamGroup&&) = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) = default;

  bool has_options() const { return options_ != nullptr; }
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 private:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

// A snapshot of an optimizer, as PyTorch's optimizer.state_dict(): parameters are named by
// their index across all groups in order, so the snapshot loads into an optimizer built the
// same way over other tensors. Tensors are copies, not aliases of the live state.
struct OptimizerStateDict {
  struct ParamGroup {
    std::shared_ptr<const OptimizerOptions> options;
    std::vector<int64_t> params;
  };
  std::vector<ParamGroup> param_groups;
  // Parameter index -> its state tensors; parameters with no state yet are absent.
  std::map<int64_t, OrderedDict<std::string, Tensor>> state;
};

class Optimizer {
 public:
  using LossClosure = std::function<Tensor()>;

  Optimizer(std::vector<OptimizerParamGroup> param_groups, std::unique_ptr<OptimizerOptions> defaults);
  Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults);
  // Copying would share parameters but not state; LibTorch deletes it too.
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  virtual ~Optimizer() = default;

  // Every parameter must be a leaf and in no other group.
  void add_param_group(const OptimizerParamGroup& param_group);
  // Appends to the first group.
  void add_parameters(const std::vector<Tensor>& parameters);

  // LibTorch 1.13's Optimizer::zero_grad() zeroes the gradients (they stay defined);
  // set_to_none=true drops them instead, as PyTorch's optimizer.zero_grad(set_to_none=True).
  void zero_grad(bool set_to_none = false);

  // Updates every parameter with a gradient in place, without recording autograd history.
  // A closure (re-evaluating the loss, with grad mode on) is called first; its loss is
  // returned (undefined without one).
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  // The first group's parameters, as LibTorch.
  const std::vector<Tensor>& parameters() const;
  std::vector<Tensor>& parameters();
  // The number of parameters across all groups.
  size_t size() const;
  const OptimizerOptions& defaults() const { return *defaults_; }
  OptimizerOptions& defaults() { return *defaults_; }
  std::vector<OptimizerParamGroup>& param_groups() { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const { return param_groups_; }
  // Per-parameter state keyed by the parameter's TensorImpl (LibTorch keys by its address
  // printed as a string).
  std::unordered_map<const TensorImpl*, std::unique_ptr<OptimizerParamState>>& state() { return state_; }
  const std::unordered_map<const TensorImpl*, std::unique_ptr<OptimizerParamState>>& state() const {
    return state_;
  }

  OptimizerStateDict state_dict() const;
  // Group count and sizes, option types and state shapes must match this optimizer's;
  // nothing is changed when anything is wrong.
  void load_state_dict(const OptimizerStateDict& state_dict);

 protected:
  // An empty state of this optimizer's kind, filled by load_state_dict.
  virtual std::unique_ptr<OptimizerParamState> make_param_state() const = 0;
  // Throws unless `tensor`, state `name` of parameter `index`, fits `param`: by default
  // 0-dim or the parameter's shape (LBFGS keeps flat vectors over all parameters).
  virtual void check_loaded_state(const std::string& name, const Tensor& tensor, const Tensor& param,
                                  int64_t index) const;
  // Runs the closure (if any) with grad mode on, as every step() does first.
  static Tensor evaluate_closure(const LossClosure& closure);
  // `group.options()` as Options, or a clear error when a group was given another kind.
  template <class Options>
  static Options& group_options(OptimizerParamGroup& group, const char* op) {
    auto* options = dynamic_cast<Options*>(&group.options());
    EMBER_CHECK(options != nullptr, op, "a parameter group holds options of another optimizer; ",
                "give each group this optimizer's options type");
    return *options;
  }
  // The state of `param`, created with make() on first use.
  template <class State, class Make>
  State& param_state(const Tensor& param, Make&& make) {
    auto& slot = state_[param.unsafeGetTensorImpl()];
    if (!slot) slot = make();
    return static_cast<State&>(*slot);
  }

  std::vector<OptimizerParamGroup> param_groups_;
  std::unordered_map<const TensorImpl*, std::unique_ptr<OptimizerParamState>> state_;
  std::unique_ptr<OptimizerOptions> defaults_;

 private:
  // Each must be a defined leaf appearing in no group yet (nor twice in `parameters`).
  void check_new_parameters(const std::vector<Tensor>& parameters, const char* op) const;
};

}  // namespace ember::optim
