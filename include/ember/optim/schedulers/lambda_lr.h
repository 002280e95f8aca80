#pragma once
// optim::LambdaLR, as PyTorch's LambdaLR: rate = base_lr * lr_lambda(epoch), base_lr being
// each group's rate when the scheduler was made.
#include <functional>
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class LambdaLR : public LRScheduler {
 public:
  LambdaLR(Optimizer& optimizer, std::function<double(unsigned)> lr_lambda);

 private:
  std::vector<double> get_lrs() override;

  std::function<double(unsigned)> lr_lambda_;
  std::vector<double> base_lrs_;
};

}  // namespace ember::optim
