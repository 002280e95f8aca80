#pragma once
// optim::ExponentialLR, as PyTorch's ExponentialLR: every epoch after the first multiplies the
// rates by gamma.
#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, double gamma);

 private:
  std::vector<double> get_lrs() override;

  double gamma_;
};

}  // namespace ember::optim
