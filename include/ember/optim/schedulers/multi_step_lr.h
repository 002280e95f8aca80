#pragma once
// optim::MultiStepLR, as PyTorch's MultiStepLR: at each milestone epoch the rates are
// multiplied by gamma (by gamma^k for a milestone listed k times).
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, std::vector<unsigned> milestones, double gamma = 0.1);

 private:
  std::vector<double> get_lrs() override;

  std::vector<unsigned> milestones_;
  double gamma_;
};

}  // namespace ember::optim
