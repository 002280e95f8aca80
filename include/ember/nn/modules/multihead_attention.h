#pragma once
// MultiheadAttention, as torch::nn::MultiheadAttention (LibTorch 1.13): the same parameters,
// initialization, forward signature and printing.
#include <tuple>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/modules/linear.h"
#include "ember/nn/options/multihead_attention.h"

namespace ember::nn {

// Parameters, in LibTorch's order: in_proj_weight [3E, E] (or, when kdim or vdim differ from E,
// q_proj_weight [E, E], k_proj_weight [E, kdim], v_proj_weight [E, vdim]), in_proj_bias [3E],
// bias_k and bias_v [1, 1, E] (with add_bias_kv), then the child out_proj (Linear E -> E).
// Initialization: xavier_uniform_ projections, zero in_proj_bias and out_proj.bias,
// xavier_normal_ bias_k / bias_v; out_proj.weight keeps Linear's initialization.
class MultiheadAttentionImpl : public Cloneable<MultiheadAttentionImpl> {
 public:
  MultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads)
      : MultiheadAttentionImpl(MultiheadAttentionOptions(embed_dim, num_heads)) {}
  explicit MultiheadAttentionImpl(const MultiheadAttentionOptions& options);
  void reset() override;
  // Re-draws the parameters as at construction.
  void _reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // query [L, N, E], key [S, N, kdim], value [S, N, vdim] -> (attn_output [L, N, E],
  // attn_weights); see functional::multi_head_attention_forward for the masks and weights.
  std::tuple<Tensor, Tensor> forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                     const Tensor& key_padding_mask = {}, bool need_weights = true,
                                     const Tensor& attn_mask = {}, bool average_attn_weights = true);

  MultiheadAttentionOptions options;
  bool _qkv_same_embed_dim = true;
  Tensor in_proj_weight;
  Tensor in_proj_bias;
  Tensor bias_k;
  Tensor bias_v;
  Linear out_proj = nullptr;
  Tensor q_proj_weight;
  Tensor k_proj_weight;
  Tensor v_proj_weight;
  int64_t head_dim = 0;
};
EMBER_MODULE(MultiheadAttention);

}  // namespace ember::nn
