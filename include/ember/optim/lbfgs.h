#pragma once
// optim::LBFGS, as torch::optim::LBFGS: limited-memory BFGS over all parameters flattened
// into one vector, each step() running up to max_iter iterations of the closure, with a
// fixed step (lr) or a strong-Wolfe line search. One parameter group only, as LibTorch.
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct LBFGSOptions : public OptimizerCloneableOptions<LBFGSOptions> {
  LBFGSOptions(double lr = 1);  // NOLINT: implicit as LibTorch
  EMBER_ARG(double, lr) = 1;
  // Iterations per step().
  EMBER_ARG(int64_t, max_iter) = 20;
  // Closure evaluations per step(); unset means max_iter * 5 / 4.
  EMBER_ARG(std::optional<int64_t>, max_eval) = std::nullopt;
  // Stop when max |gradient| <= tolerance_grad.
  EMBER_ARG(double, tolerance_grad) = 1e-7;
  // Stop when a step or the loss changes by less than tolerance_change.
  EMBER_ARG(double, tolerance_change) = 1e-9;
  // Number of (s, y) pairs kept.
  EMBER_ARG(int64_t, history_size) = 100;
  // "strong_wolfe", or unset for a fixed step of lr.
  EMBER_ARG(std::optional<std::string>, line_search_fn) = std::nullopt;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
};

// The state, kept on the first parameter (as LibTorch). Flat vectors are [n] for n the total
// parameter count; the history is a deque of [n] vectors (oldest first).
struct LBFGSParamState : public OptimizerParamState {
  EMBER_ARG(int64_t, func_evals) = 0;
  EMBER_ARG(int64_t, n_iter) = 0;
  EMBER_ARG(double, t) = 0;
  EMBER_ARG(double, prev_loss) = 0;
  EMBER_ARG(Tensor, d) = {};
  EMBER_ARG(Tensor, H_diag) = {};
  EMBER_ARG(Tensor, prev_flat_grad) = {};
  EMBER_ARG(std::deque<Tensor>, old_dirs) = {};
  EMBER_ARG(std::deque<Tensor>, old_stps) = {};
  EMBER_ARG(std::deque<Tensor>, ro) = {};

 public:
  // PyTorch's names; func_evals, n_iter, t, prev_loss as 0-dim tensors, the history stacked
  // ("old_dirs", "old_stps" [k, n], "ro" [k]). LibTorch's `al` is scratch recomputed before
  // every use, so it is not kept.
  OrderedDict<std::string, Tensor> tensors() const override;
  void set_tensors(const OrderedDict<std::string, Tensor>& tensors) override;
};

class LBFGS : public Optimizer {
 public:
  LBFGS(std::vector<OptimizerParamGroup> param_groups, LBFGSOptions defaults = {});
  LBFGS(std::vector<Tensor> params, LBFGSOptions defaults = {});

  // Needs a closure (it re-evaluates the loss); returns the loss of its first evaluation.
  Tensor step(LossClosure closure) override;

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
  void check_loaded_state(const std::string& name, const Tensor& tensor, const Tensor& param,
                          int64_t index) const override;

 private:
  // All gradients as one [n] vector (zeros for parameters without one).
  Tensor gather_flat_grad() const;
  // Adds step_size * update (an [n] vector) to the parameters.
  void add_grad(double step_size, const Tensor& update);
  std::vector<Tensor> clone_params() const;
  void set_params(const std::vector<Tensor>& values);
  // Loss and flat gradient at params + t d, then the parameters are restored to x.
  std::pair<double, Tensor> directional_evaluate(const LossClosure& closure, const std::vector<Tensor>& x, double t,
                                                 const Tensor& d);
  // The strong-Wolfe line search from PyTorch's lbfgs: returns {loss, flat grad, t, evals}.
  struct LineSearchResult {
    double loss;
    Tensor flat_grad;
    double t;
    int64_t func_evals;
  };
  LineSearchResult strong_wolfe(const LossClosure& closure, const std::vector<Tensor>& x, double t,
                                const Tensor& d, double f, const Tensor& g, double gtd);
  int64_t numel() const;
};

}  // namespace ember::optim
