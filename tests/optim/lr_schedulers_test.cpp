// CosineAnnealingWarmRestarts, LinearLR, OneCycleLR and ReduceLROnPlateauScheduler against
// rate sequences worked out from PyTorch's documented formulas. As the other schedulers here
// (LibTorch's convention), the first step() computes epoch 0.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <cmath>
#include <numbers>

namespace ember::optim {
namespace {

const double pi = std::numbers::pi;

Tensor leaf() { return tensor({1.0, 2.0}, kDouble).set_requires_grad(true); }

template <class Scheduler, class... Args>
std::vector<double> lr_sequence(double lr, int steps, Args&&... args) {
  SGD sgd({leaf()}, SGDOptions(lr));
  Scheduler scheduler(sgd, std::forward<Args>(args)...);
  std::vector<double> lrs;
  for (int i = 0; i < steps; ++i) {
    scheduler.step();
    lrs.push_back(sgd.param_groups()[0].options().get_lr());
  }
  return lrs;
}

void expect_sequence(const std::vector<double>& got, const std::vector<double>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-12) << "after step " << i + 1;
}

void expect_error(const std::function<void()>& f, const std::string& op) {
  try {
    f();
    ADD_FAILURE() << "no error from " << op;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
  }
}

double half_cos(double x) { return (1 + std::cos(pi * x)) / 2; }

TEST(CosineAnnealingWarmRestarts, CyclesGrowByTMult) {
  // T_0 2, T_mult 2: cycles of 2, 4, 8 epochs (T_cur 0 1 | 0 1 2 3 | 0 1).
  expect_sequence(lr_sequence<CosineAnnealingWarmRestarts>(1.0, 8, 2u, 2u, 0.0),
                  {1, 0.5, 1, half_cos(0.25), 0.5, half_cos(0.75), 1, half_cos(0.125)});
  // T_mult 1: every cycle 3 epochs; eta_min 0.1.
  auto lr = [](double t) { return 0.1 + 0.9 * half_cos(t / 3); };
  expect_sequence(lr_sequence<CosineAnnealingWarmRestarts>(1.0, 7, 3u, 1u, 0.1),
                  {1, lr(1), lr(2), 1, lr(1), lr(2), 1});
  SGD sgd({leaf()}, SGDOptions(0.1));
  expect_error([&] { CosineAnnealingWarmRestarts(sgd, 0); }, "CosineAnnealingWarmRestarts");
  expect_error([&] { CosineAnnealingWarmRestarts(sgd, 2, 0); }, "CosineAnnealingWarmRestarts");
}

TEST(LinearLR, FactorsGoLinearlyThenStay) {
  expect_sequence(lr_sequence<LinearLR>(0.1, 6, 0.5, 1.0, 4u), {0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1});
  // Defaults: 1/3 to 1 over 5 epochs.
  expect_sequence(lr_sequence<LinearLR>(1.0, 7),
                  {1.0 / 3, 7.0 / 15, 9.0 / 15, 11.0 / 15, 13.0 / 15, 1, 1});
  // Decreasing to 0.
  expect_sequence(lr_sequence<LinearLR>(1.0, 4, 1.0, 0.0, 2u), {1, 0.5, 0, 0});
  SGD sgd({leaf()}, SGDOptions(0.1));
  expect_error([&] { LinearLR(sgd, 0.0); }, "LinearLR");
  expect_error([&] { LinearLR(sgd, 0.5, 1.5); }, "LinearLR");
}

// 1cycle on 10 steps with max_lr 1, div_factor 25, final_div_factor 1e4: initial rate 0.04,
// final 4e-6; with pct_start 0.3 the rise ends at step 2 (pct_start * 10 - 1).
TEST(OneCycleLR, CosTwoPhasesWithMomentum) {
  SGD sgd({leaf()}, SGDOptions(0.1).momentum(0.9));
  OneCycleLR scheduler(sgd, 1.0, OneCycleLROptions().total_steps(10));
  const double initial = 0.04, final_lr = 4e-6;
  auto cos_anneal = [](double start, double end, double pct) { return end + (start - end) / 2 * (std::cos(pi * pct) + 1); };
  for (int step = 0; step <= 10; ++step) {
    scheduler.step();
    double lr, momentum;
    if (step <= 2) {
      lr = cos_anneal(initial, 1.0, step / 2.0);
      momentum = cos_anneal(0.95, 0.85, step / 2.0);
    } else {
      lr = cos_anneal(1.0, final_lr, (step - 2) / 7.0);
      momentum = cos_anneal(0.85, 0.95, (step - 2) / 7.0);
    }
    const auto& options = static_cast<const SGDOptions&>(sgd.param_groups()[0].options());
    EXPECT_NEAR(options.lr(), lr, 1e-12) << "step " << step;
    EXPECT_NEAR(options.momentum(), momentum, 1e-12) << "step " << step;
  }
  EXPECT_NEAR(sgd.param_groups()[0].options().get_lr(), cos_anneal(1.0, final_lr, 8 / 7.0), 1e-12);
  // Step 11 is past total_steps (PyTorch allows total_steps + 1 calls, counting its constructor's).
  expect_error([&] { scheduler.step(); }, "OneCycleLR");
}

TEST(OneCycleLR, LinearThreePhasesCyclesAdamBeta1) {
  Adam adam({leaf()}, AdamOptions(0.1).betas({0.9, 0.99}));
  // epochs * steps_per_epoch = 10 steps; phases end at steps 2, 4, 9.
  OneCycleLR scheduler(adam, 1.0, OneCycleLROptions().epochs(2).steps_per_epoch(5).anneal_strategy("linear").three_phase(true));
  const std::vector<double> lrs = {0.04, 0.52, 1, 0.52, 0.04, 0.04 - 0.2 * (0.04 - 4e-6), 0.04 - 0.4 * (0.04 - 4e-6),
                                   0.04 - 0.6 * (0.04 - 4e-6), 0.04 - 0.8 * (0.04 - 4e-6), 4e-6};
  const std::vector<double> beta1 = {0.95, 0.9, 0.85, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
  for (size_t step = 0; step < lrs.size(); ++step) {
    scheduler.step();
    const auto& options = static_cast<const AdamOptions&>(adam.param_groups()[0].options());
    EXPECT_NEAR(options.lr(), lrs[step], 1e-12) << "step " << step;
    EXPECT_NEAR(std::get<0>(options.betas()), beta1[step], 1e-12) << "step " << step;
    EXPECT_EQ(std::get<1>(options.betas()), 0.99);
  }
}

TEST(OneCycleLR, BadOptionsThrow) {
  Adagrad adagrad({leaf()}, AdagradOptions(0.1));
  expect_error([&] { OneCycleLR(adagrad, 1.0, OneCycleLROptions().total_steps(10)); }, "OneCycleLR");
  OneCycleLR no_momentum(adagrad, 1.0, OneCycleLROptions().total_steps(10).cycle_momentum(false));
  no_momentum.step();
  EXPECT_NEAR(adagrad.param_groups()[0].options().get_lr(), 0.04, 1e-15);
  SGD sgd({leaf()}, SGDOptions(0.1));
  expect_error([&] { OneCycleLR(sgd, 1.0); }, "OneCycleLR");
  expect_error([&] { OneCycleLR(sgd, 1.0, OneCycleLROptions().total_steps(0)); }, "OneCycleLR");
  expect_error([&] { OneCycleLR(sgd, 1.0, OneCycleLROptions().total_steps(10).pct_start(1.5)); }, "OneCycleLR");
  expect_error([&] { OneCycleLR(sgd, 1.0, OneCycleLROptions().total_steps(10).anneal_strategy("exp")); }, "OneCycleLR");
  expect_error([&] { OneCycleLR(sgd, std::vector<double>{1.0, 2.0}, OneCycleLROptions().total_steps(10)); }, "OneCycleLR");
}

std::vector<double> plateau_sequence(ReduceLROnPlateauScheduler::SchedulerMode mode, double factor, int patience,
                                     double threshold, ReduceLROnPlateauScheduler::ThresholdMode threshold_mode,
                                     int cooldown, std::vector<double> min_lr, const std::vector<double>& metrics,
                                     double lr = 1.0) {
  SGD sgd({leaf()}, SGDOptions(lr));
  ReduceLROnPlateauScheduler scheduler(sgd, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr);
  std::vector<double> lrs;
  for (double m : metrics) {
    scheduler.step(m);
    lrs.push_back(sgd.param_groups()[0].options().get_lr());
  }
  return lrs;
}

using Plateau = ReduceLROnPlateauScheduler;

TEST(ReduceLROnPlateau, PatienceThenReduce) {
  // The 4th epoch is the 3rd without improvement (> patience 2): halve.
  expect_sequence(plateau_sequence(Plateau::min, 0.5, 2, 1e-4, Plateau::rel, 0, {}, {1, 1, 1, 1, 0.5, 0.6, 0.6, 0.6, 0.6}),
                  {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25});
  // A relative improvement smaller than the threshold is not one.
  expect_sequence(plateau_sequence(Plateau::min, 0.5, 0, 0.1, Plateau::rel, 0, {}, {1, 0.95, 0.85}), {1, 0.5, 0.5});
}

TEST(ReduceLROnPlateau, CooldownAndMinLr) {
  expect_sequence(plateau_sequence(Plateau::min, 0.5, 0, 1e-4, Plateau::rel, 2, {0.3}, {1, 1, 1, 1, 1, 1, 1, 1}),
                  {1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3});
}

TEST(ReduceLROnPlateau, MaxModeAbsoluteThreshold) {
  expect_sequence(plateau_sequence(Plateau::max, 0.1, 0, 0.1, Plateau::abs, 0, {}, {1, 1.05, 1.2, 1.25}),
                  {1, 0.1, 0.1, 0.01});
}

TEST(ReduceLROnPlateau, ChangesBelowEpsAreSkipped) {
  expect_sequence(plateau_sequence(Plateau::min, 0.5, 0, 1e-4, Plateau::rel, 0, {}, {1, 1, 1}, 1e-8), {1e-8, 1e-8, 1e-8});
}

TEST(ReduceLROnPlateau, PerGroupMinLrAndErrors) {
  SGD sgd({leaf()}, SGDOptions(1.0));
  sgd.add_param_group(OptimizerParamGroup({leaf()}, std::make_unique<SGDOptions>(0.1)));
  ReduceLROnPlateau scheduler(sgd, Plateau::min, 0.1, 0, 1e-4, Plateau::rel, 0, {0.5, 0.0});
  scheduler.step(1);
  scheduler.step(1);
  EXPECT_DOUBLE_EQ(sgd.param_groups()[0].options().get_lr(), 0.5);
  EXPECT_NEAR(sgd.param_groups()[1].options().get_lr(), 0.01, 1e-15);
  expect_error([&] { Plateau(sgd, Plateau::min, 1.0); }, "ReduceLROnPlateauScheduler");
  expect_error([&] { Plateau(sgd, Plateau::min, 0.1, 10, 1e-4, Plateau::rel, 0, {0.1, 0.2, 0.3}); },
               "ReduceLROnPlateauScheduler");
}

}  // namespace
}  // namespace ember::optim
