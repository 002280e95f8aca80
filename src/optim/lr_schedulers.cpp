// LRScheduler and the schedulers built on it (one formula each; the base sets the rates).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "ember/optim/schedulers/cosine_annealing_lr.h"
#include "ember/optim/schedulers/exponential_lr.h"
#include "ember/optim/schedulers/lambda_lr.h"
#include "ember/optim/schedulers/multi_step_lr.h"
#include "ember/optim/schedulers/step_lr.h"

namespace ember::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer) {}

void LRScheduler::step() {
  set_optimizer_lrs(get_lrs());
  ++step_count_;
}

std::vector<double> LRScheduler::get_current_lrs() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::set_optimizer_lrs(const std::vector<double>& learning_rates) {
  auto& groups = optimizer_.param_groups();
  EMBER_CHECK(learning_rates.size() == groups.size(), "LRScheduler::step", "got ", learning_rates.size(),
              " learning rates for ", groups.size(), " parameter groups; add groups before making the scheduler");
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(learning_rates[i]);
}

StepLR::StepLR(Optimizer& optimizer, unsigned step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  EMBER_CHECK(step_size > 0, "StepLR", "step_size must be positive, got 0");
}

std::vector<double> StepLR::get_lrs() {
  auto lrs = get_current_lrs();
  if (step_count_ == 0 || step_count_ % step_size_ != 0) return lrs;
  for (auto& lr : lrs) lr *= gamma_;
  return lrs;
}

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<unsigned> milestones, double gamma)
    : LRScheduler(optimizer), milestones_(std::move(milestones)), gamma_(gamma) {}

std::vector<double> MultiStepLR::get_lrs() {
  auto lrs = get_current_lrs();
  const auto hits = std::count(milestones_.begin(), milestones_.end(), step_count_);
  for (auto& lr : lrs) lr *= std::pow(gamma_, static_cast<double>(hits));
  return lrs;
}

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma) : LRScheduler(optimizer), gamma_(gamma) {}

std::vector<double> ExponentialLR::get_lrs() {
  auto lrs = get_current_lrs();
  if (step_count_ == 0) return lrs;
  for (auto& lr : lrs) lr *= gamma_;
  return lrs;
}

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, unsigned T_max, double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min), base_lrs_(get_current_lrs()) {
  EMBER_CHECK(T_max > 0, "CosineAnnealingLR", "T_max must be positive, got 0");
}

std::vector<double> CosineAnnealingLR::get_lrs() {
  auto lrs = get_current_lrs();
  EMBER_CHECK(lrs.size() == base_lrs_.size(), "CosineAnnealingLR::step", "the optimizer has ", lrs.size(),
              " parameter groups but had ", base_lrs_.size(), " when the scheduler was made");
  if (step_count_ == 0) return lrs;
  const double pi = std::numbers::pi;
  const double t = step_count_, period = T_max_;
  for (size_t i = 0; i < lrs.size(); ++i) {
    if ((step_count_ - 1 + T_max_) % (2 * T_max_) == 0) {
      // The trough: the ratio below would divide by zero, so step up from eta_min directly.
      lrs[i] += (base_lrs_[i] - eta_min_) * (1 - std::cos(pi / period)) / 2;
    } else {
      lrs[i] = (1 + std::cos(pi * t / period)) / (1 + std::cos(pi * (t - 1) / period)) * (lrs[i] - eta_min_) +
               eta_min_;
    }
  }
  return lrs;
}

LambdaLR::LambdaLR(Optimizer& optimizer, std::function<double(unsigned)> lr_lambda)
    : LRScheduler(optimizer), lr_lambda_(std::move(lr_lambda)), base_lrs_(get_current_lrs()) {
  EMBER_CHECK(static_cast<bool>(lr_lambda_), "LambdaLR", "lr_lambda is empty");
}

std::vector<double> LambdaLR::get_lrs() {
  // A group count changed since construction is caught by the base when setting the rates.
  std::vector<double> lrs;
  const double factor = lr_lambda_(step_count_);
  for (double base : base_lrs_) lrs.push_back(base * factor);
  return lrs;
}

}  // namespace ember::optim
