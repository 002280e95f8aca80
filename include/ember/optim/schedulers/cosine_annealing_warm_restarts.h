#pragma once
// optim::CosineAnnealingWarmRestarts, as PyTorch's (SGDR): within a cycle of T_i epochs,
// eta = eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2; at the end of a
// cycle T_cur restarts at 0 and the next cycle is T_mult times longer (T_0 first).
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class CosineAnnealingWarmRestarts : public LRScheduler {
 public:
  CosineAnnealingWarmRestarts(Optimizer& optimizer, unsigned T_0, unsigned T_mult = 1, double eta_min = 0);

 private:
  std::vector<double> get_lrs() override;

  unsigned T_0_, T_mult_;
  double eta_min_;
  // Epochs into the current cycle, and its length.
  unsigned T_cur_ = 0, T_i_;
  std::vector<double> base_lrs_;
};

}  // namespace ember::optim
