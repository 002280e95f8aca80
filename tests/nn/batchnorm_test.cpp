// BatchNorm and InstanceNorm modules and ops: worked-out values, running statistics,
// train/eval, gradients, resets, bad inputs. (LibTorch comparisons: tests/difftest.)
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <cmath>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

namespace F = functional;

TEST(BatchNorm, TrainingValuesAndRunningStats) {
  // Channel 0 holds {1, 3}, channel 1 {2, 6}: means 2 and 4, biased variances 1 and 4.
  BatchNorm1d bn(2);
  Tensor x = tensor({{1., 2.}, {3., 6.}});
  Tensor y = bn(x);
  const double r0 = 1 / std::sqrt(1 + 1e-5), r1 = 2 / std::sqrt(4 + 1e-5);
  expect_values(y, {-r0, -r1, r0, r1}, 1e-6);
  // running = 0.9 * running + 0.1 * stat, the variance unbiased (2 and 8).
  expect_values(bn->running_mean, {0.2, 0.4}, 1e-6);
  expect_values(bn->running_var, {0.9 + 0.2, 0.9 + 0.8}, 1e-6);
  EXPECT_EQ(bn->num_batches_tracked.item<int64_t>(), 1);
  // Eval: (x - running_mean) / sqrt(running_var + eps).
  bn->eval();
  expect_values(bn(tensor({{1.2, 0.4}})), {1 / std::sqrt(1.1 + 1e-5), 0}, 1e-6);
  EXPECT_EQ(bn->num_batches_tracked.item<int64_t>(), 1);
}

TEST(BatchNorm, CumulativeMomentumAndResets) {
  BatchNorm1d bn(BatchNorm1dOptions(1).momentum(std::nullopt));
  bn(tensor({{0.}, {2.}}));  // mean 1, unbiased var 2
  bn(tensor({{4.}, {4.}}));  // mean 4, var 0
  // The plain average of the batch statistics.
  expect_values(bn->running_mean, {2.5}, 1e-6);
  expect_values(bn->running_var, {1.0}, 1e-6);
  bn->reset_running_stats();
  expect_values(bn->running_mean, {0});
  expect_values(bn->running_var, {1});
  EXPECT_EQ(bn->num_batches_tracked.item<int64_t>(), 0);
}

TEST(BatchNorm, GradientsAndDoubleBackward) {
  BatchNorm2d bn(2);
  Tensor x = randn({3, 2, 2, 2}, kDouble).requires_grad_();
  bn->to(kDouble);
  Tensor y = bn(x);
  // The output is standardized per channel: gradient of sum(y) w.r.t. x is 0.
  Tensor g = autograd::grad({y.sum()}, {x}, {}, /*retain_graph=*/true)[0];
  EXPECT_LT(g.abs().max().item<double>(), 1e-10);
  expect_values(autograd::grad({y.sum()}, {bn->bias}, {}, /*retain_graph=*/true)[0], {12, 12}, 1e-10);
  // Gradients of gradients exist (gradcheck covers their values).
  Tensor gg = autograd::grad({(y * y * x).sum()}, {x}, {}, std::nullopt, true)[0];
  Tensor second = autograd::grad({gg.sum()}, {x})[0];
  EXPECT_EQ(second.sizes(), x.sizes());
}

TEST(BatchNorm, BadInputs) {
  expect_error([] { BatchNorm2d(3)(ones({2, 3, 4})); }, "BatchNorm2d", "expected 4D input (got 3D");
  expect_error([] { BatchNorm1d(3)(ones({2, 3, 4, 5})); }, "BatchNorm1d", "2D or 3D");
  expect_error([] { BatchNorm1d(3)(ones({1, 3})); }, "batch_norm", "more than 1 value per channel");
  expect_error([] { BatchNorm1d(4)(ones({2, 3})); }, "batch_norm", "should contain 3 elements");
  expect_error([] { F::batch_norm(ones({2, 3}), Tensor(), Tensor()); }, "batch_norm", "evaluation mode");
  expect_error([] { batch_norm(ones({3}, kLong), {}, {}, {}, {}, true, 0.1, 1e-5); }, "batch_norm");
  expect_error([] { InstanceNorm2d(3)(ones({3, 4})); }, "InstanceNorm2d", "3D or 4D");
}

TEST(InstanceNorm, ValuesAndRunningStats) {
  // Sample 0: {0, 2}, sample 1: {1, 5} in one channel; each normalized on its own.
  InstanceNorm1d in(InstanceNorm1dOptions(1).track_running_stats(true));
  Tensor y = in(tensor({{{0., 2.}}, {{1., 5.}}}));
  expect_values(y, {-1 / std::sqrt(1 + 1e-5), 1 / std::sqrt(1 + 1e-5), -2 / std::sqrt(4 + 1e-5), 2 / std::sqrt(4 + 1e-5)},
                1e-6);
  // The batch average of the per-sample updates: means 1 and 3, unbiased vars 2 and 8.
  expect_values(in->running_mean, {0.2}, 1e-6);
  expect_values(in->running_var, {0.9 + 0.5}, 1e-6);
  in->eval();
  expect_values(in(tensor({{0.2, 1.2}})), {0, 1 / std::sqrt(1.4 + 1e-5)}, 1e-6);  // unbatched [C, L]
  Tensor f = F::instance_norm(tensor({{{0., 2.}}}), F::InstanceNormFuncOptions().weight(tensor({2.})));
  expect_values(f, {-2 / std::sqrt(1 + 1e-5), 2 / std::sqrt(1 + 1e-5)}, 1e-6);
}

}  // namespace
}  // namespace ember::nn
