// nn::init: gains, fans, exact fills, and the statistics of the random initializers on large
// tensors (mean/std/bounds within a few standard errors).
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <algorithm>
#include <cmath>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

struct Stats {
  double mean = 0, std = 0, min = 0, max = 0;
};

Stats stats(const Tensor& t) {
  std::vector<double> v = values(t);
  Stats s;
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  for (double x : v) s.std += (x - s.mean) * (x - s.mean);
  s.std = std::sqrt(s.std / static_cast<double>(v.size()));
  s.min = *std::min_element(v.begin(), v.end());
  s.max = *std::max_element(v.begin(), v.end());
  return s;
}

TEST(Init, CalculateGain) {
  EXPECT_DOUBLE_EQ(init::calculate_gain(init::kLinear), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(init::kConv2D), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(init::kSigmoid), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(init::kTanh), 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(init::kReLU), std::sqrt(2.0));
  // LibTorch 1.13: calculate_gain(kLeakyReLU, 0.2) = 1.38675.
  EXPECT_NEAR(init::calculate_gain(init::kLeakyReLU, 0.2), 1.38675, 1e-5);
  EXPECT_NEAR(init::calculate_gain(init::kLeakyReLU), std::sqrt(2.0 / 1.0001), 1e-12);
}

TEST(Init, FanInAndFanOut) {
  auto [in2, out2] = init::_calculate_fan_in_and_fan_out(empty({3, 7}));
  EXPECT_EQ(in2, 7);
  EXPECT_EQ(out2, 3);
  // [out=2, in=3, 4, 5]: receptive field 20 (LibTorch gives 60 40).
  auto [in4, out4] = init::_calculate_fan_in_and_fan_out(empty({2, 3, 4, 5}));
  EXPECT_EQ(in4, 60);
  EXPECT_EQ(out4, 40);
  expect_error([] { init::_calculate_fan_in_and_fan_out(empty({3})); }, "_calculate_fan_in_and_fan_out",
               "fewer than 2 dimensions");
  expect_error([] { init::xavier_uniform_(zeros({3})); }, "_calculate_fan_in_and_fan_out");
}

TEST(Init, ExactFillsWorkOnLeavesThatRequireGrad) {
  Tensor w = empty({2, 3}).requires_grad_();
  EXPECT_TRUE(init::constant_(w, 2.5).is_same(w));
  expect_values(w, std::vector<double>(6, 2.5));
  init::ones_(w);
  expect_values(w, std::vector<double>(6, 1.0));
  init::zeros_(w);
  expect_values(w, std::vector<double>(6, 0.0));
  EXPECT_TRUE(w.requires_grad());
  EXPECT_FALSE(w.grad_fn());  // still a leaf: the fills ran without recording
  Tensor m = empty({3, 4});
  init::eye_(m);
  expect_values(m, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  expect_error([] { init::eye_(empty({2, 2, 2})); }, "eye_", "2-D");
  expect_error([] { init::uniform_(empty({2}, kLong)); }, "uniform_", "floating-point");
  expect_error([] { init::normal_(Tensor()); }, "normal_", "undefined");
}

TEST(Init, UniformAndNormalStatistics) {
  manual_seed(1);
  Tensor t = empty({1000, 1000});
  Stats u = stats(init::uniform_(t, -2, 4));
  EXPECT_NEAR(u.mean, 1.0, 0.01);
  EXPECT_NEAR(u.std, 6 / std::sqrt(12.0), 0.01);
  EXPECT_GE(u.min, -2);
  EXPECT_LT(u.max, 4);
  Stats n = stats(init::normal_(t, 3, 0.5));
  EXPECT_NEAR(n.mean, 3.0, 0.005);
  EXPECT_NEAR(n.std, 0.5, 0.005);
}

TEST(Init, TruncNormalStaysInBounds) {
  manual_seed(2);
  Tensor t = empty({1000, 1000});
  Stats s = stats(init::trunc_normal_(t, 0, 1, -2, 2));
  EXPECT_GE(s.min, -2);
  EXPECT_LE(s.max, 2);
  EXPECT_NEAR(s.mean, 0, 0.005);
  // Standard normal truncated to [-2, 2]: variance 1 - 2 * 2 * phi(2) / (2 * Phi(2) - 1) = 0.77374.
  EXPECT_NEAR(s.std, std::sqrt(0.77374), 0.005);
  // Asymmetric bounds with a shifted mean: all samples land in [a, b].
  Stats shifted = stats(init::trunc_normal_(t, 1, 2, 0, 1.5));
  EXPECT_GE(shifted.min, 0);
  EXPECT_LE(shifted.max, 1.5);
  expect_error([&] { init::trunc_normal_(t, 0, 1, 2, -2); }, "trunc_normal_", "a < b");
}

TEST(Init, XavierStatistics) {
  manual_seed(3);
  Tensor w = empty({500, 1500});  // fan_in 1500, fan_out 500
  const double std = 2.0 * std::sqrt(2.0 / 2000.0);
  Stats u = stats(init::xavier_uniform_(w, 2.0));
  EXPECT_NEAR(u.std, std, 0.01 * std);
  EXPECT_GE(u.min, -std::sqrt(3.0) * std);
  EXPECT_LE(u.max, std::sqrt(3.0) * std);
  EXPECT_GT(u.max, 0.99 * std::sqrt(3.0) * std);
  Stats n = stats(init::xavier_normal_(w, 2.0));
  EXPECT_NEAR(n.mean, 0, 0.01 * std);
  EXPECT_NEAR(n.std, std, 0.01 * std);
}

TEST(Init, KaimingStatistics) {
  manual_seed(4);
  Tensor w = empty({400, 100, 5, 5});  // fan_in 2500, fan_out 10000
  // Defaults (a = 0, fan_in, leaky relu): gain sqrt(2).
  const double std_in = std::sqrt(2.0) / 50.0;
  Stats u = stats(init::kaiming_uniform_(w));
  EXPECT_NEAR(u.std, std_in, 0.01 * std_in);
  EXPECT_LE(u.max, std::sqrt(3.0) * std_in);
  EXPECT_GE(u.min, -std::sqrt(3.0) * std_in);
  // fan_out with tanh: 5/3 / 100.
  const double std_out = 5.0 / 3.0 / 100.0;
  Stats n = stats(init::kaiming_normal_(w, 0, init::kFanOut, init::kTanh));
  EXPECT_NEAR(n.mean, 0, 0.01 * std_out);
  EXPECT_NEAR(n.std, std_out, 0.01 * std_out);
  // a = sqrt(5) (Linear's init): bound = 1 / sqrt(fan_in).
  Stats linear = stats(init::kaiming_uniform_(w, std::sqrt(5.0)));
  EXPECT_LE(linear.max, 1.0 / 50.0);
  EXPECT_GT(linear.max, 0.999 / 50.0);
  expect_error([] { init::kaiming_uniform_(empty({3, 0})); }, "kaiming_uniform_", "fan is 0");
}

}  // namespace
}  // namespace ember::nn
