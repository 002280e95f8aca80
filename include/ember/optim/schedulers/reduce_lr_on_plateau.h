#pragma once
// optim::ReduceLROnPlateauScheduler, as LibTorch 2.x's (PyTorch's ReduceLROnPlateau; LibTorch
// 1.13 has none): step(metric) once per epoch; after more than `patience` epochs without an
// improvement of the metric (by `threshold`, relative or absolute), every group's rate is
// multiplied by `factor` (not below its min_lr, and only if it changes by more than eps),
// then `cooldown` epochs pass before bad epochs count again.
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

class ReduceLROnPlateauScheduler {
 public:
  // min: the metric should decrease (a loss); max: increase (an accuracy).
  enum SchedulerMode { min, max };
  // rel: improvement means beyond best * (1 -/+ threshold); abs: beyond best -/+ threshold.
  enum ThresholdMode { rel, abs };

  // The optimizer must outlive the scheduler. min_lr: empty (0), one value for all groups,
  // or one per group.
  ReduceLROnPlateauScheduler(Optimizer& optimizer, SchedulerMode mode = min, double factor = 0.1,
                             int patience = 10, double threshold = 1e-4, ThresholdMode threshold_mode = rel,
                             int cooldown = 0, const std::vector<double>& min_lr = {}, double eps = 1e-8);

  void step(double metric);

 private:
  bool is_better(double a) const;
  void reduce_lr();

  Optimizer& optimizer_;
  SchedulerMode mode_;
  double factor_;
  int patience_;
  double threshold_;
  ThresholdMode threshold_mode_;
  int cooldown_;
  std::vector<double> min_lrs_;
  double eps_;
  double best_;
  int num_bad_epochs_ = 0;
  int cooldown_counter_ = 0;
};

// PyTorch's name.
using ReduceLROnPlateau = ReduceLROnPlateauScheduler;

}  // namespace ember::optim
