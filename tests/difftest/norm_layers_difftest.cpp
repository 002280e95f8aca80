// BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d against LibTorch's: forward and gradients
// (float32 then float64) in train and eval mode, running statistics after several steps,
// affine / track_running_stats off, cumulative momentum, printing; Dropout2d/3d and the alpha
// dropouts' printing and eval mode.
#include <gtest/gtest.h>

#include "difftest/module_compare.h"
#include "ember/nn/modules/batchnorm.h"
#include "ember/nn/modules/dropout.h"

namespace ember::difftest {
namespace {

// Random affine parameters in ember (copied into LibTorch by the comparisons).
template <class M>
void randomize(M& m) {
  NoGradGuard no_grad;
  if (m->weight.defined()) m->weight.copy_(rand({m->weight.numel()}) + 0.5);
  if (m->bias.defined()) m->bias.copy_(randn({m->bias.numel()}));
}

// The buffers of both modules after their steps, by name (float64 when the modules are).
template <class E, class T>
void expect_same_buffers(E& e, T& t, double tol) {
  auto theirs = t->named_buffers();
  int compared = 0;
  for (const auto& item : e->named_buffers()) {
    SCOPED_TRACE("buffer " + item.key());
    ASSERT_TRUE(theirs.contains(item.key()));
    expect_close(item.value(), theirs[item.key()], tol);
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(theirs.size()));
}

// Three training steps on fresh inputs (each forward updates the running stats), then eval.
template <class E, class T>
void train_then_eval(E& e, T& t, IntArrayRef shape) {
  randomize(e);
  expect_same_forward_backward(e, t, shape);  // two forwards per dtype: float32, float64
  Tensor x = randn(shape, kDouble) * 2 + 1;
  expect_close(e(x), t(to_torch(x)), 1e-10);
  expect_same_buffers(e, t, 1e-10);
  e->eval();
  t->eval();
  // expect_same_forward_backward starts in float32.
  e->to(kFloat);
  t->to(torch::kFloat);
  expect_same_forward_backward(e, t, shape);
  expect_same_buffers(e, t, 1e-10);
}

TEST(NormLayersDifftest, BatchNorm1d) {
  for (auto shape : {std::vector<int64_t>{8, 4}, std::vector<int64_t>{4, 3, 5}}) {
    nn::BatchNorm1d e(shape[1]);
    torch::nn::BatchNorm1d t(shape[1]);
    train_then_eval(e, t, shape);
  }
}

TEST(NormLayersDifftest, BatchNorm2dAnd3d) {
  {
    nn::BatchNorm2d e(nn::BatchNorm2dOptions(3).momentum(0.3).eps(1e-3));
    torch::nn::BatchNorm2d t(torch::nn::BatchNorm2dOptions(3).momentum(0.3).eps(1e-3));
    train_then_eval(e, t, {2, 3, 4, 5});
  }
  {
    nn::BatchNorm3d e(2);
    torch::nn::BatchNorm3d t(2);
    train_then_eval(e, t, {2, 2, 3, 2, 4});
  }
}

TEST(NormLayersDifftest, BatchNormOptions) {
  {
    nn::BatchNorm2d e(nn::BatchNorm2dOptions(3).affine(false));
    torch::nn::BatchNorm2d t(torch::nn::BatchNorm2dOptions(3).affine(false));
    train_then_eval(e, t, {2, 3, 3, 3});
    EXPECT_EQ(e->parameters().size(), 0U);
  }
  {
    // No running stats: batch statistics in eval mode too.
    nn::BatchNorm1d e(nn::BatchNorm1dOptions(4).track_running_stats(false));
    torch::nn::BatchNorm1d t(torch::nn::BatchNorm1dOptions(4).track_running_stats(false));
    train_then_eval(e, t, {5, 4, 3});
    EXPECT_EQ(e->buffers().size(), 0U);
  }
  {
    // momentum nullopt: the cumulative moving average over the batches seen.
    nn::BatchNorm2d e(nn::BatchNorm2dOptions(3).momentum(std::nullopt));
    torch::nn::BatchNorm2d t(torch::nn::BatchNorm2dOptions(3).momentum(c10::nullopt));
    train_then_eval(e, t, {3, 3, 2, 2});
    EXPECT_EQ(e->num_batches_tracked.item<int64_t>(), 3);  // three training forwards
  }
}

TEST(NormLayersDifftest, BatchNormResets) {
  nn::BatchNorm1d e(3);
  e(randn({4, 3}) * 3 + 2);
  EXPECT_EQ(e->num_batches_tracked.item<int64_t>(), 1);
  e->reset_running_stats();
  torch::nn::BatchNorm1d t(3);
  expect_same_buffers(e, t, 0);
  randomize(e);
  e->reset_parameters();
  expect_close(e->weight, torch::ones({3}), 0);
  expect_close(e->bias, torch::zeros({3}), 0);
}

TEST(NormLayersDifftest, InstanceNorm) {
  {
    nn::InstanceNorm1d e(3);
    torch::nn::InstanceNorm1d t(3);
    train_then_eval(e, t, {2, 3, 6});
    e->to(kFloat);
    t->to(torch::kFloat);
    expect_same_forward_backward(e, t, {3, 6});  // unbatched
  }
  {
    nn::InstanceNorm1d e(nn::InstanceNorm1dOptions(3).affine(true).track_running_stats(true));
    torch::nn::InstanceNorm1d t(torch::nn::InstanceNorm1dOptions(3).affine(true).track_running_stats(true));
    train_then_eval(e, t, {4, 3, 5});
  }
  {
    nn::InstanceNorm2d e(nn::InstanceNorm2dOptions(2).affine(true));
    torch::nn::InstanceNorm2d t(torch::nn::InstanceNorm2dOptions(2).affine(true));
    train_then_eval(e, t, {2, 2, 3, 4});
  }
  {
    nn::InstanceNorm2d e(nn::InstanceNorm2dOptions(2).track_running_stats(true).momentum(0.5));
    torch::nn::InstanceNorm2d t(torch::nn::InstanceNorm2dOptions(2).track_running_stats(true).momentum(0.5));
    train_then_eval(e, t, {3, 2, 3, 3});
    e->to(kFloat);
    t->to(torch::kFloat);
    expect_same_forward_backward(e, t, {2, 3, 3});  // unbatched, eval
  }
  {
    nn::InstanceNorm3d e(nn::InstanceNorm3dOptions(2).affine(true).track_running_stats(true));
    torch::nn::InstanceNorm3d t(torch::nn::InstanceNorm3dOptions(2).affine(true).track_running_stats(true));
    train_then_eval(e, t, {2, 2, 2, 3, 2});
  }
}

TEST(NormLayersDifftest, Printing) {
  EXPECT_EQ(printed(*nn::BatchNorm2d(64)), printed(*torch::nn::BatchNorm2d(64)));
  EXPECT_EQ(printed(*nn::BatchNorm1d(nn::BatchNorm1dOptions(8).eps(1e-3).momentum(std::nullopt).affine(false))),
            printed(*torch::nn::BatchNorm1d(
                torch::nn::BatchNorm1dOptions(8).eps(1e-3).momentum(c10::nullopt).affine(false))));
  EXPECT_EQ(printed(*nn::BatchNorm3d(nn::BatchNorm3dOptions(4).track_running_stats(false))),
            printed(*torch::nn::BatchNorm3d(torch::nn::BatchNorm3dOptions(4).track_running_stats(false))));
  EXPECT_EQ(printed(*nn::InstanceNorm1d(5)), printed(*torch::nn::InstanceNorm1d(5)));
  EXPECT_EQ(printed(*nn::InstanceNorm2d(nn::InstanceNorm2dOptions(3).affine(true).momentum(0.2))),
            printed(*torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(3).affine(true).momentum(0.2))));
  EXPECT_EQ(printed(*nn::InstanceNorm3d(7)), printed(*torch::nn::InstanceNorm3d(7)));
  EXPECT_EQ(printed(*nn::BatchNorm2d(64)),
            "torch::nn::BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)");
}

TEST(NormLayersDifftest, DropoutModules) {
  EXPECT_EQ(printed(*nn::Dropout2d(nn::Dropout2dOptions(0.3).inplace(true))),
            printed(*torch::nn::Dropout2d(torch::nn::Dropout2dOptions(0.3).inplace(true))));
  EXPECT_EQ(printed(*nn::Dropout3d()), printed(*torch::nn::Dropout3d()));
  EXPECT_EQ(printed(*nn::AlphaDropout(0.2)), printed(*torch::nn::AlphaDropout(0.2)));
  EXPECT_EQ(printed(*nn::FeatureAlphaDropout(0.7)), printed(*torch::nn::FeatureAlphaDropout(0.7)));
  // Eval mode is the identity in both, gradients included.
  nn::Dropout2d e(0.5);
  torch::nn::Dropout2d t(0.5);
  e->eval();
  t->eval();
  expect_same_forward_backward(e, t, {2, 3, 4, 4});
  nn::FeatureAlphaDropout fe(0.5);
  torch::nn::FeatureAlphaDropout ft(0.5);
  fe->eval();
  ft->eval();
  expect_same_forward_backward(fe, ft, {2, 3, 4});
}

}  // namespace
}  // namespace ember::difftest
