// MultiheadAttention and the transformer modules against LibTorch 1.13's: the same weights
// copied into both, outputs (attention weights included), input and parameter gradients
// compared in float32 and float64 with dropout 0 or in eval mode; masks (float, bool, key
// padding), kdim/vdim, add_bias_kv, add_zero_attn; printing compared string for string.
#include <gtest/gtest.h>

#include <limits>

#include "difftest/multi_output_compare.h"

namespace ember::difftest {
namespace {

using TL = std::vector<torch::Tensor>;
using EL = std::vector<Tensor>;

// Masks shared by both sides, converted to the compared dtype when floating.
struct Masks {
  Tensor attn;
  Tensor padding;
  Tensor e_attn(const Tensor& like) const {
    return attn.defined() && attn.is_floating_point() ? attn.to(like.scalar_type()) : attn;
  }
  torch::Tensor t_attn(const torch::Tensor& like) const {
    if (!attn.defined()) return {};
    torch::Tensor t = to_torch(attn);
    return t.is_floating_point() ? t.to(like.scalar_type()) : t;
  }
  torch::Tensor t_padding() const { return padding.defined() ? to_torch(padding) : torch::Tensor(); }
};

// A float [rows, cols] mask of small random values with a few -inf (never a whole row).
Tensor float_mask(int64_t rows, int64_t cols) {
  Tensor m = randn({rows, cols}) * 0.5;
  for (int64_t r = 0; r < rows; ++r) m.select(0, r).select(0, (r + 1) % cols).fill_(-std::numeric_limits<double>::infinity());
  return m;
}

// A bool [rows, cols] padding mask marking the last `pad` columns of every row but the first.
Tensor padding_mask(int64_t rows, int64_t cols, int64_t pad) {
  Tensor m = zeros({rows, cols}, kBool);
  for (int64_t r = 1; r < rows; ++r) m.select(0, r).slice(0, cols - pad).fill_(true);
  return m;
}

// query [L, N, E] and key = value [S, N, kdim] when self_attention is false (separate random
// key and value), or query = key = value.
void compare_mha(nn::MultiheadAttention& e, torch::nn::MultiheadAttention& t, const Masks& masks,
                 std::vector<std::vector<int64_t>> shapes, bool average = true) {
  const bool self_attention = shapes.size() == 1;
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        const Tensor& k = self_attention ? x[0] : x[1];
        const Tensor& v = self_attention ? x[0] : x[2];
        auto [y, w] = e->forward(x[0], k, v, masks.padding, true, masks.e_attn(x[0]), average);
        return EL{y, w};
      },
      [&](const TL& x) {
        const torch::Tensor& k = self_attention ? x[0] : x[1];
        const torch::Tensor& v = self_attention ? x[0] : x[2];
        auto [y, w] = t->forward(x[0], k, v, masks.t_padding(), true, masks.t_attn(x[0]), average);
        return TL{y, w};
      },
      shapes, 1e-4);
}

TEST(TransformerLayers, MultiheadAttentionSelf) {
  manual_seed(0);
  nn::MultiheadAttention e(4, 2);
  torch::nn::MultiheadAttention t(4, 2);
  compare_mha(e, t, {}, {{3, 2, 4}});
  compare_mha(e, t, {float_mask(3, 3), padding_mask(2, 3, 1)}, {{3, 2, 4}});
}

TEST(TransformerLayers, MultiheadAttentionCrossWithMasks) {
  manual_seed(1);
  nn::MultiheadAttention e(6, 3);
  torch::nn::MultiheadAttention t(6, 3);
  compare_mha(e, t, {}, {{3, 2, 6}, {5, 2, 6}, {5, 2, 6}});
  compare_mha(e, t, {float_mask(3, 5), {}}, {{3, 2, 6}, {5, 2, 6}, {5, 2, 6}});
  compare_mha(e, t, {{}, padding_mask(2, 5, 2)}, {{3, 2, 6}, {5, 2, 6}, {5, 2, 6}});
  // Per-head weights [N, heads, L, S].
  compare_mha(e, t, {float_mask(3, 5), padding_mask(2, 5, 2)}, {{3, 2, 6}, {5, 2, 6}, {5, 2, 6}}, false);
}

TEST(TransformerLayers, MultiheadAttentionKdimVdimNoBias) {
  manual_seed(2);
  // LibTorch 1.13's C++ asserts key.sizes() == value.sizes(), so kdim == vdim here (ember, as
  // PyTorch's Python, also takes kdim != vdim: see tests/nn/transformer_test.cpp).
  nn::MultiheadAttention e(nn::MultiheadAttentionOptions(4, 2).kdim(3).vdim(3));
  torch::nn::MultiheadAttention t(torch::nn::MultiheadAttentionOptions(4, 2).kdim(3).vdim(3));
  compare_mha(e, t, {float_mask(2, 4), padding_mask(3, 4, 1)}, {{2, 3, 4}, {4, 3, 3}, {4, 3, 3}});
  nn::MultiheadAttention e2(nn::MultiheadAttentionOptions(4, 4).bias(false));
  torch::nn::MultiheadAttention t2(torch::nn::MultiheadAttentionOptions(4, 4).bias(false));
  compare_mha(e2, t2, {}, {{2, 3, 4}, {4, 3, 4}, {4, 3, 4}});
}

TEST(TransformerLayers, MultiheadAttentionBiasKvZeroAttn) {
  manual_seed(3);
  for (bool bias_kv : {false, true}) {
    for (bool zero_attn : {false, true}) {
      SCOPED_TRACE(std::string("add_bias_kv=") + (bias_kv ? "1" : "0") + " add_zero_attn=" + (zero_attn ? "1" : "0"));
      nn::MultiheadAttention e(nn::MultiheadAttentionOptions(4, 2).add_bias_kv(bias_kv).add_zero_attn(zero_attn));
      torch::nn::MultiheadAttention t(
          torch::nn::MultiheadAttentionOptions(4, 2).add_bias_kv(bias_kv).add_zero_attn(zero_attn));
      compare_mha(e, t, {float_mask(3, 4), padding_mask(2, 4, 1)}, {{3, 2, 4}, {4, 2, 4}, {4, 2, 4}});
    }
  }
}

// A bool attn_mask (true = masked, as PyTorch's Python API) equals LibTorch with the
// matching float mask (0 / -inf).
TEST(TransformerLayers, MultiheadAttentionBoolMaskIsMinusInfinity) {
  manual_seed(4);
  nn::MultiheadAttention e(4, 2);
  torch::nn::MultiheadAttention t(4, 2);
  Tensor bool_mask = zeros({3, 4}, kBool);
  bool_mask.select(0, 0).slice(0, 2).fill_(true);
  bool_mask.select(0, 2).select(0, 1).fill_(true);
  const Tensor float_equivalent = zeros({3, 4}).masked_fill(bool_mask, -std::numeric_limits<double>::infinity());
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, w] = e->forward(x[0], x[1], x[1], {}, true, bool_mask);
        return EL{y, w};
      },
      [&](const TL& x) {
        auto [y, w] = t->forward(x[0], x[1], x[1], {}, true, to_torch(float_equivalent).to(x[0].scalar_type()));
        return TL{y, w};
      },
      {{3, 2, 4}, {4, 2, 4}}, 1e-4);
}

TEST(TransformerLayers, MultiheadAttentionFunctional) {
  manual_seed(5);
  nn::MultiheadAttention e(4, 2);
  torch::nn::MultiheadAttention t(4, 2);
  copy_params(*e, *t);
  Tensor q = randn({3, 2, 4});
  Tensor kv = randn({5, 2, 4});
  auto [y, w] = nn::functional::multi_head_attention_forward(
      q, kv, kv,
      nn::functional::MultiheadAttentionForwardFuncOptions(4, 2, e->in_proj_weight, e->in_proj_bias, {}, {}, false,
                                                           0.0, e->out_proj->weight, e->out_proj->bias));
  auto [ty, tw] = t->forward(to_torch(q), to_torch(kv), to_torch(kv));
  expect_close(y, ty, 1e-5);
  expect_close(w, tw, 1e-5);
}

// Encoder layers (src [5, 2, 8]) with and without masks.
template <class E, class T>
void compare_encoder(E& e, T& t, const Masks& masks, std::vector<int64_t> shape) {
  expect_same_outputs(
      e, t, [&](const EL& x) { return EL{e->forward(x[0], masks.e_attn(x[0]), masks.padding)}; },
      [&](const TL& x) { return TL{t->forward(x[0], masks.t_attn(x[0]), masks.t_padding())}; }, {std::move(shape)},
      1e-4);
}

TEST(TransformerLayers, EncoderLayerReluGelu) {
  manual_seed(6);
  nn::TransformerEncoderLayer e(nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(16).dropout(0.0));
  torch::nn::TransformerEncoderLayer t(torch::nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(16).dropout(0.0));
  compare_encoder(e, t, {}, {5, 2, 8});
  compare_encoder(e, t, {float_mask(5, 5), padding_mask(2, 5, 2)}, {5, 2, 8});
  // GELU, dropout 0.1 in eval mode.
  nn::TransformerEncoderLayer eg(nn::TransformerEncoderLayerOptions(8, 4).dim_feedforward(12).activation(nn::kGELU));
  torch::nn::TransformerEncoderLayer tg(
      torch::nn::TransformerEncoderLayerOptions(8, 4).dim_feedforward(12).activation(torch::kGELU));
  eg->eval();
  tg->eval();
  compare_encoder(eg, tg, {float_mask(5, 5), padding_mask(2, 5, 1)}, {5, 2, 8});
  // A function as activation.
  nn::TransformerEncoderLayer ef(nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(12).dropout(0.0).activation(
      std::function<Tensor(const Tensor&)>([](const Tensor& x) { return x.tanh(); })));
  torch::nn::TransformerEncoderLayer tf(torch::nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(12).dropout(0.0).activation(
      std::function<torch::Tensor(const torch::Tensor&)>([](const torch::Tensor& x) { return x.tanh(); })));
  compare_encoder(ef, tf, {}, {5, 2, 8});
}

TEST(TransformerLayers, EncoderTwoLayersWithNorm) {
  manual_seed(7);
  nn::TransformerEncoder e(nn::TransformerEncoderOptions(nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(16), 2)
                               .norm(nn::AnyModule(nn::LayerNorm(nn::LayerNormOptions({8})))));
  torch::nn::TransformerEncoder t(
      torch::nn::TransformerEncoderOptions(torch::nn::TransformerEncoderLayerOptions(8, 2).dim_feedforward(16), 2)
          .norm(torch::nn::AnyModule(torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})))));
  e->eval();
  t->eval();
  EXPECT_EQ(e->named_parameters().size(), t->named_parameters().size());
  compare_encoder(e, t, {float_mask(4, 4), padding_mask(3, 4, 1)}, {4, 3, 8});
  EXPECT_EQ(printed(*e), printed(*t));
}

// Decoder layers and decoders: tgt [4, 2, 8], memory [6, 2, 8], all four masks.
template <class E, class T>
void compare_decoder(E& e, T& t, bool with_masks) {
  const Tensor tgt_mask = with_masks ? nn::TransformerImpl::generate_square_subsequent_mask(4) : Tensor();
  const Masks memory{with_masks ? float_mask(4, 6) : Tensor(), with_masks ? padding_mask(2, 6, 2) : Tensor()};
  const Masks tgt{tgt_mask, with_masks ? padding_mask(2, 4, 1) : Tensor()};
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        return EL{e->forward(x[0], x[1], tgt.e_attn(x[0]), memory.e_attn(x[0]), tgt.padding, memory.padding)};
      },
      [&](const TL& x) {
        return TL{t->forward(x[0], x[1], tgt.t_attn(x[0]), memory.t_attn(x[0]), tgt.t_padding(), memory.t_padding())};
      },
      {{4, 2, 8}, {6, 2, 8}}, 1e-4);
}

TEST(TransformerLayers, DecoderLayerReluGelu) {
  manual_seed(8);
  nn::TransformerDecoderLayer e(nn::TransformerDecoderLayerOptions(8, 2).dim_feedforward(16).dropout(0.0));
  torch::nn::TransformerDecoderLayer t(torch::nn::TransformerDecoderLayerOptions(8, 2).dim_feedforward(16).dropout(0.0));
  compare_decoder(e, t, false);
  compare_decoder(e, t, true);
  nn::TransformerDecoderLayer eg(nn::TransformerDecoderLayerOptions(8, 4).dim_feedforward(12).activation(nn::kGELU));
  torch::nn::TransformerDecoderLayer tg(
      torch::nn::TransformerDecoderLayerOptions(8, 4).dim_feedforward(12).activation(torch::kGELU));
  eg->eval();
  tg->eval();
  compare_decoder(eg, tg, true);
}

TEST(TransformerLayers, DecoderTwoLayersWithNorm) {
  manual_seed(9);
  nn::TransformerDecoder e(nn::TransformerDecoderOptions(nn::TransformerDecoderLayerOptions(8, 2).dim_feedforward(16), 2)
                               .norm(nn::AnyModule(nn::LayerNorm(nn::LayerNormOptions({8})))));
  torch::nn::TransformerDecoder t(
      torch::nn::TransformerDecoderOptions(torch::nn::TransformerDecoderLayerOptions(8, 2).dim_feedforward(16), 2)
          .norm(torch::nn::AnyModule(torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})))));
  e->eval();
  t->eval();
  compare_decoder(e, t, true);
  EXPECT_EQ(printed(*e), printed(*t));
}

TEST(TransformerLayers, TransformerWithMasks) {
  manual_seed(10);
  nn::Transformer e(nn::TransformerOptions(8, 2, 2, 1).dim_feedforward(16).dropout(0.0));
  torch::nn::Transformer t(torch::nn::TransformerOptions(8, 2, 2, 1).dim_feedforward(16).dropout(0.0));
  const Tensor tgt_mask = nn::TransformerImpl::generate_square_subsequent_mask(4);
  expect_close(tgt_mask, torch::nn::TransformerImpl::generate_square_subsequent_mask(4), 0);
  const Masks src{float_mask(5, 5), padding_mask(2, 5, 1)};
  const Masks tgt{tgt_mask, padding_mask(2, 4, 1)};
  const Masks memory{float_mask(4, 5), padding_mask(2, 5, 2)};
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        return EL{e->forward(x[0], x[1], src.e_attn(x[0]), tgt.e_attn(x[0]), memory.e_attn(x[0]), src.padding,
                             tgt.padding, memory.padding)};
      },
      [&](const TL& x) {
        return TL{t->forward(x[0], x[1], src.t_attn(x[0]), tgt.t_attn(x[0]), memory.t_attn(x[0]), src.t_padding(),
                             tgt.t_padding(), memory.t_padding())};
      },
      {{5, 2, 8}, {4, 2, 8}}, 1e-4);
  EXPECT_EQ(printed(*e), printed(*t));
}

TEST(TransformerLayers, Printing) {
  EXPECT_EQ(printed(*nn::MultiheadAttention(4, 2)), printed(*torch::nn::MultiheadAttention(4, 2)));
  EXPECT_EQ(printed(*nn::MultiheadAttention(nn::MultiheadAttentionOptions(4, 2).bias(false).kdim(3))),
            printed(*torch::nn::MultiheadAttention(torch::nn::MultiheadAttentionOptions(4, 2).bias(false).kdim(3))));
  EXPECT_EQ(printed(*nn::TransformerEncoderLayer(8, 2)), printed(*torch::nn::TransformerEncoderLayer(8, 2)));
  EXPECT_EQ(printed(*nn::TransformerDecoderLayer(nn::TransformerDecoderLayerOptions(8, 2).dropout(0.2))),
            printed(*torch::nn::TransformerDecoderLayer(torch::nn::TransformerDecoderLayerOptions(8, 2).dropout(0.2))));
  EXPECT_EQ(printed(*nn::Transformer(nn::TransformerOptions(8, 2, 1, 1).dim_feedforward(4))),
            printed(*torch::nn::Transformer(torch::nn::TransformerOptions(8, 2, 1, 1).dim_feedforward(4))));
}

// Parameter names, shapes and order as LibTorch, and its initialization: zero biases,
// xavier bounds on in_proj_weight.
TEST(TransformerLayers, ParametersAndInit) {
  const auto names = [](const auto& m) {
    std::vector<std::string> out;
    for (const auto& p : m->named_parameters()) out.push_back(p.key() + ":" + std::to_string(p.value().dim()));
    return out;
  };
  nn::MultiheadAttention e(nn::MultiheadAttentionOptions(4, 2).kdim(3).vdim(5).add_bias_kv(true));
  torch::nn::MultiheadAttention t(torch::nn::MultiheadAttentionOptions(4, 2).kdim(3).vdim(5).add_bias_kv(true));
  EXPECT_EQ(names(e), names(t));
  nn::Transformer et(nn::TransformerOptions(8, 2, 1, 2).dim_feedforward(4));
  torch::nn::Transformer tt(torch::nn::TransformerOptions(8, 2, 1, 2).dim_feedforward(4));
  EXPECT_EQ(names(et), names(tt));
  nn::MultiheadAttention m(16, 4);
  EXPECT_EQ(m->in_proj_bias.abs().max().item<double>(), 0.0);
  EXPECT_EQ(m->out_proj->bias.abs().max().item<double>(), 0.0);
  const double bound = std::sqrt(6.0 / (16 + 48));  // xavier_uniform_ on [48, 16]
  EXPECT_LE(m->in_proj_weight.abs().max().item<double>(), bound);
  EXPECT_GT(m->in_proj_weight.abs().max().item<double>(), 0.8 * bound);
}

}  // namespace
}  // namespace ember::difftest
