#include "ember/nn/modules/multihead_attention.h"

#include <cmath>
#include <limits>

#include "ember/core/factories.h"
#include "ember/nn/functional/attention.h"
#include "ember/nn/init.h"
#include "ember/ops/binary.h"
#include "ember/ops/linalg.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/shape.h"

namespace ember::nn {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// Appends one zero column to a mask [.., S] -> [.., S + 1] (an appended bias_kv or zero key
// position is attended to: 0 added, false = not masked).
Tensor pad_mask(const Tensor& mask) {
  if (!mask.defined()) return mask;
  std::vector<int64_t> sizes = mask.sizes().vec();
  sizes.back() = 1;
  return cat({mask, zeros(sizes, mask.options())}, -1);
}

// The shared body of F::multi_head_attention_forward and MultiheadAttention::forward; `op`
// names the caller in errors.
std::tuple<Tensor, Tensor> attention(const Tensor& query, const Tensor& key, const Tensor& value,
                                     const functional::MultiheadAttentionForwardFuncOptions& o, const char* op) {
  const auto sizes_of = [](const Tensor& t) { return t.defined() ? t.sizes() : IntArrayRef{}; };
  EMBER_CHECK(query.defined() && query.dim() == 3, op, "expected query of 3 dims [L, N, E] (sequence first), got ",
              sizes_of(query));
  EMBER_CHECK(key.defined() && key.dim() == 3 && value.defined() && value.dim() == 3, op,
              "expected key [S, N, kdim] and value [S, N, vdim], got ", sizes_of(key), " and ", sizes_of(value));
  const int64_t tgt_len = query.size(0);
  const int64_t bsz = query.size(1);
  const int64_t embed_dim = query.size(2);
  EMBER_CHECK(key.size(0) == value.size(0) && key.size(1) == bsz && value.size(1) == bsz, op,
              "key and value must have the same sequence length and the query's batch size ", bsz,
              ", got query ", query.sizes(), ", key ", key.sizes(), ", value ", value.sizes());
  EMBER_CHECK(embed_dim == o.embed_dim_to_check(), op, "query.size(-1) must be embed_dim = ", o.embed_dim_to_check(),
              ", got query ", query.sizes());
  const int64_t num_heads = o.num_heads();
  EMBER_CHECK(num_heads > 0 && embed_dim % num_heads == 0, op, "embed_dim must be divisible by num_heads, got ",
              embed_dim, " and ", num_heads);
  EMBER_CHECK(query.is_floating_point() && key.scalar_type() == query.scalar_type() &&
                  value.scalar_type() == query.scalar_type(),
              op, "query, key and value must share one floating dtype, got ", query.scalar_type(), ", ",
              key.scalar_type(), ", ", value.scalar_type());
  const int64_t head_dim = embed_dim / num_heads;
  const Tensor& b = o.in_proj_bias();
  EMBER_CHECK(!b.defined() || b.sizes() == IntArrayRef({3 * embed_dim}), op, "in_proj_bias must be [",
              3 * embed_dim, "], got ", b.sizes());
  const auto bias_part = [&](int64_t part) { return b.defined() ? b.slice(0, part * embed_dim, (part + 1) * embed_dim) : b; };

  // Projections q [L, N, E], k [S, N, E], v [S, N, E].
  Tensor q, k, v;
  if (!o.use_separate_proj_weight()) {
    const Tensor& w = o.in_proj_weight();
    EMBER_CHECK(w.defined() && w.sizes() == IntArrayRef({3 * embed_dim, embed_dim}), op, "in_proj_weight must be [",
                3 * embed_dim, ", ", embed_dim, "], got ", sizes_of(w));
    EMBER_CHECK(key.size(2) == embed_dim && value.size(2) == embed_dim, op,
                "key and value must have embed_dim = ", embed_dim, " features (set kdim/vdim otherwise), got key ",
                key.sizes(), " and value ", value.sizes());
    if (query.is_same(key) && key.is_same(value)) {
      // Self-attention: one matmul for the three projections.
      std::vector<Tensor> qkv = linear(query, w, b).chunk(3, -1);
      q = qkv[0];
      k = qkv[1];
      v = qkv[2];
    } else {
      q = linear(query, w.slice(0, 0, embed_dim), bias_part(0));
      k = linear(key, w.slice(0, embed_dim, 2 * embed_dim), bias_part(1));
      v = linear(value, w.slice(0, 2 * embed_dim), bias_part(2));
    }
  } else {
    const auto check_weight = [&](const Tensor& w, const char* name, int64_t in) {
      EMBER_CHECK(w.defined() && w.sizes() == IntArrayRef({embed_dim, in}), op, name, " must be [", embed_dim,
                  ", ", in, "] for inputs of ", in, " features, got ", sizes_of(w));
    };
    check_weight(o.q_proj_weight(), "q_proj_weight", embed_dim);
    check_weight(o.k_proj_weight(), "k_proj_weight", key.size(2));
    check_weight(o.v_proj_weight(), "v_proj_weight", value.size(2));
    q = linear(query, o.q_proj_weight(), bias_part(0));
    k = linear(key, o.k_proj_weight(), bias_part(1));
    v = linear(value, o.v_proj_weight(), bias_part(2));
  }
  q = q * (1.0 / std::sqrt(static_cast<double>(head_dim)));

  // Masks, checked against the key length S before any position is appended.
  const bool has_static = o.static_k().defined() || o.static_v().defined();
  const int64_t src_len = o.static_k().defined() ? o.static_k().size(1) : key.size(0);
  Tensor attn_mask = o.attn_mask();
  if (attn_mask.defined()) {
    const bool ok2 = attn_mask.dim() == 2 && attn_mask.sizes() == IntArrayRef({tgt_len, src_len});
    const bool ok3 = attn_mask.dim() == 3 && attn_mask.sizes() == IntArrayRef({bsz * num_heads, tgt_len, src_len});
    EMBER_CHECK(ok2 || ok3, op, "attn_mask must be [L, S] = [", tgt_len, ", ", src_len, "] or [N * num_heads, L, S] = [",
                bsz * num_heads, ", ", tgt_len, ", ", src_len, "], got ", attn_mask.sizes());
    EMBER_CHECK(attn_mask.is_floating_point() || attn_mask.scalar_type() == kBool, op,
                "attn_mask must be floating (added to the scores) or bool (true = masked), got ",
                attn_mask.scalar_type());
    // A bool mask becomes an additive one: true -> -inf.
    if (attn_mask.scalar_type() == kBool)
      attn_mask = zeros(attn_mask.sizes(), q.options()).masked_fill(attn_mask, kNegInf);
  }
  Tensor key_padding_mask = o.key_padding_mask();
  if (key_padding_mask.defined()) {
    EMBER_CHECK(key_padding_mask.scalar_type() == kBool && key_padding_mask.sizes() == IntArrayRef({bsz, src_len}), op,
                "key_padding_mask must be a bool [N, S] = [", bsz, ", ", src_len, "] (true = ignore that key), got ",
                key_padding_mask.scalar_type(), " ", key_padding_mask.sizes());
  }

  const bool has_bias_kv = o.bias_k().defined() || o.bias_v().defined();
  if (has_bias_kv) {
    EMBER_CHECK(o.bias_k().defined() && o.bias_v().defined(), op, "bias_k and bias_v must be given together");
    EMBER_CHECK(!has_static, op, "bias cannot be added to static key or value");
    EMBER_CHECK(o.bias_k().numel() == embed_dim && o.bias_v().numel() == embed_dim, op, "bias_k and bias_v must be [1, 1, ",
                embed_dim, "], got ", o.bias_k().sizes(), " and ", o.bias_v().sizes());
    k = cat({k, o.bias_k().reshape({1, 1, embed_dim}).repeat({1, bsz, 1})}, 0);
    v = cat({v, o.bias_v().reshape({1, 1, embed_dim}).repeat({1, bsz, 1})}, 0);
    attn_mask = pad_mask(attn_mask);
    key_padding_mask = pad_mask(key_padding_mask);
  }

  // Heads as batch: [N * heads, len, head_dim].
  q = q.reshape({tgt_len, bsz * num_heads, head_dim}).transpose(0, 1);
  k = k.reshape({-1, bsz * num_heads, head_dim}).transpose(0, 1);
  v = v.reshape({-1, bsz * num_heads, head_dim}).transpose(0, 1);
  const auto use_static = [&](const Tensor& s, Tensor& target, const char* name) {
    if (!s.defined()) return;
    EMBER_CHECK(s.dim() == 3 && s.size(0) == bsz * num_heads && s.size(2) == head_dim, op, name, " must be [",
                bsz * num_heads, ", S, ", head_dim, "], got ", s.sizes());
    target = s;
  };
  use_static(o.static_k(), k, "static_k");
  use_static(o.static_v(), v, "static_v");
  EMBER_CHECK(k.size(1) == v.size(1), op, "key and value lengths differ: ", k.size(1), " and ", v.size(1));

  if (o.add_zero_attn()) {
    k = cat({k, zeros({bsz * num_heads, 1, head_dim}, k.options())}, 1);
    v = cat({v, zeros({bsz * num_heads, 1, head_dim}, v.options())}, 1);
    attn_mask = pad_mask(attn_mask);
    key_padding_mask = pad_mask(key_padding_mask);
  }
  const int64_t keys = k.size(1);

  Tensor weights = bmm(q, k.transpose(1, 2));  // [N * heads, L, keys]
  if (attn_mask.defined()) weights = weights + (attn_mask.dim() == 2 ? attn_mask.unsqueeze(0) : attn_mask);
  if (key_padding_mask.defined()) {
    weights = weights.reshape({bsz, num_heads, tgt_len, keys})
                  .masked_fill(key_padding_mask.unsqueeze(1).unsqueeze(2), kNegInf)
                  .reshape({bsz * num_heads, tgt_len, keys});
  }
  weights = softmax(weights, -1);
  weights = dropout(weights, o.dropout_p(), o.training());
  Tensor output = bmm(weights, v).transpose(0, 1).reshape({tgt_len, bsz, embed_dim});
  output = linear(output, o.out_proj_weight(), o.out_proj_bias());
  if (!o.need_weights()) return {output, Tensor()};
  weights = weights.reshape({bsz, num_heads, tgt_len, keys});
  if (o.average_attn_weights()) weights = weights.sum({1}) / static_cast<double>(num_heads);
  return {output, weights};
}

}  // namespace

namespace functional {

std::tuple<Tensor, Tensor> multi_head_attention_forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                                        const MultiheadAttentionForwardFuncOptions& options) {
  return attention(query, key, value, options, "multi_head_attention_forward");
}

}  // namespace functional

MultiheadAttentionImpl::MultiheadAttentionImpl(const MultiheadAttentionOptions& options) : options(options) {
  reset();
}

void MultiheadAttentionImpl::reset() {
  const MultiheadAttentionOptions& o = options;
  EMBER_CHECK(o.embed_dim() > 0 && o.num_heads() > 0 && o.kdim() > 0 && o.vdim() > 0, "MultiheadAttention",
              "embed_dim, num_heads, kdim and vdim must be positive, got ", o.embed_dim(), ", ", o.num_heads(), ", ",
              o.kdim(), ", ", o.vdim());
  EMBER_CHECK(o.embed_dim() % o.num_heads() == 0, "MultiheadAttention", "embed_dim must be divisible by num_heads, got ",
              o.embed_dim(), " and ", o.num_heads());
  EMBER_CHECK(o.dropout() >= 0 && o.dropout() <= 1, "MultiheadAttention",
              "dropout must be a probability in [0, 1], got ", o.dropout());
  const int64_t e = o.embed_dim();
  _qkv_same_embed_dim = o.kdim() == e && o.vdim() == e;
  head_dim = e / o.num_heads();
  if (!_qkv_same_embed_dim) {
    q_proj_weight = register_parameter("q_proj_weight", empty({e, e}));
    k_proj_weight = register_parameter("k_proj_weight", empty({e, o.kdim()}));
    v_proj_weight = register_parameter("v_proj_weight", empty({e, o.vdim()}));
    in_proj_weight = register_parameter("in_proj_weight", Tensor(), false);
  } else {
    in_proj_weight = register_parameter("in_proj_weight", empty({3 * e, e}));
    q_proj_weight = register_parameter("q_proj_weight", Tensor(), false);
    k_proj_weight = register_parameter("k_proj_weight", Tensor(), false);
    v_proj_weight = register_parameter("v_proj_weight", Tensor(), false);
  }
  in_proj_bias = register_parameter("in_proj_bias", o.bias() ? empty({3 * e}) : Tensor(), o.bias());
  out_proj = register_module("out_proj", Linear(LinearOptions(e, e).bias(o.bias())));
  if (o.add_bias_kv()) {
    bias_k = register_parameter("bias_k", empty({1, 1, e}));
    bias_v = register_parameter("bias_v", empty({1, 1, e}));
  } else {
    bias_k = Tensor();
    bias_v = Tensor();
  }
  _reset_parameters();
}

void MultiheadAttentionImpl::_reset_parameters() {
  if (_qkv_same_embed_dim) {
    init::xavier_uniform_(in_proj_weight);
  } else {
    init::xavier_uniform_(q_proj_weight);
    init::xavier_uniform_(k_proj_weight);
    init::xavier_uniform_(v_proj_weight);
  }
  if (in_proj_bias.defined()) {
    init::zeros_(in_proj_bias);
    init::zeros_(out_proj->bias);
  }
  if (bias_k.defined()) init::xavier_normal_(bias_k);
  if (bias_v.defined()) init::xavier_normal_(bias_v);
}

void MultiheadAttentionImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::MultiheadAttention"; }

std::tuple<Tensor, Tensor> MultiheadAttentionImpl::forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                                           const Tensor& key_padding_mask, bool need_weights,
                                                           const Tensor& attn_mask, bool average_attn_weights) {
  auto o = functional::MultiheadAttentionForwardFuncOptions(options.embed_dim(), options.num_heads(), in_proj_weight,
                                                            in_proj_bias, bias_k, bias_v, options.add_zero_attn(),
                                                            options.dropout(), out_proj->weight, out_proj->bias)
               .training(is_training())
               .key_padding_mask(key_padding_mask)
               .need_weights(need_weights)
               .attn_mask(attn_mask)
               .average_attn_weights(average_attn_weights);
  if (!_qkv_same_embed_dim) {
    o.use_separate_proj_weight(true).q_proj_weight(q_proj_weight).k_proj_weight(k_proj_weight).v_proj_weight(
        v_proj_weight);
  }
  return attention(query, key, value, o, "MultiheadAttention");
}

}  // namespace ember::nn
