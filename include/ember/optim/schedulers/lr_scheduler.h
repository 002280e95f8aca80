#pragma once
// optim::LRScheduler, as torch::optim::LRScheduler: each step() sets every parameter group's
// learning rate to get_lrs(), computed with step_count_ = the number of earlier step() calls
// (LibTorch's convention: the first step() computes epoch 0, so it leaves the rates as they
// are; PyTorch does that step inside the scheduler's constructor instead).
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

class LRScheduler {
 public:
  // The optimizer must outlive the scheduler.
  explicit LRScheduler(Optimizer& optimizer);
  virtual ~LRScheduler() = default;

  void step();

 protected:
  // One learning rate per parameter group.
  virtual std::vector<double> get_lrs() = 0;
  std::vector<double> get_current_lrs() const;

  unsigned step_count_ = 0;

 private:
  void set_optimizer_lrs(const std::vector<double>& learning_rates);

  Optimizer& optimizer_;
};

}  // namespace ember::optim
