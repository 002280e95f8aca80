// MultiheadAttention and the transformer modules: second derivatives by gradgradcheck (built
// from differentiable ops), a worked attention value, clone, and bad inputs rejected by name.
#include <gtest/gtest.h>

#include <ember/autograd/gradcheck.h>
#include <ember/ember.h>

#include <cmath>
#include <string>

namespace ember::nn {
namespace {

// Runs fn, expecting an ember::Error whose message names `op`.
template <class Fn>
void expect_error_naming(Fn&& fn, const std::string& op) {
  try {
    fn();
    ADD_FAILURE() << "expected an ember::Error from " << op;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
  }
}

double max_diff(const Tensor& a, const Tensor& b) { return (a - b).abs().max().item<double>(); }

TEST(MultiheadAttention, GradGradCheck) {
  manual_seed(0);
  MultiheadAttention mha(MultiheadAttentionOptions(4, 2).add_bias_kv(true));
  mha->to(kDouble);
  Tensor mask = randn({2, 4}, kDouble);  // [L, S + 1]: the bias_kv column
  Tensor padding = zeros({1, 4}, kBool);
  padding.select(1, 0).fill_(true);
  auto fn = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto [y, w] = mha->forward(in[0], in[1], in[1], padding.slice(1, 0, 3), true, mask.slice(1, 0, 3));
    return {y, w};
  };
  autograd::variable_list inputs = {randn({2, 1, 4}, kDouble).requires_grad_(),
                                    randn({3, 1, 4}, kDouble).requires_grad_()};
  EXPECT_TRUE(autograd::gradcheck(fn, inputs));
  EXPECT_TRUE(autograd::gradgradcheck(fn, inputs));
  // Through the weights as well.
  auto by_weight = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto o = functional::MultiheadAttentionForwardFuncOptions(4, 2, in[0], mha->in_proj_bias.detach(), {}, {}, true,
                                                              0.0, mha->out_proj->weight.detach(), {});
    return {std::get<0>(functional::multi_head_attention_forward(inputs[0].detach(), inputs[0].detach(),
                                                                 inputs[0].detach(), o))};
  };
  EXPECT_TRUE(autograd::gradgradcheck(by_weight, {mha->in_proj_weight.detach().clone().requires_grad_()}));
}

// One head, identity projections, no biases: out = softmax(q k^T / sqrt(E)) v.
TEST(MultiheadAttention, WorkedValue) {
  MultiheadAttention mha(MultiheadAttentionOptions(2, 1).bias(false));
  {
    NoGradGuard no_grad;
    mha->in_proj_weight.copy_(cat({eye(2), eye(2), eye(2)}, 0));
    mha->out_proj->weight.copy_(eye(2));
  }
  Tensor q = tensor({1.0, 0.0}).reshape({1, 1, 2});
  Tensor kv = tensor({1.0, 0.0, 0.0, 1.0}).reshape({2, 1, 2});
  auto [y, w] = mha->forward(q, kv, kv);
  const double a = std::exp(1 / std::sqrt(2.0));
  const double w0 = a / (a + 1);
  EXPECT_NEAR(w.select(0, 0).select(0, 0).select(0, 0).item<double>(), w0, 1e-6);
  EXPECT_NEAR(y.select(0, 0).select(0, 0).select(0, 0).item<double>(), w0, 1e-6);
  EXPECT_NEAR(y.select(0, 0).select(0, 0).select(0, 1).item<double>(), 1 - w0, 1e-6);
  auto [y2, none] = mha->forward(q, kv, kv, {}, false);
  EXPECT_FALSE(none.defined());
}

// kdim != vdim (LibTorch 1.13's C++ rejects it; PyTorch's Python takes it): shapes and gradients.
TEST(MultiheadAttention, DistinctKdimVdimGradCheck) {
  manual_seed(2);
  MultiheadAttention mha(MultiheadAttentionOptions(4, 2).kdim(3).vdim(5).add_zero_attn(true));
  mha->to(kDouble);
  auto fn = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto [y, w] = mha->forward(in[0], in[1], in[2], {}, true, {}, false);
    return {y, w};
  };
  autograd::variable_list inputs = {randn({2, 1, 4}, kDouble).requires_grad_(),
                                    randn({3, 1, 3}, kDouble).requires_grad_(),
                                    randn({3, 1, 5}, kDouble).requires_grad_()};
  auto out = fn(inputs);
  EXPECT_EQ(out[0].sizes(), IntArrayRef({2, 1, 4}));
  EXPECT_EQ(out[1].sizes(), IntArrayRef({1, 2, 2, 4}));  // [N, heads, L, S + zero_attn]
  EXPECT_TRUE(autograd::gradcheck(fn, inputs));
  EXPECT_TRUE(autograd::gradgradcheck(fn, inputs));
}

TEST(Transformer, SubsequentMaskAndClone) {
  Tensor m = TransformerImpl::generate_square_subsequent_mask(3);
  EXPECT_EQ(m.select(0, 0).select(0, 0).item<double>(), 0.0);
  EXPECT_TRUE(std::isinf(m.select(0, 0).select(0, 2).item<double>()));
  EXPECT_EQ(m.select(0, 2).select(0, 1).item<double>(), 0.0);
  manual_seed(1);
  TransformerEncoder enc(TransformerEncoderOptions(TransformerEncoderLayerOptions(4, 2).dim_feedforward(8), 2));
  enc->eval();
  auto copy = std::dynamic_pointer_cast<TransformerEncoderImpl>(enc->clone());
  ASSERT_NE(copy, nullptr);
  Tensor x = randn({3, 2, 4});
  EXPECT_LT(max_diff(enc->forward(x), copy->forward(x)), 1e-6);
  // The clones are independent: both layers start from the same layer's values.
  EXPECT_EQ(max_diff(enc->layers->at<TransformerEncoderLayerImpl>(0).linear1->weight,
                     enc->layers->at<TransformerEncoderLayerImpl>(1).linear1->weight),
            0.0);
  EXPECT_FALSE(enc->layers->at<TransformerEncoderLayerImpl>(0).linear1->weight.is_same(
      enc->layers->at<TransformerEncoderLayerImpl>(1).linear1->weight));
}

TEST(MultiheadAttention, Errors) {
  expect_error_naming([] { MultiheadAttention(5, 2); }, "MultiheadAttention");
  MultiheadAttention mha(4, 2);
  expect_error_naming([&] { mha->forward(randn({3, 4}), randn({3, 4}), randn({3, 4})); }, "MultiheadAttention");
  expect_error_naming([&] { mha->forward(randn({3, 2, 5}), randn({3, 2, 5}), randn({3, 2, 5})); },
                      "MultiheadAttention");
  expect_error_naming([&] { mha->forward(randn({3, 2, 4}), randn({4, 2, 4}), randn({5, 2, 4})); },
                      "MultiheadAttention");
  Tensor q = randn({3, 2, 4});
  Tensor kv = randn({5, 2, 4});
  expect_error_naming([&] { mha->forward(q, kv, kv, {}, true, zeros({3, 4})); }, "MultiheadAttention");
  expect_error_naming([&] { mha->forward(q, kv, kv, zeros({2, 4}, kBool)); }, "MultiheadAttention");
  expect_error_naming([&] { mha->forward(q, kv, kv, zeros({2, 5})); }, "MultiheadAttention");
  expect_error_naming([&] { mha->forward(q, kv, kv, {}, true, zeros({3, 5}, kInt64)); }, "MultiheadAttention");
  expect_error_naming(
      [&] {
        functional::multi_head_attention_forward(
            q, kv, kv,
            functional::MultiheadAttentionForwardFuncOptions(4, 2, randn({8, 4}), {}, {}, {}, false, 0.0,
                                                             randn({4, 4}), {}));
      },
      "multi_head_attention_forward");
}

TEST(Transformer, Errors) {
  expect_error_naming([] { TransformerEncoderLayer(6, 4); }, "TransformerEncoderLayer");
  TransformerEncoderLayer layer(TransformerEncoderLayerOptions(4, 2).dim_feedforward(8));
  expect_error_naming([&] { layer->forward(randn({3, 2, 5})); }, "TransformerEncoderLayer");
  TransformerDecoderLayer dec(TransformerDecoderLayerOptions(4, 2).dim_feedforward(8));
  expect_error_naming([&] { dec->forward(randn({3, 2, 4}), randn({5, 3, 4})); }, "TransformerDecoderLayer");
  expect_error_naming([] { TransformerEncoder(TransformerEncoderLayer(4, 2), 0); }, "TransformerEncoder");
  Transformer tr(TransformerOptions(4, 2, 1, 1).dim_feedforward(8));
  expect_error_naming([&] { tr->forward(randn({3, 2, 4}), randn({3, 4})); }, "Transformer");
  expect_error_naming([&] { tr->forward(randn({3, 2, 4}), randn({3, 3, 4})); }, "Transformer");
  expect_error_naming([&] { tr->forward(randn({3, 2, 6}), randn({3, 2, 6})); }, "Transformer");
}

}  // namespace
}  // namespace ember::nn
