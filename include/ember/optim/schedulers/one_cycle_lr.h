#pragma once
// optim::OneCycleLR, as PyTorch's (the 1cycle policy): the rate rises from max_lr / div_factor
// to max_lr over the first pct_start of total_steps, then anneals to
// max_lr / (div_factor * final_div_factor); three_phase comes back down to the initial rate
// before the final anneal. Momentum (SGD/RMSprop's momentum, Adam/AdamW's beta1) cycles
// inversely between max_momentum and base_momentum when cycle_momentum is set.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ember/nn/arg.h"
#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

struct OneCycleLROptions {
  // Either total_steps, or epochs and steps_per_epoch (total = their product).
  EMBER_ARG(std::optional<int64_t>, total_steps) = std::nullopt;
  EMBER_ARG(std::optional<int64_t>, epochs) = std::nullopt;
  EMBER_ARG(std::optional<int64_t>, steps_per_epoch) = std::nullopt;
  // Fraction of the cycle spent increasing the rate.
  EMBER_ARG(double, pct_start) = 0.3;
  // "cos" or "linear".
  EMBER_ARG(std::string, anneal_strategy) = "cos";
  EMBER_ARG(bool, cycle_momentum) = true;
  EMBER_ARG(double, base_momentum) = 0.85;
  EMBER_ARG(double, max_momentum) = 0.95;
  // initial_lr = max_lr / div_factor; min_lr = initial_lr / final_div_factor.
  EMBER_ARG(double, div_factor) = 25.0;
  EMBER_ARG(double, final_div_factor) = 1e4;
  EMBER_ARG(bool, three_phase) = false;
};

class OneCycleLR : public LRScheduler {
 public:
  // One max_lr for every group, or one per group.
  OneCycleLR(Optimizer& optimizer, double max_lr, OneCycleLROptions options = {});
  OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs, OneCycleLROptions options = {});

 private:
  std::vector<double> get_lrs() override;

  struct Phase {
    double end_step;
    // Which rate / momentum the phase goes from and to: 0 initial, 1 max, 2 min (rates);
    // 0 max_momentum, 1 base_momentum (momenta).
    int lr_from, lr_to, momentum_from, momentum_to;
  };
  double anneal(double start, double end, double pct) const;

  Optimizer& optimizer_;
  OneCycleLROptions options_;
  int64_t total_steps_;
  std::vector<Phase> phases_;
  // Per group: {initial, max, min} rates.
  std::vector<std::vector<double>> lrs_;
};

}  // namespace ember::optim
