// Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout (modules, F:: twins, the ops
// feature_dropout / alpha_dropout / feature_alpha_dropout): masks constant per channel, the
// scaling, gradients = mask * scale, eval = identity, p = 0 / p = 1, alpha dropout's moments,
// printing as LibTorch 1.13.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <cmath>
#include <sstream>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

namespace F = functional;

std::string printed(const Module& module) {
  std::ostringstream out;
  out << module;
  return out.str();
}

// For y = x * mask * scale with x = ones [N, C, S]: every (n, c) row is all 0 or all `scale`.
// Returns the fraction of dropped channels.
double check_channel_mask(const Tensor& y, int64_t n, int64_t c, int64_t s, double scale) {
  std::vector<double> v = values(y);
  int64_t dropped = 0;
  for (int64_t row = 0; row < n * c; ++row) {
    double first = v[static_cast<size_t>(row * s)];
    EXPECT_TRUE(first == 0 || std::abs(first - scale) < 1e-5) << first;
    if (first == 0) ++dropped;
    for (int64_t k = 1; k < s; ++k) EXPECT_EQ(v[static_cast<size_t>(row * s + k)], first) << "row " << row;
  }
  return static_cast<double>(dropped) / static_cast<double>(n * c);
}

TEST(Dropout2d, MaskPerChannelScaleAndGradient) {
  manual_seed(11);
  Dropout2d dropout(Dropout2dOptions(0.3));
  Tensor x = ones({40, 50, 3, 4}).requires_grad_();
  Tensor y = dropout(x);
  EXPECT_EQ(y.sizes(), IntArrayRef({40, 50, 3, 4}));
  EXPECT_NEAR(check_channel_mask(y, 40, 50, 12, 1 / 0.7), 0.3, 0.04);
  Tensor g = randn({40, 50, 3, 4});
  y.backward(g);
  // d(x * mask * scale)/dx = mask * scale; y = mask * scale as x is ones.
  expect_values(x.grad(), values(g * y.detach()), 1e-6);
  dropout->eval();
  Tensor r = randn({2, 3, 4, 5});
  EXPECT_TRUE(dropout(r).is_same(r));
}

TEST(Dropout2d, UnbatchedInputAndInplace) {
  manual_seed(12);
  // [C, H, W] is one sample: the mask is per channel of dim 0.
  Tensor y = Dropout2d(0.5)(ones({64, 2, 3}));
  EXPECT_EQ(y.sizes(), IntArrayRef({64, 2, 3}));
  check_channel_mask(y, 1, 64, 6, 2.0);
  Dropout2d inplace(Dropout2dOptions(0.5).inplace(true));
  Tensor z = ones({4, 8, 2, 2});
  EXPECT_TRUE(inplace(z).is_same(z));
  check_channel_mask(z, 4, 8, 4, 2.0);
}

TEST(Dropout3d, MaskPerChannel) {
  manual_seed(13);
  Dropout3d dropout(0.5);
  Tensor y = dropout(ones({20, 30, 2, 2, 3}));
  EXPECT_NEAR(check_channel_mask(y, 20, 30, 12, 2.0), 0.5, 0.07);
  Tensor u = dropout(ones({30, 2, 2, 3}));  // unbatched [C, D, H, W]
  EXPECT_EQ(u.sizes(), IntArrayRef({30, 2, 2, 3}));
  check_channel_mask(u, 1, 30, 12, 2.0);
}

TEST(FeatureDropout, EdgeCases) {
  Tensor x = randn({2, 3, 4});
  EXPECT_TRUE(feature_dropout(x, 0, true).is_same(x));
  EXPECT_TRUE(feature_dropout(x, 0.5, false).is_same(x));
  expect_values(feature_dropout(x, 1, true), std::vector<double>(24, 0.0));
  expect_values(alpha_dropout(x, 1, true), std::vector<double>(24, 0.0));  // zeros, as PyTorch
  EXPECT_TRUE(alpha_dropout(x, 0.5, false).is_same(x));
  EXPECT_TRUE(feature_alpha_dropout(x, 0, true).is_same(x));
  expect_error([] { feature_dropout(ones({5}), 0.5, true); }, "feature_dropout", "at least 2 dimensions");
  expect_error([] { alpha_dropout(ones({5}), 1.5, true); }, "alpha_dropout", "between 0 and 1");
  expect_error([] { feature_alpha_dropout(ones({2, 2}, kLong), 0.5, true); }, "feature_alpha_dropout", "floating");
  expect_error([] { Dropout3d(-0.1); }, "Dropout3d", "between 0 and 1");
  expect_error([] { F::dropout2d(ones({2, 3, 4, 5}), F::Dropout2dFuncOptions().p(2)); }, "dropout2d");
}

TEST(AlphaDropout, KeepsMeanAndVariance) {
  manual_seed(14);
  AlphaDropout dropout(0.2);
  Tensor x = randn({200000}, kDouble);
  Tensor y = dropout(x);
  EXPECT_NEAR(y.mean().item<double>(), 0.0, 0.01);
  EXPECT_NEAR(y.std().item<double>(), 1.0, 0.01);
  // Two values per input: kept a * x + a * alpha' * p, dropped a * (p - 1) * alpha'.
  const double alpha = 1.7580993408473766, p = 0.2;
  const double a = 1 / std::sqrt((alpha * alpha * p + 1) * (1 - p));
  std::vector<double> xv = values(x), yv = values(y);
  int64_t dropped = 0;
  for (size_t i = 0; i < xv.size(); ++i) {
    double kept = a * xv[i] + a * alpha * p, gone = a * alpha * (p - 1);
    bool is_kept = std::abs(yv[i] - kept) < 1e-12;
    EXPECT_TRUE(is_kept || std::abs(yv[i] - gone) < 1e-12) << i;
    if (!is_kept) ++dropped;
  }
  EXPECT_NEAR(static_cast<double>(dropped) / 200000.0, 0.2, 0.01);
  dropout->eval();
  EXPECT_TRUE(dropout(x).is_same(x));
}

TEST(AlphaDropout, GradientIsMaskTimesScale) {
  manual_seed(15);
  const double alpha = 1.7580993408473766, p = 0.5;
  const double a = 1 / std::sqrt((alpha * alpha * p + 1) * (1 - p));
  Tensor x = randn({1000}, kDouble).requires_grad_();
  Tensor y = alpha_dropout(x, p, true);
  y.sum().backward();
  std::vector<double> xv = values(x.detach()), yv = values(y.detach()), gv = values(x.grad());
  for (size_t i = 0; i < xv.size(); ++i) {
    bool kept = std::abs(yv[i] - (a * xv[i] + a * alpha * p)) < 1e-12;
    EXPECT_NEAR(gv[i], kept ? a : 0.0, 1e-12) << i;
  }
}

TEST(FeatureAlphaDropout, PerChannelAndMoments) {
  manual_seed(16);
  FeatureAlphaDropout dropout(FeatureAlphaDropoutOptions(0.5));
  Tensor x = randn({100, 100, 20}, kDouble);
  Tensor y = dropout(x);
  EXPECT_NEAR(y.mean().item<double>(), 0.0, 0.05);
  EXPECT_NEAR(y.std().item<double>(), 1.0, 0.05);
  // Dropped channels are constant a * (p - 1) * alpha'.
  const double alpha = 1.7580993408473766, p = 0.5;
  const double a = 1 / std::sqrt((alpha * alpha * p + 1) * (1 - p)), gone = a * alpha * (p - 1);
  std::vector<double> yv = values(y);
  for (int64_t row = 0; row < 100 * 100; ++row) {
    bool first_gone = std::abs(yv[static_cast<size_t>(row * 20)] - gone) < 1e-12;
    for (int64_t k = 1; k < 20; ++k)
      EXPECT_EQ(std::abs(yv[static_cast<size_t>(row * 20 + k)] - gone) < 1e-12, first_gone) << row;
  }
  dropout->eval();
  EXPECT_TRUE(dropout(x).is_same(x));
}

TEST(DropoutFunctional, OptionsAndDefaults) {
  manual_seed(17);
  Tensor x = ones({8, 16, 3, 3});
  // F::alpha_dropout defaults to training = false, as LibTorch.
  EXPECT_TRUE(F::alpha_dropout(x).is_same(x));
  EXPECT_TRUE(F::feature_alpha_dropout(x, F::FeatureAlphaDropoutFuncOptions().p(0.5)).is_same(x));
  check_channel_mask(F::dropout2d(x, F::Dropout2dFuncOptions().p(0.25)), 8, 16, 9, 1 / 0.75);
  check_channel_mask(F::dropout3d(ones({2, 4, 2, 3, 3}), F::Dropout3dFuncOptions().p(0.5)), 2, 4, 18, 2.0);
  EXPECT_TRUE(F::dropout2d(x, F::Dropout2dFuncOptions().training(false)).is_same(x));
  Tensor z = ones({100});
  EXPECT_TRUE(F::dropout(z, F::DropoutFuncOptions().p(0.5).inplace(true)).is_same(z));
  for (double v : values(z)) EXPECT_TRUE(v == 0 || v == 2);
}

TEST(DropoutNd, Printing) {
  EXPECT_EQ(printed(*Dropout2d()), "torch::nn::Dropout2d(p=0.5, inplace=false)");
  EXPECT_EQ(printed(*Dropout3d(Dropout3dOptions(0.2).inplace(true))), "torch::nn::Dropout3d(p=0.2, inplace=true)");
  EXPECT_EQ(printed(*AlphaDropout(0.1)), "torch::nn::AlphaDropout(p=0.1, inplace=false)");
  EXPECT_EQ(printed(*FeatureAlphaDropout()), "torch::nn::FeatureAlphaDropout(p=0.5, inplace=false)");
  Dropout2d copy = Dropout2d(0.3);
  auto cloned = std::dynamic_pointer_cast<Dropout2dImpl>(copy->clone());
  EXPECT_EQ(cloned->options.p(), 0.3);
}

}  // namespace
}  // namespace ember::nn
