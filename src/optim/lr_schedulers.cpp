// LRScheduler and the schedulers built on it (one formula each; the base sets the rates).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "ember/optim/adam.h"
#include "ember/optim/adamw.h"
#include "ember/optim/rmsprop.h"
#include "ember/optim/schedulers/cosine_annealing_lr.h"
#include "ember/optim/schedulers/cosine_annealing_warm_restarts.h"
#include "ember/optim/schedulers/linear_lr.h"
#include "ember/optim/schedulers/one_cycle_lr.h"
#include "ember/optim/schedulers/reduce_lr_on_plateau.h"
#include "ember/optim/sgd.h"
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

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(Optimizer& optimizer, unsigned T_0, unsigned T_mult,
                                                         double eta_min)
    : LRScheduler(optimizer), T_0_(T_0), T_mult_(T_mult), eta_min_(eta_min), T_i_(T_0), base_lrs_(get_current_lrs()) {
  EMBER_CHECK(T_0 > 0, "CosineAnnealingWarmRestarts", "T_0 must be a positive integer, got 0");
  EMBER_CHECK(T_mult >= 1, "CosineAnnealingWarmRestarts", "T_mult must be an integer >= 1, got 0");
}

std::vector<double> CosineAnnealingWarmRestarts::get_lrs() {
  if (step_count_ > 0 && ++T_cur_ >= T_i_) {
    // A restart: the next cycle is T_mult times longer.
    T_cur_ -= T_i_;
    T_i_ *= T_mult_;
  }
  std::vector<double> lrs;
  const double pi = std::numbers::pi;
  for (double base : base_lrs_) {
    lrs.push_back(eta_min_ + (base - eta_min_) * (1 + std::cos(pi * T_cur_ / T_i_)) / 2);
  }
  return lrs;
}

LinearLR::LinearLR(Optimizer& optimizer, double start_factor, double end_factor, unsigned total_iters)
    : LRScheduler(optimizer), start_factor_(start_factor), end_factor_(end_factor), total_iters_(total_iters) {
  EMBER_CHECK(start_factor > 0 && start_factor <= 1, "LinearLR",
              "starting multiplicative factor expected to be greater than 0 and less or equal to 1, got ",
              start_factor);
  EMBER_CHECK(end_factor >= 0 && end_factor <= 1, "LinearLR",
              "ending multiplicative factor expected to be between 0 and 1, got ", end_factor);
}

std::vector<double> LinearLR::get_lrs() {
  auto lrs = get_current_lrs();
  if (step_count_ == 0) {
    for (auto& lr : lrs) lr *= start_factor_;
  } else if (step_count_ <= total_iters_) {
    // The ratio of this epoch's factor to the last one's.
    const double delta = end_factor_ - start_factor_;
    for (auto& lr : lrs) lr *= 1 + delta / (total_iters_ * start_factor_ + (step_count_ - 1) * delta);
  }
  return lrs;
}

namespace {

// Sets the momentum the 1cycle policy cycles: SGD/RMSprop's momentum, Adam/AdamW's beta1.
// False when the options have none.
bool set_momentum(OptimizerOptions& options, double momentum) {
  if (auto* o = dynamic_cast<SGDOptions*>(&options)) {
    o->momentum(momentum);
  } else if (auto* o = dynamic_cast<RMSpropOptions*>(&options)) {
    o->momentum(momentum);
  } else if (auto* o = dynamic_cast<AdamOptions*>(&options)) {
    o->betas(std::make_tuple(momentum, std::get<1>(o->betas())));
  } else if (auto* o = dynamic_cast<AdamWOptions*>(&options)) {
    o->betas(std::make_tuple(momentum, std::get<1>(o->betas())));
  } else {
    return false;
  }
  return true;
}

}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, double max_lr, OneCycleLROptions options)
    : OneCycleLR(optimizer, std::vector<double>(optimizer.param_groups().size(), max_lr), std::move(options)) {}

OneCycleLR::OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs, OneCycleLROptions options)
    : LRScheduler(optimizer), optimizer_(optimizer), options_(std::move(options)) {
  const char* op = "OneCycleLR";
  const auto& o = options_;
  if (o.total_steps()) {
    EMBER_CHECK(*o.total_steps() > 0, op, "expected a positive integer total_steps, got ", *o.total_steps());
    total_steps_ = *o.total_steps();
  } else {
    EMBER_CHECK(o.epochs() && o.steps_per_epoch(), op,
                "you must define either total_steps or both epochs and steps_per_epoch");
    EMBER_CHECK(*o.epochs() > 0, op, "expected a positive integer epochs, got ", *o.epochs());
    EMBER_CHECK(*o.steps_per_epoch() > 0, op, "expected a positive integer steps_per_epoch, got ",
                *o.steps_per_epoch());
    total_steps_ = *o.epochs() * *o.steps_per_epoch();
  }
  EMBER_CHECK(o.pct_start() >= 0 && o.pct_start() <= 1, op, "expected a float between 0 and 1 for pct_start, got ",
              o.pct_start());
  EMBER_CHECK(o.anneal_strategy() == "cos" || o.anneal_strategy() == "linear", op,
              "anneal_strategy must be one of 'cos' or 'linear', got '", o.anneal_strategy(), "'");
  auto& groups = optimizer.param_groups();
  EMBER_CHECK(max_lrs.size() == groups.size(), op, "expected ", groups.size(), " values for max_lr, got ",
              max_lrs.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    double initial = max_lrs[i] / o.div_factor();
    lrs_.push_back({initial, max_lrs[i], initial / o.final_div_factor()});
  }
  const double pct_steps = o.pct_start() * static_cast<double>(total_steps_);
  const double last = static_cast<double>(total_steps_ - 1);
  if (o.three_phase()) {
    phases_ = {{pct_steps - 1, 0, 1, 0, 1}, {2 * pct_steps - 2, 1, 0, 1, 0}, {last, 0, 2, 0, 0}};
  } else {
    phases_ = {{pct_steps - 1, 0, 1, 0, 1}, {last, 1, 2, 1, 0}};
  }
  if (o.cycle_momentum()) {
    for (auto& group : groups) {
      EMBER_CHECK(set_momentum(group.options(), o.max_momentum()), op,
                  "optimizer must support momentum (SGD, RMSprop) or betas (Adam, AdamW) with the cycle_momentum "
                  "option enabled; set cycle_momentum(false)");
    }
  }
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (options_.anneal_strategy() == "linear") return (end - start) * pct + start;
  return end + (start - end) / 2 * (std::cos(std::numbers::pi * pct) + 1);
}

std::vector<double> OneCycleLR::get_lrs() {
  const double step = step_count_;
  EMBER_CHECK(step_count_ <= total_steps_, "OneCycleLR::step", "tried to step ", step_count_ + 1,
              " times; the specified number of total steps is ", total_steps_,
              " (the first step() sets step 0, so at most total_steps + 1 calls)");
  std::vector<double> lrs;
  auto& groups = optimizer_.param_groups();
  const double momenta[2] = {options_.max_momentum(), options_.base_momentum()};
  for (size_t g = 0; g < lrs_.size(); ++g) {
    double start_step = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (step <= phase.end_step || i + 1 == phases_.size()) {
        double pct = (step - start_step) / (phase.end_step - start_step);
        lrs.push_back(anneal(lrs_[g][phase.lr_from], lrs_[g][phase.lr_to], pct));
        if (options_.cycle_momentum() && g < groups.size()) {
          set_momentum(groups[g].options(), anneal(momenta[phase.momentum_from], momenta[phase.momentum_to], pct));
        }
        break;
      }
      start_step = phase.end_step;
    }
  }
  return lrs;
}

ReduceLROnPlateauScheduler::ReduceLROnPlateauScheduler(Optimizer& optimizer, SchedulerMode mode, double factor,
                                                       int patience, double threshold, ThresholdMode threshold_mode,
                                                       int cooldown, const std::vector<double>& min_lr, double eps)
    : optimizer_(optimizer),
      mode_(mode),
      factor_(factor),
      patience_(patience),
      threshold_(threshold),
      threshold_mode_(threshold_mode),
      cooldown_(cooldown),
      eps_(eps),
      best_(mode == min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity()) {
  const char* op = "ReduceLROnPlateauScheduler";
  EMBER_CHECK(factor < 1.0, op, "factor should be < 1.0, got ", factor);
  EMBER_CHECK(patience >= 0 && cooldown >= 0, op, "patience and cooldown must be >= 0, got ", patience, " and ",
              cooldown);
  size_t groups = optimizer.param_groups().size();
  EMBER_CHECK(min_lr.size() <= 1 || min_lr.size() == groups, op, "expected ", groups, " values for min_lr, got ",
              min_lr.size());
  min_lrs_ = min_lr.size() == groups ? min_lr : std::vector<double>(groups, min_lr.empty() ? 0.0 : min_lr[0]);
}

bool ReduceLROnPlateauScheduler::is_better(double a) const {
  if (mode_ == min) return threshold_mode_ == rel ? a < best_ * (1 - threshold_) : a < best_ - threshold_;
  return threshold_mode_ == rel ? a > best_ * (threshold_ + 1) : a > best_ + threshold_;
}

void ReduceLROnPlateauScheduler::reduce_lr() {
  auto& groups = optimizer_.param_groups();
  EMBER_CHECK(groups.size() == min_lrs_.size(), "ReduceLROnPlateauScheduler::step", "the optimizer has ",
              groups.size(), " parameter groups but had ", min_lrs_.size(), " when the scheduler was made");
  for (size_t i = 0; i < groups.size(); ++i) {
    double old_lr = groups[i].options().get_lr();
    double new_lr = std::max(old_lr * factor_, min_lrs_[i]);
    // Changes below eps are ignored.
    if (old_lr - new_lr > eps_) groups[i].options().set_lr(new_lr);
  }
}

void ReduceLROnPlateauScheduler::step(double metric) {
  if (is_better(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
}

}  // namespace ember::optim
