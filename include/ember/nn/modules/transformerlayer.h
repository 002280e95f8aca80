#pragma once
// TransformerEncoderLayer and TransformerDecoderLayer, as LibTorch 1.13: post-norm layers
// (x = norm(x + dropout(sublayer(x)))) over sequence-first [L, N, d_model] inputs, with
// LibTorch's submodule names and order, so named_parameters and printing match.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/modules/dropout.h"
#include "ember/nn/modules/linear.h"
#include "ember/nn/modules/multihead_attention.h"
#include "ember/nn/modules/normalization.h"
#include "ember/nn/options/transformerlayer.h"

namespace ember::nn {

// src = norm1(src + dropout1(self_attn(src, src, src)));
// src = norm2(src + dropout2(linear2(dropout(activation(linear1(src)))))).
class TransformerEncoderLayerImpl : public Cloneable<TransformerEncoderLayerImpl> {
 public:
  TransformerEncoderLayerImpl(int64_t d_model, int64_t nhead)
      : TransformerEncoderLayerImpl(TransformerEncoderLayerOptions(d_model, nhead)) {}
  explicit TransformerEncoderLayerImpl(const TransformerEncoderLayerOptions& options);
  // src [L, N, d_model]; src_mask [L, L] (float: added; bool: true = masked);
  // src_key_padding_mask bool [N, L] (true = padding) -> [L, N, d_model].
  Tensor forward(const Tensor& src, const Tensor& src_mask = {}, const Tensor& src_key_padding_mask = {});
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;

  TransformerEncoderLayerOptions options;
  MultiheadAttention self_attn = nullptr;
  Linear linear1 = nullptr;
  Dropout dropout = nullptr;
  Linear linear2 = nullptr;
  LayerNorm norm1 = nullptr;
  LayerNorm norm2 = nullptr;
  Dropout dropout1 = nullptr;
  Dropout dropout2 = nullptr;
};
EMBER_MODULE(TransformerEncoderLayer);

// tgt = norm1(tgt + dropout1(self_attn(tgt, tgt, tgt)));
// tgt = norm2(tgt + dropout2(multihead_attn(tgt, memory, memory)));
// tgt = norm3(tgt + dropout3(linear2(dropout(activation(linear1(tgt)))))).
class TransformerDecoderLayerImpl : public Cloneable<TransformerDecoderLayerImpl> {
 public:
  TransformerDecoderLayerImpl(int64_t d_model, int64_t nhead)
      : TransformerDecoderLayerImpl(TransformerDecoderLayerOptions(d_model, nhead)) {}
  explicit TransformerDecoderLayerImpl(const TransformerDecoderLayerOptions& options);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // tgt [T, N, d_model], memory [S, N, d_model]; tgt_mask [T, T], memory_mask [T, S];
  // key padding masks bool [N, T] and [N, S] -> [T, N, d_model].
  Tensor forward(Tensor tgt, const Tensor& memory, const Tensor& tgt_mask = {}, const Tensor& memory_mask = {},
                 const Tensor& tgt_key_padding_mask = {}, const Tensor& memory_key_padding_mask = {});

  TransformerDecoderLayerOptions options;
  MultiheadAttention self_attn{nullptr};
  Dropout dropout1{nullptr};
  LayerNorm norm1{nullptr};
  MultiheadAttention multihead_attn{nullptr};
  Dropout dropout2{nullptr};
  LayerNorm norm2{nullptr};
  Linear linear1{nullptr};
  Dropout dropout{nullptr};
  Linear linear2{nullptr};
  Dropout dropout3{nullptr};
  LayerNorm norm3{nullptr};

 protected:
  Tensor activation(const Tensor& input);
};
EMBER_MODULE(TransformerDecoderLayer);

}  // namespace ember::nn
