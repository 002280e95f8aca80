// nn layers against LibTorch 1.13's modules: the same weights copied into both, forward values
// and gradients compared, printing compared string for string, init gains and fans compared.
#include <gtest/gtest.h>

#include "difftest/module_compare.h"

namespace ember::difftest {
namespace {

TEST(NnLayersDifftest, LinearAndNorms) {
  manual_seed(11);
  nn::Linear e_fc(5, 4);
  torch::nn::Linear t_fc(5, 4);
  expect_same_forward_backward(e_fc, t_fc, {3, 5});
  nn::Linear e_nb(nn::LinearOptions(5, 4).bias(false));
  torch::nn::Linear t_nb(torch::nn::LinearOptions(5, 4).bias(false));
  expect_same_forward_backward(e_nb, t_nb, {2, 3, 5});

  nn::LayerNorm e_ln(nn::LayerNormOptions({3, 4}).eps(1e-3));
  torch::nn::LayerNorm t_ln(torch::nn::LayerNormOptions({3, 4}).eps(1e-3));
  {
    NoGradGuard no_grad;
    e_ln->weight.normal_();
    e_ln->bias.normal_();
  }
  expect_same_forward_backward(e_ln, t_ln, {2, 3, 4});

  nn::GroupNorm e_gn(2, 6);
  torch::nn::GroupNorm t_gn(2, 6);
  {
    NoGradGuard no_grad;
    e_gn->weight.normal_();
    e_gn->bias.normal_();
  }
  expect_same_forward_backward(e_gn, t_gn, {3, 6, 5});
}

TEST(NnLayersDifftest, EmbeddingWithPaddingAndMaxNorm) {
  manual_seed(12);
  nn::Embedding e(nn::EmbeddingOptions(6, 3).padding_idx(-2).max_norm(1.2).norm_type(1.5));
  torch::nn::Embedding t(torch::nn::EmbeddingOptions(6, 3).padding_idx(-2).max_norm(1.2).norm_type(1.5));
  EXPECT_EQ(*e->options.padding_idx(), *t->options.padding_idx());
  expect_close(e->weight[4], t->weight[4]);  // both zero
  copy_params(*e, *t);
  Tensor idx = tensor({{0, 4, 2}, {2, 5, 0}});
  Tensor y = e(idx);
  torch::Tensor ty = t(to_torch(idx));
  expect_close(y, ty);
  expect_close(e->weight, t->weight.detach());  // renormalized the same rows in place
  Tensor w = randn(y.sizes());
  (y * w).sum().backward();
  (ty * to_torch(w)).sum().backward();
  expect_close(e->weight.grad(), t->weight.grad());
}

TEST(NnLayersDifftest, Activations) {
  manual_seed(13);
  Tensor x = randn({4, 5}) * 3;
  torch::Tensor tx = to_torch(x);
  expect_close(nn::ReLU()(x), torch::nn::ReLU()(tx));
  expect_close(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.3))(x),
               torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.3))(tx));
  expect_close(nn::ELU(nn::ELUOptions().alpha(0.7))(x), torch::nn::ELU(torch::nn::ELUOptions().alpha(0.7))(tx));
  expect_close(nn::GELU()(x), torch::nn::GELU()(tx));
  expect_close(nn::GELU(nn::GELUOptions().approximate("tanh"))(x),
               torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh"))(tx));
  expect_close(nn::SiLU()(x), torch::nn::SiLU()(tx));
  expect_close(nn::Tanh()(x), torch::nn::Tanh()(tx));
  expect_close(nn::Sigmoid()(x), torch::nn::Sigmoid()(tx));
  expect_close(nn::Softplus(nn::SoftplusOptions().beta(2).threshold(3))(x),
               torch::nn::Softplus(torch::nn::SoftplusOptions().beta(2).threshold(3))(tx));
  expect_close(nn::Hardswish()(x), torch::hardswish(tx));
  expect_close(nn::Softmax(1)(x), torch::nn::Softmax(1)(tx));
  expect_close(nn::LogSoftmax(0)(x), torch::nn::LogSoftmax(0)(tx));
  expect_close(nn::Flatten(nn::FlattenOptions().start_dim(0))(x), torch::nn::Flatten(torch::nn::FlattenOptions().start_dim(0))(tx));
}

TEST(NnLayersDifftest, PrintingMatches) {
  EXPECT_EQ(printed(*nn::Linear(nn::LinearOptions(4, 3).bias(false))),
            printed(*torch::nn::Linear(torch::nn::LinearOptions(4, 3).bias(false))));
  EXPECT_EQ(printed(*nn::Dropout(0.3)), printed(*torch::nn::Dropout(0.3)));
  EXPECT_EQ(printed(*nn::Embedding(nn::EmbeddingOptions(9, 2).padding_idx(-1).max_norm(2.5))),
            printed(*torch::nn::Embedding(torch::nn::EmbeddingOptions(9, 2).padding_idx(-1).max_norm(2.5))));
  EXPECT_EQ(printed(*nn::LayerNorm(nn::LayerNormOptions({2, 3}).eps(1e-6))),
            printed(*torch::nn::LayerNorm(torch::nn::LayerNormOptions({2, 3}).eps(1e-6))));
  EXPECT_EQ(printed(*nn::GroupNorm(3, 6)), printed(*torch::nn::GroupNorm(3, 6)));
  EXPECT_EQ(printed(*nn::Softplus(nn::SoftplusOptions().beta(0.5))),
            printed(*torch::nn::Softplus(torch::nn::SoftplusOptions().beta(0.5))));
  EXPECT_EQ(printed(*nn::ELU(nn::ELUOptions().alpha(2).inplace(true))),
            printed(*torch::nn::ELU(torch::nn::ELUOptions().alpha(2).inplace(true))));
  EXPECT_EQ(printed(*nn::Unflatten(0, std::vector<int64_t>{2, -1})),
            printed(*torch::nn::Unflatten(torch::nn::UnflattenOptions(0, {2, -1}))));
}

TEST(NnLayersDifftest, InitGainsAndFans) {
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain(nn::init::kTanh), torch::nn::init::calculate_gain(torch::kTanh));
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain(nn::init::kReLU), torch::nn::init::calculate_gain(torch::kReLU));
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain(nn::init::kConv3D), torch::nn::init::calculate_gain(torch::kConv3D));
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain(nn::init::kLeakyReLU, 0.3),
                   torch::nn::init::calculate_gain(torch::kLeakyReLU, 0.3));
  auto ours = nn::init::_calculate_fan_in_and_fan_out(empty({6, 4, 3, 2}));
  auto theirs = torch::nn::init::_calculate_fan_in_and_fan_out(torch::empty({6, 4, 3, 2}));
  EXPECT_EQ(ours, theirs);
  // Linear's default init draws from the same bounds: +-1/sqrt(in_features) for both tensors.
  manual_seed(14);
  torch::manual_seed(14);
  nn::Linear e(256, 128);
  torch::nn::Linear t(256, 128);
  EXPECT_NEAR(e->weight.abs().max().item<float>(), t->weight.abs().max().item<float>(), 1e-3);
  EXPECT_NEAR(e->bias.abs().max().item<float>(), t->bias.abs().max().item<float>(), 2e-3);
}

}  // namespace
}  // namespace ember::difftest
