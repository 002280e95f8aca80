#include "ember/nn/modules/transformerlayer.h"

#include "ember/ops/binary.h"
#include "ember/ops/unary.h"

namespace ember::nn {
namespace {

Tensor apply_activation(const activation_t& activation, const Tensor& x) {
  if (const auto* kind = std::get_if<TransformerActivation>(&activation))
    return *kind == TransformerActivation::kGELU ? gelu(x) : relu(x);
  return std::get<std::function<Tensor(const Tensor&)>>(activation)(x);
}

void check_layer_options(int64_t d_model, int64_t nhead, int64_t dim_feedforward, double dropout,
                         const activation_t& activation, const char* op) {
  EMBER_CHECK(d_model > 0 && nhead > 0 && d_model % nhead == 0, op,
              "d_model must be positive and divisible by nhead, got d_model=", d_model, ", nhead=", nhead);
  EMBER_CHECK(dim_feedforward > 0, op, "dim_feedforward must be positive, got ", dim_feedforward);
  EMBER_CHECK(dropout >= 0 && dropout <= 1, op, "dropout must be a probability in [0, 1], got ", dropout);
  const auto* fn = std::get_if<std::function<Tensor(const Tensor&)>>(&activation);
  EMBER_CHECK(fn == nullptr || static_cast<bool>(*fn), op, "the activation function is empty");
}

void check_sequence(const Tensor& x, int64_t d_model, const char* what, const char* op) {
  EMBER_CHECK(x.defined() && x.dim() == 3 && x.size(2) == d_model, op, "expected ", what,
              " of shape [sequence, batch, d_model = ", d_model, "], got ", x.defined() ? x.sizes() : IntArrayRef{});
}

}  // namespace

TransformerEncoderLayerImpl::TransformerEncoderLayerImpl(const TransformerEncoderLayerOptions& options)
    : options(options) {
  reset();
}

void TransformerEncoderLayerImpl::reset() {
  const auto& o = options;
  check_layer_options(o.d_model(), o.nhead(), o.dim_feedforward(), o.dropout(), o.activation(),
                      "TransformerEncoderLayer");
  self_attn = register_module("self_attn",
                              MultiheadAttention(MultiheadAttentionOptions(o.d_model(), o.nhead()).dropout(o.dropout())));
  linear1 = register_module("linear1", Linear(o.d_model(), o.dim_feedforward()));
  dropout = register_module("dropout", Dropout(o.dropout()));
  linear2 = register_module("linear2", Linear(o.dim_feedforward(), o.d_model()));
  norm1 = register_module("norm1", LayerNorm(LayerNormOptions({o.d_model()})));
  norm2 = register_module("norm2", LayerNorm(LayerNormOptions({o.d_model()})));
  dropout1 = register_module("dropout1", Dropout(o.dropout()));
  dropout2 = register_module("dropout2", Dropout(o.dropout()));
}

void TransformerEncoderLayerImpl::reset_parameters() {
  self_attn->_reset_parameters();
  linear1->reset_parameters();
  linear2->reset_parameters();
  norm1->reset_parameters();
  norm2->reset_parameters();
}

void TransformerEncoderLayerImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::TransformerEncoderLayerImpl";
}

Tensor TransformerEncoderLayerImpl::forward(const Tensor& src, const Tensor& src_mask,
                                            const Tensor& src_key_padding_mask) {
  check_sequence(src, options.d_model(), "src", "TransformerEncoderLayer");
  Tensor attended = std::get<0>(self_attn->forward(src, src, src, src_key_padding_mask, false, src_mask));
  Tensor x = norm1(src + dropout1(attended));
  Tensor fed = linear2(dropout(apply_activation(options.activation(), linear1(x))));
  return norm2(x + dropout2(fed));
}

TransformerDecoderLayerImpl::TransformerDecoderLayerImpl(const TransformerDecoderLayerOptions& options)
    : options(options) {
  reset();
}

void TransformerDecoderLayerImpl::reset() {
  const auto& o = options;
  check_layer_options(o.d_model(), o.nhead(), o.dim_feedforward(), o.dropout(), o.activation(),
                      "TransformerDecoderLayer");
  const auto attention_options = MultiheadAttentionOptions(o.d_model(), o.nhead()).dropout(o.dropout());
  // Registration order as LibTorch (it fixes named_parameters and printing).
  self_attn = register_module("self_attn", MultiheadAttention(attention_options));
  multihead_attn = register_module("multihead_attn", MultiheadAttention(attention_options));
  linear1 = register_module("linear1", Linear(o.d_model(), o.dim_feedforward()));
  dropout = register_module("dropout", Dropout(o.dropout()));
  linear2 = register_module("linear2", Linear(o.dim_feedforward(), o.d_model()));
  norm1 = register_module("norm1", LayerNorm(LayerNormOptions({o.d_model()})));
  norm2 = register_module("norm2", LayerNorm(LayerNormOptions({o.d_model()})));
  norm3 = register_module("norm3", LayerNorm(LayerNormOptions({o.d_model()})));
  dropout1 = register_module("dropout1", Dropout(o.dropout()));
  dropout2 = register_module("dropout2", Dropout(o.dropout()));
  dropout3 = register_module("dropout3", Dropout(o.dropout()));
}

void TransformerDecoderLayerImpl::reset_parameters() {
  self_attn->_reset_parameters();
  multihead_attn->_reset_parameters();
  linear1->reset_parameters();
  linear2->reset_parameters();
  norm1->reset_parameters();
  norm2->reset_parameters();
  norm3->reset_parameters();
}

void TransformerDecoderLayerImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::TransformerDecoderLayerImpl";
}

Tensor TransformerDecoderLayerImpl::activation(const Tensor& input) {
  return apply_activation(options.activation(), input);
}

Tensor TransformerDecoderLayerImpl::forward(Tensor tgt, const Tensor& memory, const Tensor& tgt_mask,
                                            const Tensor& memory_mask, const Tensor& tgt_key_padding_mask,
                                            const Tensor& memory_key_padding_mask) {
  const char* op = "TransformerDecoderLayer";
  check_sequence(tgt, options.d_model(), "tgt", op);
  check_sequence(memory, options.d_model(), "memory", op);
  EMBER_CHECK(memory.size(1) == tgt.size(1), op, "tgt and memory must have the same batch size, got ", tgt.sizes(),
              " and ", memory.sizes());
  Tensor attended = std::get<0>(self_attn->forward(tgt, tgt, tgt, tgt_key_padding_mask, false, tgt_mask));
  tgt = norm1(tgt + dropout1(attended));
  attended = std::get<0>(multihead_attn->forward(tgt, memory, memory, memory_key_padding_mask, false, memory_mask));
  tgt = norm2(tgt + dropout2(attended));
  Tensor fed = linear2(dropout(activation(linear1(tgt))));
  return norm3(tgt + dropout3(fed));
}

}  // namespace ember::nn
