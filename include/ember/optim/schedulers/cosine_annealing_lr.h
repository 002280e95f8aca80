#pragma once
// optim::CosineAnnealingLR, as PyTorch's CosineAnnealingLR (its recursive form, so rates set
// from outside are followed): eta_t = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2,
// rising back after T_max epochs.
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, unsigned T_max, double eta_min = 0);

 private:
  std::vector<double> get_lrs() override;

  unsigned T_max_;
  double eta_min_;
  // Each group's rate when the scheduler was made (PyTorch's initial_lr).
  std::vector<double> base_lrs_;
};

}  // namespace ember::optim
