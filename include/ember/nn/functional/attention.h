#pragma once
// torch::nn::functional::multi_head_attention_forward (LibTorch 1.13), built from
// differentiable ember ops (linear, bmm, softmax, dropout, masked_fill), so gradients of any
// order flow to the inputs and every projection weight.
#include <tuple>

#include "ember/core/tensor.h"
#include "ember/nn/options/multihead_attention.h"

namespace ember::nn::functional {

// query [L, N, E], key [S, N, kdim], value [S, N, vdim] (sequence first) -> (output [L, N, E],
// weights [N, L, S'] averaged over heads, or [N, heads, L, S'] with average_attn_weights(false),
// undefined without need_weights), where S' counts the bias_kv and zero_attn positions.
// Masks: attn_mask [L, S] or [N * heads, L, S]; a floating mask is added to the scores (as
// LibTorch), a bool mask marks positions to ignore (true = -inf, as PyTorch's Python API; LibTorch
// 1.13's C++ would add it as 0/1). key_padding_mask [N, S] is bool, true = ignore that key.
std::tuple<Tensor, Tensor> multi_head_attention_forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                                        const MultiheadAttentionForwardFuncOptions& options);

}  // namespace ember::nn::functional
