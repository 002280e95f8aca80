// Optimizers, LR schedulers and nn::utils gradient helpers, against worked-out values.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <cmath>
#include <numbers>

#include "../core/test_util.h"

namespace ember::optim {
namespace {

// A fresh leaf [1, 2] (double, so the expectations below are exact to rounding).
Tensor leaf() { return tensor({1.0, 2.0}, kDouble).set_requires_grad(true); }
Tensor grad_of(std::initializer_list<double> values) { return tensor(std::vector<double>(values), kDouble); }

TEST(SGD, PlainStep) {
  Tensor p = leaf();
  SGD sgd({p}, SGDOptions(0.1));
  p.set_grad(grad_of({0.5, -1.0}));
  sgd.step();
  expect_values(p, {0.95, 2.1}, 1e-15);
  EXPECT_TRUE(p.requires_grad());
  EXPECT_TRUE(p.is_leaf());
}

TEST(SGD, WeightDecayJoinsTheGradient) {
  Tensor p = leaf();
  SGD sgd({p}, SGDOptions(0.1).weight_decay(0.1));
  p.set_grad(grad_of({0.5, -1.0}));
  sgd.step();  // d = g + 0.1 p = [0.6, -0.8]
  expect_values(p, {0.94, 2.08}, 1e-15);
}

// Constant gradient g = [0.5, -1]: the momentum buffer is g first (undampened), then
// momentum * buf + (1 - dampening) * g.
TEST(SGD, MomentumDampeningAndNesterov) {
  struct Case {
    SGDOptions options;
    double total;  // the multiple of lr * g subtracted over two steps
  };
  const Case cases[] = {
      {SGDOptions(0.1).momentum(0.9), 1 + 1.9},                    // buf g, 1.9 g
      {SGDOptions(0.1).momentum(0.9).dampening(0.5), 1 + 1.4},     // buf g, 1.4 g
      {SGDOptions(0.1).momentum(0.9).nesterov(true), 1.9 + 2.71},  // g + 0.9 buf: 1.9 g, 2.71 g
  };
  for (const auto& c : cases) {
    Tensor p = leaf();
    SGD sgd({p}, c.options);
    for (int i = 0; i < 2; ++i) {
      p.set_grad(grad_of({0.5, -1.0}));
      sgd.step();
    }
    expect_values(p, {1 - 0.1 * c.total * 0.5, 2 + 0.1 * c.total}, 1e-14);
  }
}

TEST(SGD, BadOptionsThrow) {
  expect_error([] { SGD({leaf()}, SGDOptions(0.1).nesterov(true)); }, "SGD", "nesterov");
  expect_error([] { SGD({leaf()}, SGDOptions(-1)); }, "SGD", "learning rate");
  expect_error([] { SGD({leaf()}, SGDOptions(0.1).momentum(-0.5)); }, "SGD", "momentum");
}

// With a constant gradient the bias-corrected moments are exactly g and g^2, so every Adam
// step moves by lr * g / (|g| + eps).
TEST(Adam, ConstantGradientSteps) {
  Tensor p = leaf();
  Adam adam({p}, AdamOptions(0.1));
  for (int i = 0; i < 3; ++i) {
    p.set_grad(grad_of({0.5, -1.0}));
    adam.step();
  }
  expect_values(p, {1 - 3 * 0.1 * 0.5 / (0.5 + 1e-8), 2 + 3 * 0.1 / (1 + 1e-8)}, 1e-12);
  const auto& state = static_cast<const AdamParamState&>(*adam.state().at(p.unsafeGetTensorImpl()));
  EXPECT_EQ(state.step(), 3);
  EXPECT_FALSE(state.max_exp_avg_sq().defined());
}

TEST(Adam, WeightDecayJoinsTheGradient) {
  Tensor p = leaf();
  Adam adam({p}, AdamOptions(0.1).weight_decay(1.0));
  p.set_grad(grad_of({-2.0, 0.0}));
  adam.step();  // g + p = [-1, 2]: one step moves by lr * sign
  expect_values(p, {1 + 0.1 / (1 + 1e-8), 2 - 0.2 / (2 + 1e-8)}, 1e-12);
}

// Gradients 1 then 0: the second moment shrinks, so AMSGrad divides by its first (larger) value.
TEST(Adam, AmsgradKeepsTheLargestSecondMoment) {
  for (bool amsgrad : {false, true}) {
    Tensor p = tensor({0.0}, kDouble).set_requires_grad(true);
    Adam adam({p}, AdamOptions(0.1).amsgrad(amsgrad));
    p.set_grad(grad_of({1.0}));
    adam.step();
    p.set_grad(grad_of({0.0}));
    adam.step();
    const double first = -0.1 * 1 / (1 + 1e-8);
    const double v = amsgrad ? 0.001 : 0.000999, m = 0.09;
    const double second = -0.1 / 0.19 * m / (std::sqrt(v) / std::sqrt(1 - 0.999 * 0.999) + 1e-8);
    expect_values(p, {first + second}, 1e-12);
  }
}

TEST(Adam, BadOptionsThrow) {
  expect_error([] { Adam({leaf()}, AdamOptions(0.1).betas({0.9, 1.0})); }, "Adam", "beta2");
  expect_error([] { Adam({leaf()}, AdamOptions(0.1).eps(-1)); }, "Adam", "eps");
}

TEST(AdamW, DecoupledWeightDecay) {
  Tensor p = leaf();
  AdamW adamw({p}, AdamWOptions(0.1).weight_decay(0.1));
  p.set_grad(grad_of({0.5, -1.0}));
  adamw.step();  // p * (1 - 0.01), then lr * sign(g)
  expect_values(p, {0.99 - 0.1 * 0.5 / (0.5 + 1e-8), 1.98 + 0.1 / (1 + 1e-8)}, 1e-12);
  EXPECT_DOUBLE_EQ(AdamWOptions().weight_decay(), 1e-2);
}

TEST(Adagrad, AccumulatesSquaresWithLrDecay) {
  Tensor p = leaf();
  Adagrad adagrad({p}, AdagradOptions(0.1).lr_decay(0.5));
  // State exists from construction on, as LibTorch.
  ASSERT_EQ(adagrad.state().size(), 1u);
  for (int i = 0; i < 2; ++i) {
    p.set_grad(grad_of({0.5, -1.0}));
    adagrad.step();
  }
  // Step 1: sum g^2, lr 0.1; step 2: sum 2 g^2, lr 0.1 / 1.5.
  auto moved = [](double g) {
    return 0.1 * g / (std::abs(g) + 1e-10) + 0.1 / 1.5 * g / (std::sqrt(2.0) * std::abs(g) + 1e-10);
  };
  expect_values(p, {1 - moved(0.5), 2 - moved(-1.0)}, 1e-12);
}

TEST(Adagrad, InitialAccumulatorValue) {
  Tensor p = leaf();
  Adagrad adagrad({p}, AdagradOptions(0.1).initial_accumulator_value(1.0));
  p.set_grad(grad_of({1.0, -1.0}));
  adagrad.step();  // sum = 1 + g^2 = 2
  expect_values(p, {1 - 0.1 / (std::sqrt(2.0) + 1e-10), 2 + 0.1 / (std::sqrt(2.0) + 1e-10)}, 1e-12);
}

TEST(RMSprop, PlainCenteredAndMomentum) {
  {
    Tensor p = leaf();
    RMSprop rms({p}, RMSpropOptions(0.01));
    p.set_grad(grad_of({0.5, -1.0}));
    rms.step();  // square_avg = 0.01 g^2
    expect_values(p, {1 - 0.01 * 0.5 / (0.05 + 1e-8), 2 + 0.01 / (0.1 + 1e-8)}, 1e-12);
  }
  {
    Tensor p = leaf();
    RMSprop rms({p}, RMSpropOptions(0.01).centered(true));
    p.set_grad(grad_of({0.5, -1.0}));
    rms.step();  // 0.01 g^2 - (0.01 g)^2 = 0.0099 g^2
    const double r = std::sqrt(0.0099);
    expect_values(p, {1 - 0.01 * 0.5 / (r * 0.5 + 1e-8), 2 + 0.01 / (r + 1e-8)}, 1e-12);
  }
  {
    Tensor p = leaf();
    RMSprop rms({p}, RMSpropOptions(0.01).momentum(0.9));
    for (int i = 0; i < 2; ++i) {
      p.set_grad(grad_of({0.5, -1.0}));
      rms.step();
    }
    // buf1 = g / avg1, buf2 = 0.9 buf1 + g / avg2; square_avg: 0.01 g^2, then 0.0199 g^2.
    auto moved = [](double g) {
      const double b1 = g / (0.1 * std::abs(g) + 1e-8);
      const double b2 = 0.9 * b1 + g / (std::sqrt(0.0199) * std::abs(g) + 1e-8);
      return 0.01 * (b1 + b2);
    };
    expect_values(p, {1 - moved(0.5), 2 - moved(-1.0)}, 1e-12);
  }
}

TEST(Optimizer, ParamGroupsWithTheirOwnLr) {
  Tensor a = leaf(), b = leaf();
  SGD sgd({OptimizerParamGroup({a}), OptimizerParamGroup({b}, std::make_unique<SGDOptions>(0.01))}, SGDOptions(0.1));
  ASSERT_EQ(sgd.param_groups().size(), 2u);
  EXPECT_EQ(sgd.size(), 2u);
  a.set_grad(grad_of({1.0, 1.0}));
  b.set_grad(grad_of({1.0, 1.0}));
  sgd.step();
  expect_values(a, {0.9, 1.9}, 1e-15);
  expect_values(b, {0.99, 1.99}, 1e-15);
  Tensor c = leaf();
  sgd.add_param_group(OptimizerParamGroup({c}));
  EXPECT_DOUBLE_EQ(sgd.param_groups()[2].options().get_lr(), 0.1);  // the defaults
  expect_error([&] { sgd.add_param_group(OptimizerParamGroup({a})); }, "add_param_group", "more than once");
  expect_error([&] { sgd.add_parameters({a * 2}); }, "add_parameters", "non-leaf");
}

TEST(Optimizer, ParametersWithoutGradientAreSkipped) {
  Tensor p = leaf();
  SGD sgd({p}, SGDOptions(0.1).momentum(0.9));
  sgd.step();
  expect_values(p, {1.0, 2.0});
  EXPECT_TRUE(sgd.state().empty());
}

TEST(Optimizer, ZeroGrad) {
  Tensor p = leaf();
  SGD sgd({p}, SGDOptions(0.1));
  (p * p).sum().backward();
  sgd.zero_grad();  // LibTorch 1.13: zeroed, still defined
  ASSERT_TRUE(p.grad().defined());
  expect_values(p.grad(), {0.0, 0.0});
  sgd.zero_grad(/*set_to_none=*/true);
  EXPECT_FALSE(p.grad().defined());
}

TEST(Optimizer, StepWithClosureReturnsTheLoss) {
  Tensor p = leaf();
  SGD sgd({p}, SGDOptions(0.1));
  Tensor loss = sgd.step([&] {
    sgd.zero_grad();
    Tensor l = (p * p).sum();  // grad 2p = [2, 4]
    l.backward();
    return l;
  });
  EXPECT_DOUBLE_EQ(loss.item<double>(), 5.0);
  expect_values(p, {0.8, 1.6}, 1e-15);
  EXPECT_FALSE(sgd.step().defined());
}

TEST(Optimizer, StateDictRoundTrip) {
  Tensor p = leaf();
  Adam adam({p}, AdamOptions(0.1).amsgrad(true));
  for (double g : {1.0, -0.5}) {
    p.set_grad(grad_of({g, 2 * g}));
    adam.step();
  }
  OptimizerStateDict dict = adam.state_dict();
  ASSERT_EQ(dict.param_groups.size(), 1u);
  ASSERT_EQ(dict.state.count(0), 1u);
  EXPECT_EQ(dict.state.at(0)["step"].item<int64_t>(), 2);
  EXPECT_TRUE(dict.state.at(0).contains("max_exp_avg_sq"));

  // A second optimizer over a copy of the parameter, loaded from the dict, steps identically.
  Tensor q = p.detach().clone().set_requires_grad(true);
  Adam other({q}, AdamOptions(0.5));
  other.load_state_dict(dict);
  EXPECT_DOUBLE_EQ(other.param_groups()[0].options().get_lr(), 0.1);
  for (Tensor* t : {&p, &q}) t->set_grad(grad_of({0.25, 3.0}));
  adam.step();
  other.step();
  expect_values(q, values(p));

  // The dict is a snapshot: stepping does not change it.
  EXPECT_EQ(dict.state.at(0)["step"].item<int64_t>(), 2);

  SGD sgd({leaf()}, SGDOptions(0.1));
  expect_error([&] { sgd.load_state_dict(dict); }, "load_state_dict", "another optimizer");
  Adam two_groups({OptimizerParamGroup({leaf()}), OptimizerParamGroup({leaf()})});
  expect_error([&] { two_groups.load_state_dict(dict); }, "load_state_dict", "parameter groups");
  Adam wrong_shape({tensor({1.0, 2.0, 3.0}, kDouble).set_requires_grad(true)});
  expect_error([&] { wrong_shape.load_state_dict(dict); }, "load_state_dict", "shape");
  EXPECT_TRUE(wrong_shape.state().empty());
}

// The learning rate of the (single) group after each of `steps` scheduler steps.
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

// As LibTorch, the first step() computes epoch 0 (LibTorch's StepLR(2, 0.5) gives exactly
// this sequence).
TEST(LRScheduler, StepLR) {
  expect_sequence(lr_sequence<StepLR>(0.1, 6, 2u, 0.5), {0.1, 0.1, 0.05, 0.05, 0.025, 0.025});
}

TEST(LRScheduler, MultiStepLR) {
  expect_sequence(lr_sequence<MultiStepLR>(1.0, 6, std::vector<unsigned>{2, 4}, 0.1), {1, 1, 0.1, 0.1, 0.01, 0.01});
}

TEST(LRScheduler, ExponentialLR) {
  expect_sequence(lr_sequence<ExponentialLR>(1.0, 4, 0.5), {1, 0.5, 0.25, 0.125});
}

TEST(LRScheduler, CosineAnnealingLR) {
  // Epochs 0..5 with T_max 2: 1, 0.5, 0 (the trough), then back up 0.5, 1, 0.5.
  expect_sequence(lr_sequence<CosineAnnealingLR>(1.0, 6, 2u, 0.0), {1, 0.5, 0, 0.5, 1, 0.5});
  const double pi = std::numbers::pi;
  auto closed = [&](double t) { return 0.1 + 0.9 * (1 + std::cos(pi * t / 10)) / 2; };
  auto got = lr_sequence<CosineAnnealingLR>(1.0, 8, 10u, 0.1);
  for (int t = 0; t < 8; ++t) EXPECT_NEAR(got[t], closed(t), 1e-12) << "epoch " << t;
}

TEST(LRScheduler, LambdaLR) {
  expect_sequence(lr_sequence<LambdaLR>(0.1, 3, [](unsigned epoch) { return 1.0 / (epoch + 1); }),
                  {0.1, 0.05, 0.1 / 3});
}

TEST(LRScheduler, BadArgumentsThrow) {
  SGD sgd({leaf()}, SGDOptions(0.1));
  expect_error([&] { StepLR(sgd, 0); }, "StepLR", "step_size");
  expect_error([&] { CosineAnnealingLR(sgd, 0); }, "CosineAnnealingLR", "T_max");
}

}  // namespace
}  // namespace ember::optim

namespace ember::nn::utils {
namespace {

TEST(NnUtils, ClipGradNorm) {
  Tensor a = tensor({0.0, 0.0}, kDouble).set_requires_grad(true);
  Tensor b = tensor({0.0}, kDouble).set_requires_grad(true);
  Tensor none = tensor({0.0}, kDouble).set_requires_grad(true);
  a.set_grad(tensor({3.0, 4.0}, kDouble));
  b.set_grad(tensor({12.0}, kDouble));
  EXPECT_DOUBLE_EQ(clip_grad_norm_({a, b, none}, 6.5), 13.0);  // sqrt(5^2 + 12^2)
  const double coef = 6.5 / (13 + 1e-6);
  expect_values(a.grad(), {3 * coef, 4 * coef}, 1e-15);
  expect_values(b.grad(), {12 * coef}, 1e-15);
  EXPECT_FALSE(none.grad().defined());

  // Below max_norm nothing changes; inf takes the largest |element|.
  a.set_grad(tensor({3.0, -4.0}, kDouble));
  EXPECT_DOUBLE_EQ(clip_grad_norm_(a, 10.0, std::numeric_limits<double>::infinity()), 4.0);
  expect_values(a.grad(), {3.0, -4.0});
  EXPECT_DOUBLE_EQ(clip_grad_norm_(a, 10.0, 1.0), 7.0);

  a.set_grad(tensor({std::nan(""), 1.0}, kDouble));
  expect_error([&] { clip_grad_norm_(a, 1.0, 2.0, true); }, "clip_grad_norm_", "non-finite");
  EXPECT_EQ(clip_grad_norm_(std::vector<Tensor>{none}, 1.0), 0.0);
}

TEST(NnUtils, ClipGradValue) {
  Tensor a = tensor({0.0, 0.0, 0.0}, kDouble).set_requires_grad(true);
  a.set_grad(tensor({3.0, -4.0, 0.5}, kDouble));
  clip_grad_value_(a, 3.5);
  expect_values(a.grad(), {3.0, -3.5, 0.5});
}

TEST(NnUtils, ParametersToVectorAndBack) {
  Tensor w = tensor({{1.0, 2.0}, {3.0, 4.0}}, kDouble).set_requires_grad(true);
  Tensor b = tensor({5.0}, kDouble).set_requires_grad(true);
  Tensor vec = parameters_to_vector({w, b});
  expect_values(vec, {1, 2, 3, 4, 5});
  EXPECT_EQ(vec.sizes(), IntArrayRef({5}));
  vector_to_parameters(tensor({10.0, 20.0, 30.0, 40.0, 50.0}, kDouble), {w, b});
  expect_values(w, {10, 20, 30, 40});
  EXPECT_EQ(w.sizes(), IntArrayRef({2, 2}));
  expect_values(b, {50});
  EXPECT_TRUE(w.requires_grad());
  expect_error([&] { vector_to_parameters(tensor({1.0}, kDouble), {w, b}); }, "vector_to_parameters",
                        "elements");
}

}  // namespace
}  // namespace ember::nn::utils
