// Layers: forward values for fixed weights, gradients, default inits, train/eval, printing
// (strings as LibTorch 1.13 prints them), clone, and bad options.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <cmath>
#include <sstream>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

std::string printed(const Module& module) {
  std::ostringstream out;
  out << module;
  return out.str();
}

void set(Tensor& param, const Tensor& value) {
  NoGradGuard no_grad;
  param.copy_(value);
}

TEST(Linear, ForwardValuesAndGradients) {
  Linear fc(2, 3);
  set(fc->weight, tensor({{1., 2.}, {3., 4.}, {5., 6.}}));
  set(fc->bias, tensor({0.5, -0.5, 1.}));
  Tensor x = tensor({{1., 1.}, {2., -1.}}).requires_grad_();
  Tensor y = fc(x);
  EXPECT_EQ(y.sizes(), IntArrayRef({2, 3}));
  expect_values(y, {3.5, 6.5, 12, 0.5, 1.5, 5}, 1e-6);
  y.sum().backward();
  expect_values(fc->weight.grad(), {3, 0, 3, 0, 3, 0}, 1e-6);
  expect_values(fc->bias.grad(), {2, 2, 2}, 1e-6);
  expect_values(x.grad(), {9, 12, 9, 12}, 1e-6);
  // Batch dims pass through: [4, 5, 2] -> [4, 5, 3].
  EXPECT_EQ(fc(ones({4, 5, 2})).sizes(), IntArrayRef({4, 5, 3}));
}

TEST(Linear, NoBiasAndDefaultInit) {
  Linear no_bias(LinearOptions(4, 3).bias(false));
  EXPECT_FALSE(no_bias->bias.defined());
  EXPECT_EQ(no_bias->parameters().size(), 1u);
  expect_values(no_bias(ones({1, 4})), values(no_bias->weight.sum(1)), 1e-6);

  manual_seed(5);
  Linear fc(400, 300);
  // kaiming_uniform_(a = sqrt(5)) and the bias: both uniform in +-1/sqrt(400) = +-0.05.
  std::vector<double> w = values(fc->weight);
  std::vector<double> b = values(fc->bias);
  double sum_sq = 0;
  for (double v : w) {
    EXPECT_LE(std::abs(v), 0.05);
    sum_sq += v * v;
  }
  for (double v : b) EXPECT_LE(std::abs(v), 0.05);
  EXPECT_NEAR(std::sqrt(sum_sq / static_cast<double>(w.size())), 0.05 / std::sqrt(3.0), 0.0005);
  EXPECT_GT(*std::max_element(b.begin(), b.end()), 0.04);
  EXPECT_TRUE(fc->weight.requires_grad());
}

TEST(Linear, CloneIsDeepAndErrors) {
  Linear fc(2, 3);
  auto copy = std::dynamic_pointer_cast<LinearImpl>(fc->clone());
  ASSERT_TRUE(copy);
  EXPECT_FALSE(copy->weight.is_same(fc->weight));
  expect_values(copy->weight, values(fc->weight));
  EXPECT_EQ(copy->named_parameters().keys(), (std::vector<std::string>{"weight", "bias"}));
  expect_error([&] { fc(ones({2, 5})); }, "Linear", "[*, 2]");
  expect_error([] { Linear(-1, 3); }, "Linear", "non-negative");
}

TEST(Identity, ReturnsInput) {
  Identity id;
  Tensor x = ones({2, 2});
  EXPECT_TRUE(id(x).is_same(x));
  EXPECT_EQ(id->parameters().size(), 0u);
}

TEST(Flatten, FlattenAndUnflatten) {
  Tensor x = arange(24, kFloat).reshape({2, 3, 4});
  Flatten flatten;
  Tensor flat = flatten(x);
  EXPECT_EQ(flat.sizes(), IntArrayRef({2, 12}));
  EXPECT_EQ(Flatten(FlattenOptions().start_dim(0))(x).sizes(), IntArrayRef({24}));
  Unflatten unflatten(1, std::vector<int64_t>{3, 4});
  Tensor back = unflatten(flat);
  EXPECT_EQ(back.sizes(), IntArrayRef({2, 3, 4}));
  expect_values(back, values(x));
  EXPECT_EQ(Unflatten(UnflattenOptions(1, {-1, 2}))(flat).sizes(), IntArrayRef({2, 6, 2}));
}

TEST(Dropout, TrainAndEval) {
  manual_seed(6);
  Dropout dropout(0.25);
  Tensor x = ones({100, 100}).requires_grad_();
  Tensor y = dropout(x);
  int64_t zeros_count = 0;
  for (double v : values(y)) {
    if (v == 0) ++zeros_count;
    else EXPECT_NEAR(v, 1 / 0.75, 1e-6);
  }
  EXPECT_NEAR(static_cast<double>(zeros_count) / 10000.0, 0.25, 0.02);
  y.sum().backward();
  expect_values(x.grad(), values(y), 1e-6);  // the gradient is the same mask, scaled
  dropout->eval();
  expect_values(dropout(x), std::vector<double>(10000, 1.0));
  Dropout inplace(DropoutOptions(0.5).inplace(true));
  Tensor z = ones({10});
  EXPECT_TRUE(inplace(z).is_same(z));
  for (double v : values(z)) EXPECT_TRUE(v == 0 || v == 2);
  expect_error([] { Dropout(1.5); }, "Dropout", "between 0 and 1");
}

TEST(Embedding, LookupPaddingAndGradient) {
  Embedding emb(EmbeddingOptions(5, 2).padding_idx(-1));
  EXPECT_EQ(*emb->options.padding_idx(), 4);  // normalized as LibTorch
  expect_values(emb->weight[4], {0, 0});
  set(emb->weight, arange(10, kFloat).reshape({5, 2}));
  Tensor idx = tensor({{0, 4}, {2, 2}});
  Tensor y = emb(idx);
  EXPECT_EQ(y.sizes(), IntArrayRef({2, 2, 2}));
  expect_values(y, {0, 1, 8, 9, 4, 5, 4, 5});
  y.sum().backward();
  expect_values(emb->weight.grad(), {1, 1, 0, 0, 2, 2, 0, 0, 0, 0});  // padding row 4 gets none

  manual_seed(7);
  Embedding big(1000, 100);
  std::vector<double> w = values(big->weight);
  double mean = 0, sq = 0;
  for (double v : w) mean += v;
  mean /= static_cast<double>(w.size());
  for (double v : w) sq += (v - mean) * (v - mean);
  EXPECT_NEAR(mean, 0, 0.01);
  EXPECT_NEAR(std::sqrt(sq / static_cast<double>(w.size())), 1, 0.01);
}

TEST(Embedding, GivenWeightAndErrors) {
  Tensor given = arange(6, kFloat).reshape({3, 2});
  Embedding emb(EmbeddingOptions(3, 2)._weight(given));
  EXPECT_TRUE(emb->weight.is_same(given));
  expect_values(emb(tensor({2})), {4, 5});
  expect_error([] { Embedding(EmbeddingOptions(3, 2).padding_idx(3)); }, "Embedding", "padding_idx");
  expect_error([&] { Embedding(EmbeddingOptions(4, 2)._weight(given)); }, "Embedding", "[4, 2]");
}

TEST(Embedding, MaxNormRenormalizesLookedUpRows) {
  Embedding emb(EmbeddingOptions(3, 2).max_norm(1.0));
  set(emb->weight, tensor({{3., 4.}, {0.3, 0.4}, {6., 8.}}));
  Tensor y = emb(tensor({0, 1, 0}));
  // Row 0 (norm 5) scaled by 1 / (5 + 1e-7); row 1 (norm 0.5) kept; row 2 not looked up, kept.
  expect_values(y, {0.6, 0.8, 0.3, 0.4, 0.6, 0.8}, 1e-6);
  expect_values(emb->weight, {0.6, 0.8, 0.3, 0.4, 6, 8}, 1e-6);
  y.sum().backward();
  expect_values(emb->weight.grad(), {2, 2, 1, 1, 0, 0});
  // L1 norm: row 2 has norm 14, scaled to 1.
  Embedding l1(EmbeddingOptions(3, 2).max_norm(1.0).norm_type(1));
  set(l1->weight, tensor({{3., 4.}, {0.3, 0.4}, {6., 8.}}));
  expect_values(l1(tensor({2})), {6. / 14, 8. / 14}, 1e-6);
}

TEST(Normalization, LayerNorm) {
  LayerNorm ln(LayerNormOptions({3}));
  expect_values(ln->weight, {1, 1, 1});
  expect_values(ln->bias, {0, 0, 0});
  set(ln->weight, tensor({1., 2., 3.}));
  set(ln->bias, tensor({0., 1., 0.}));
  Tensor x = tensor({{1., 2., 3.}, {4., 4., 4.}}).requires_grad_();
  // Row 0: (x - 2) / sqrt(2/3 + 1e-5) = -1.224735, 0, 1.224735; row 1 is constant: all 0.
  expect_values(ln(x), {-1.224735, 1, 3.674205, 0, 1, 0}, 1e-5);
  ln(x).sum().backward();
  expect_values(ln->bias.grad(), {2, 2, 2}, 1e-6);
  LayerNorm plain(LayerNormOptions({3}).elementwise_affine(false));
  EXPECT_EQ(plain->parameters().size(), 0u);
  expect_values(plain(x), {-1.224735, 0, 1.224735, 0, 0, 0}, 1e-5);
}

TEST(Normalization, GroupNormAndRMSNorm) {
  GroupNorm gn(2, 4);
  // Groups [1, 2] and [3, 5]: each normalized to -1, +1 (up to eps).
  expect_values(gn(tensor({1., 2., 3., 5.}).reshape({1, 4, 1})), {-1, 1, -1, 1}, 1e-4);
  EXPECT_EQ(gn->named_parameters().keys(), (std::vector<std::string>{"weight", "bias"}));
  expect_error([] { GroupNorm(3, 4); }, "GroupNorm", "divisible");

  RMSNorm rms(RMSNormOptions({2}));
  // [3, 4]: rms = sqrt(12.5) = 3.535534.
  expect_values(rms(tensor({3., 4.})), {0.848528, 1.131371}, 1e-5);
  set(rms->weight, tensor({2., 0.5}));
  expect_values(rms(tensor({3., 4.})), {1.697056, 0.565685}, 1e-5);
  EXPECT_EQ(RMSNorm(RMSNormOptions({2}).elementwise_affine(false))->parameters().size(), 0u);
}

TEST(Activation, Values) {
  Tensor x = tensor({-1., 0., 2.});
  expect_values(ReLU()(x), {0, 0, 2});
  expect_values(LeakyReLU(LeakyReLUOptions().negative_slope(0.2))(x), {-0.2, 0, 2}, 1e-6);
  expect_values(ELU(ELUOptions().alpha(0.5))(x), {-0.316060, 0, 2}, 1e-6);
  expect_values(GELU()(x), {-0.158655, 0, 1.954500}, 1e-6);
  expect_values(SiLU()(x), {-0.268941, 0, 1.761594}, 1e-6);
  expect_values(Tanh()(x), {-0.761594, 0, 0.964028}, 1e-6);
  expect_values(Sigmoid()(x), {0.268941, 0.5, 0.880797}, 1e-6);
  expect_values(Softplus()(x), {0.313262, 0.693147, 2.126928}, 1e-6);
  expect_values(Hardswish()(x), {-1.0 / 3, 0, 5.0 / 3}, 1e-6);
  expect_values(Softmax(0)(x), {0.042010, 0.114195, 0.843795}, 1e-6);
  expect_values(LogSoftmax(0)(x), {-3.169846, -2.169846, -0.169846}, 1e-6);
  // The tanh approximation differs from the exact GELU in the 4th digit at x = 2.
  expect_values(GELU(GELUOptions().approximate("tanh"))(x), {-0.158808, 0, 1.954598}, 1e-6);
  expect_error([] { GELU(GELUOptions().approximate("fast")); }, "GELU", "approximate");
}

TEST(Activation, InplaceAndGradients) {
  Tensor y = tensor({-1., 3.});
  EXPECT_TRUE(ReLU(true)(y).is_same(y));
  expect_values(y, {0, 3});
  Tensor z = tensor({-1., 3.});
  LeakyReLU(LeakyReLUOptions().inplace(true))(z);
  expect_values(z, {-0.01, 3}, 1e-7);
  Tensor x = tensor({-1., 0.5}).requires_grad_();
  Sigmoid()(x).sum().backward();
  // sigmoid' = s (1 - s): 0.196612, 0.235004.
  expect_values(x.grad(), {0.196612, 0.235004}, 1e-6);
}

TEST(Layers, PrettyPrintAsLibTorch) {
  EXPECT_EQ(printed(*Linear(4, 3)), "torch::nn::Linear(in_features=4, out_features=3, bias=true)");
  EXPECT_EQ(printed(*Linear(LinearOptions(4, 3).bias(false))),
            "torch::nn::Linear(in_features=4, out_features=3, bias=false)");
  EXPECT_EQ(printed(*Identity()), "torch::nn::Identity()");
  EXPECT_EQ(printed(*Flatten()), "torch::nn::Flatten(start_dim=1, end_dim=-1)");
  EXPECT_EQ(printed(*Unflatten(1, std::vector<int64_t>{2, 3})), "torch::nn::Unflatten(dim=1, unflattened_size={2, 3})");
  EXPECT_EQ(printed(*Dropout()), "torch::nn::Dropout(p=0.5, inplace=false)");
  EXPECT_EQ(printed(*Dropout(DropoutOptions(0.2).inplace(true))), "torch::nn::Dropout(p=0.2, inplace=true)");
  EXPECT_EQ(printed(*Embedding(10, 3)), "torch::nn::Embedding(num_embeddings=10, embedding_dim=3)");
  EXPECT_EQ(printed(*Embedding(EmbeddingOptions(10, 3).padding_idx(2))),
            "torch::nn::Embedding(num_embeddings=10, embedding_dim=3, padding_idx=2)");
  EXPECT_EQ(printed(*Embedding(EmbeddingOptions(10, 3).norm_type(3).scale_grad_by_freq(true).sparse(true))),
            "torch::nn::Embedding(num_embeddings=10, embedding_dim=3, norm_type=3, scale_grad_by_freq=true, "
            "sparse=true)");
  EXPECT_EQ(printed(*Embedding(EmbeddingOptions(10, 3).max_norm(1.5).norm_type(3).scale_grad_by_freq(true))),
            "torch::nn::Embedding(num_embeddings=10, embedding_dim=3, max_norm=1.5, norm_type=3, "
            "scale_grad_by_freq=true)");
  EXPECT_EQ(printed(*LayerNorm(LayerNormOptions({4, 5}))),
            "torch::nn::LayerNorm([4, 5], eps=1e-05, elementwise_affine=true)");
  EXPECT_EQ(printed(*LayerNorm(LayerNormOptions({4}).eps(1e-3).elementwise_affine(false))),
            "torch::nn::LayerNorm([4], eps=0.001, elementwise_affine=false)");
  EXPECT_EQ(printed(*GroupNorm(2, 4)), "torch::nn::GroupNorm(2, 4, eps=1e-05, affine=true)");
  EXPECT_EQ(printed(*GroupNorm(GroupNormOptions(2, 4).eps(0.5).affine(false))),
            "torch::nn::GroupNorm(2, 4, eps=0.5, affine=false)");
  EXPECT_EQ(printed(*RMSNorm(RMSNormOptions({4}))), "torch::nn::RMSNorm([4], eps=None, elementwise_affine=true)");
  EXPECT_EQ(printed(*ReLU()), "torch::nn::ReLU()");
  EXPECT_EQ(printed(*ReLU(true)), "torch::nn::ReLU(inplace=true)");
  EXPECT_EQ(printed(*GELU(GELUOptions().approximate("tanh"))), "torch::nn::GELU()");
  EXPECT_EQ(printed(*SiLU()), "torch::nn::SiLU()");
  EXPECT_EQ(printed(*Tanh()), "torch::nn::Tanh()");
  EXPECT_EQ(printed(*Sigmoid()), "torch::nn::Sigmoid()");
  EXPECT_EQ(printed(*Softmax(1)), "torch::nn::Softmax(dim=1)");
  EXPECT_EQ(printed(*LogSoftmax(-1)), "torch::nn::LogSoftmax(dim=-1)");
  EXPECT_EQ(printed(*LeakyReLU()), "torch::nn::LeakyReLU(negative_slope=0.01)");
  EXPECT_EQ(printed(*LeakyReLU(LeakyReLUOptions().negative_slope(0.2).inplace(true))),
            "torch::nn::LeakyReLU(negative_slope=0.2, inplace=true)");
  EXPECT_EQ(printed(*ELU()), "torch::nn::ELU(alpha=1)");
  EXPECT_EQ(printed(*ELU(ELUOptions().alpha(0.5).inplace(true))), "torch::nn::ELU(alpha=0.5, inplace=true)");
  EXPECT_EQ(printed(*Softplus()), "torch::nn::Softplus(beta=1, threshold=20)");
  EXPECT_EQ(printed(*Softplus(SoftplusOptions().beta(2).threshold(10))), "torch::nn::Softplus(beta=2, threshold=10)");
  EXPECT_EQ(printed(*Hardswish()), "torch::nn::Hardswish()");
}

}  // namespace
}  // namespace ember::nn
