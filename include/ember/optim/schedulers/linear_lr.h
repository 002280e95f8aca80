#pragma once
// optim::LinearLR, as PyTorch's: the rate is base_lr times a factor going linearly from
// start_factor (epoch 0) to end_factor (epoch total_iters), then constant. PyTorch's recursive
// form, so rates set from outside are followed.
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class LinearLR : public LRScheduler {
 public:
  LinearLR(Optimizer& optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, unsigned total_iters = 5);

 private:
  std::vector<double> get_lrs() override;

  double start_factor_, end_factor_;
  unsigned total_iters_;
};

}  // namespace ember::optim
