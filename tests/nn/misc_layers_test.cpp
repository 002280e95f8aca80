// PReLU, Bilinear, LocalResponseNorm, PixelShuffle, Upsample, EmbeddingBag: worked-out values
// and gradients of gradients (gradgradcheck in float64). LibTorch comparisons are in
// tests/difftest/misc_layers_difftest.cpp.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

namespace F = functional;
using autograd::gradgradcheck;
using autograd::variable_list;

TEST(MiscLayers, PReLUValues) {
  PReLU prelu(PReLUOptions().num_parameters(2).init(0.5));
  Tensor x = tensor({{-2., 3.}, {4., -6.}}).reshape({2, 2, 1});
  expect_values(prelu(x), {-1., 3., 4., -3.});
}

TEST(MiscLayers, PixelShuffleRoundTrip) {
  Tensor x = arange(16, kDouble).reshape({1, 4, 2, 2});
  Tensor y = F::pixel_shuffle(x, 2);
  // Output row 0 interleaves channels 0 and 1 at input row 0; row 1 channels 2 and 3.
  expect_values(y[0][0][0], {0., 4., 1., 5.});
  expect_values(y[0][0][1], {8., 12., 9., 13.});
  expect_values(F::pixel_unshuffle(y, 2), values(x));
}

TEST(MiscLayers, InterpolateValues) {
  Tensor x = arange(4, kDouble).reshape({1, 1, 4});
  expect_values(F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{8})),
                {0., 0., 1., 1., 2., 2., 3., 3.});
  // align_corners: 4 -> 7 samples at steps of 0.5.
  expect_values(F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{7}).mode(kLinear).align_corners(true)),
                {0., .5, 1., 1.5, 2., 2.5, 3.}, 1e-12);
}

TEST(MiscLayers, EmbeddingBagValues) {
  EmbeddingBag bag(EmbeddingBagOptions(3, 1)._weight(tensor({{1.}, {10.}, {100.}})).padding_idx(0));
  Tensor input = tensor({0, 1, 2, 2, 1}, kLong);
  Tensor offsets = tensor({0, 2, 2}, kLong);
  // Bags {0, 1} (0 is padding: left out), {}, {2, 2, 1}.
  expect_values(bag(input, offsets), {10., 0., 70.}, 1e-12);
  // Only padding: every bag is empty, in every mode.
  expect_values(bag(tensor({0, 0}, kLong), tensor({0, 1}, kLong)), {0., 0.});
  EmbeddingBag max_bag(EmbeddingBagOptions(3, 1)._weight(tensor({{1.}, {10.}, {100.}})).padding_idx(0).mode(kMax));
  expect_values(max_bag(tensor({0, 0}, kLong), tensor({0}, kLong)), {0.});
  expect_values(max_bag(tensor({{2, 1}, {0, 1}}, kInt)), {100., 10.});
}

TEST(MiscLayers, EmbeddingBagScaleGradByFreq) {
  EmbeddingBag bag(EmbeddingBagOptions(3, 1)._weight(tensor({{1.}, {2.}, {3.}})).mode(kSum).scale_grad_by_freq(true));
  // Index 1 occurs twice (once per bag), 2 once, 0 never: row gradients 2 * g / 2 and g.
  Tensor y = bag(tensor({1, 2, 1}, kLong), tensor({0, 2}, kLong));
  expect_values(y, {5., 2.});
  (y * tensor({{1.}, {4.}})).sum().backward();
  expect_values(bag->weight.grad(), {0., 2.5, 1.});
}

TEST(MiscLayers, GradGradCheck) {
  Tensor x = randn({2, 3, 4}, kDouble).requires_grad_();
  Tensor w = (rand({3}, kDouble) + 0.1).requires_grad_();
  EXPECT_TRUE(gradgradcheck([](const variable_list& in) { return variable_list{F::prelu(in[0], in[1])}; }, {x, w}));

  Tensor x1 = randn({2, 3}, kDouble).requires_grad_(), x2 = randn({2, 4}, kDouble).requires_grad_();
  Tensor bw = randn({2, 3, 4}, kDouble).requires_grad_(), bb = randn({2}, kDouble).requires_grad_();
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& in) { return variable_list{F::bilinear(in[0], in[1], in[2], in[3])}; },
      {x1, x2, bw, bb}));

  Tensor lx = randn({2, 5, 3}, kDouble).requires_grad_();
  EXPECT_TRUE(gradgradcheck([](const variable_list& in) {
    return variable_list{F::local_response_norm(in[0], LocalResponseNormOptions(3).alpha(0.5).k(2))};
  }, {lx}));

  Tensor ux = randn({1, 2, 3, 4}, kDouble).requires_grad_();
  for (bool align : {false, true}) {
    EXPECT_TRUE(gradgradcheck([align](const variable_list& in) {
      return variable_list{F::interpolate(in[0], F::InterpolateFuncOptions()
                                                      .scale_factor(std::vector<double>{1.5, 2.})
                                                      .mode(kBilinear)
                                                      .align_corners(align))};
    }, {ux}));
  }
}

}  // namespace
}  // namespace ember::nn
