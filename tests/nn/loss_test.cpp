// Loss modules: options reach the functional loss, weight buffers follow .to(), worked values.
#include <gtest/gtest.h>

#include <cmath>

#include "ember/ember.h"

namespace ember::nn {
namespace {

Tensor vec(std::initializer_list<double> v) {
  Tensor t = empty({static_cast<int64_t>(v.size())}, kDouble);
  int64_t i = 0;
  for (double x : v) t.select(0, i++).fill_(x);
  return t;
}

TEST(LossModules, RegressionLossesWorkedValues) {
  Tensor x = vec({0.0, 1.0, 3.0}), y = vec({0.5, 1.0, 1.0});  // d = -0.5, 0, 2
  EXPECT_DOUBLE_EQ(MSELoss()(x, y).item<double>(), (0.25 + 4.0) / 3);
  EXPECT_DOUBLE_EQ(L1Loss(L1LossOptions(kSum))(x, y).item<double>(), 2.5);
  // beta 1: 0.5 * 0.25, 0, 2 - 0.5.
  EXPECT_DOUBLE_EQ(SmoothL1Loss(SmoothL1LossOptions(kSum))(x, y).item<double>(), 0.125 + 1.5);
  // delta 1.5: 0.5 * 0.25, 0, 1.5 * (2 - 0.75).
  EXPECT_DOUBLE_EQ(HuberLoss(HuberLossOptions(kSum).delta(1.5))(x, y).item<double>(), 0.125 + 1.875);
  Tensor none = MSELoss(kNone)(x, y);
  EXPECT_EQ(none.sizes(), IntArrayRef({3}));
  EXPECT_DOUBLE_EQ(none.select(0, 2).item<double>(), 4.0);
}

TEST(LossModules, ClassificationLossesWorkedValues) {
  // Uniform logits over 4 classes: cross-entropy log 4 per sample whatever the target.
  Tensor logits = zeros({2, 4}, kDouble);
  Tensor target = zeros({2}, kLong);
  target.select(0, 1).fill_(3);
  EXPECT_NEAR(CrossEntropyLoss()(logits, target).item<double>(), std::log(4.0), 1e-12);
  // Weighted nll: -(w0 * lp[0, 0] + w3 * lp[1, 3]) / (w0 + w3).
  Tensor lp = log_softmax(vec({1, 2, 3, 4, 4, 3, 2, 1}).reshape({2, 4}), 1);
  NLLLoss nll(NLLLossOptions().weight(vec({2, 1, 1, 0.5})));
  double expected = -(2 * lp.select(0, 0).select(0, 0).item<double>() + 0.5 * lp.select(0, 1).select(0, 3).item<double>()) / 2.5;
  EXPECT_NEAR(nll(lp, target).item<double>(), expected, 1e-12);
  EXPECT_EQ(nll->named_buffers().size(), 1u);
  // Ignored entries count for nothing: only sample 0 is left.
  NLLLoss ignoring(NLLLossOptions().ignore_index(3));
  EXPECT_NEAR(ignoring(lp, target).item<double>(), -lp.select(0, 0).select(0, 0).item<double>(), 1e-12);
  // BCE at p = 0.5 is log 2; with logits 0 likewise; pos_weight 3 scales the positive term.
  Tensor half = full({2}, 0.5, kDouble), t = vec({1, 0});
  EXPECT_NEAR(BCELoss()(half, t).item<double>(), std::log(2.0), 1e-12);
  BCEWithLogitsLoss bce(BCEWithLogitsLossOptions().pos_weight(full({2}, 3.0, kDouble)).reduction(kSum));
  EXPECT_NEAR(bce(zeros({2}, kDouble), t).item<double>(), 4 * std::log(2.0), 1e-12);
  EXPECT_EQ(bce->named_buffers().size(), 1u);
  // KL of a distribution with itself is 0.
  Tensor p = vec({0.25, 0.75});
  EXPECT_NEAR(KLDivLoss(kBatchMean)(log(p), p).item<double>(), 0.0, 1e-15);
}

TEST(LossModules, WeightBufferFollowsTo) {
  CrossEntropyLoss ce(CrossEntropyLossOptions().weight(ones({3})).label_smoothing(0.1));
  ce->to(kDouble);
  EXPECT_EQ(ce->weight.dtype(), kDouble);
  Tensor x = zeros({2, 3}, kDouble).set_requires_grad(true);
  Tensor loss = ce(x, zeros({2}, kLong));
  loss.backward();
  EXPECT_EQ(x.grad().sizes(), IntArrayRef({2, 3}));
  auto copy = std::dynamic_pointer_cast<CrossEntropyLossImpl>(ce->clone());
  EXPECT_EQ(copy->weight.dtype(), kDouble);
}

TEST(LossModules, ErrorsNameTheLoss) {
  try {
    NLLLoss()(zeros({2, 4}), full({2}, 4, kLong));
    FAIL() << "out-of-range target accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nll_loss"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MSELoss()(zeros({3, 4}), zeros({5})), Error);
}

}  // namespace
}  // namespace ember::nn
