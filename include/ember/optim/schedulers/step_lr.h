#pragma once
// optim::StepLR, as torch::optim::StepLR: every step_size epochs the rates are multiplied by gamma.
#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, unsigned step_size, double gamma = 0.1);

 private:
  std::vector<double> get_lrs() override;

  unsigned step_size_;
  double gamma_;
};

}  // namespace ember::optim
