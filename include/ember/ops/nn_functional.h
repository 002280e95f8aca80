#pragma once
// Functional neural-network ops with fused CPU kernels, as torch::softmax, torch::layer_norm,
// torch::embedding, torch::dropout (LibTorch names, argument order and defaults). Each op's
// backward is written in ember ops, so higher derivatives work.
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

// softmax.cpp: exp(x - max) / sum(exp(x - max)) along `dim`. With `dtype`, the input is
// converted to dtype first (as PyTorch, to compute half inputs in float, say).
Tensor softmax(const Tensor& input, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
// log(softmax(x)), computed as x - max - log(sum(exp(x - max))) so it never takes log(0).
Tensor log_softmax(const Tensor& input, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// normalization.cpp
// Normalizes over the trailing dims `normalized_shape` (input shape [*, normalized_shape]):
// (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance. weight and bias
// have shape normalized_shape. cudnn_enable is accepted for LibTorch compatibility and ignored.
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape,
                  const std::optional<Tensor>& weight = std::nullopt,
                  const std::optional<Tensor>& bias = std::nullopt, double eps = 1e-5,
                  bool cudnn_enable = true);
// input [N, C, *]: channels split into num_groups groups, each (sample, group) normalized over
// its C / num_groups channels and all of *, then weight/bias [C] applied per channel.
Tensor group_norm(const Tensor& input, int64_t num_groups,
                  const std::optional<Tensor>& weight = std::nullopt,
                  const std::optional<Tensor>& bias = std::nullopt, double eps = 1e-5,
                  bool cudnn_enabled = true);
// PyTorch 2.4's rms_norm (LibTorch 1.13 has none): x / sqrt(mean(x^2) + eps) * weight over the
// trailing dims normalized_shape. eps defaults to the machine epsilon of the input's compute
// type (float for half/bfloat16/float, double for double), as PyTorch.
Tensor rms_norm(const Tensor& input, IntArrayRef normalized_shape,
                const std::optional<Tensor>& weight = std::nullopt,
                std::optional<double> eps = std::nullopt);

// Batch normalization of input [N, C, *] per channel, statistics over N and *:
// (x - mean) / sqrt(var + eps) * weight + bias, weight/bias/running_mean/running_var [C]
// (each may be absent). training: the batch mean and biased variance normalize, and defined
// running statistics are updated in place, running = (1 - momentum) * running + momentum *
// stat, with the unbiased variance (as PyTorch); more than one value per channel is required.
// Otherwise the running statistics normalize (they must be given). cudnn_enabled is ignored.
Tensor batch_norm(const Tensor& input, const std::optional<Tensor>& weight, const std::optional<Tensor>& bias,
                  const std::optional<Tensor>& running_mean, const std::optional<Tensor>& running_var, bool training,
                  double momentum, double eps, bool cudnn_enabled = true);
// Instance normalization: each (sample, channel) of input [N, C, *] normalized over *.
// use_input_stats: with those statistics, updating defined running statistics [C] with their
// average over the batch; otherwise with the running statistics. Other arguments as batch_norm.
Tensor instance_norm(const Tensor& input, const std::optional<Tensor>& weight, const std::optional<Tensor>& bias,
                     const std::optional<Tensor>& running_mean, const std::optional<Tensor>& running_var,
                     bool use_input_stats, double momentum, double eps, bool cudnn_enabled = true);

// embedding.cpp: rows of weight [num_embeddings, embedding_dim] picked by integer `indices`
// (int64 or int32, any shape); the result has shape [*indices.shape, embedding_dim]. Rows
// equal to padding_idx (when >= 0) get no gradient; scale_grad_by_freq divides each row's
// gradient by how often it occurs in indices. sparse=true is rejected: ember has no sparse
// tensors (LibTorch would return a sparse gradient).
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx = -1,
                 bool scale_grad_by_freq = false, bool sparse = false);

// dropout.cpp: in training, zeroes each element with probability p and scales the rest by
// 1 / (1 - p), drawing from ember's Philox generator. p = 0 or train = false return input.
Tensor dropout(const Tensor& input, double p, bool train);
// Channel-wise dropout of an input [N, C, *]: each (n, c) slice is zeroed as a whole with
// probability p, the kept ones scaled by 1 / (1 - p) (the mask broadcast over *).
Tensor feature_dropout(const Tensor& input, double p, bool train);
// Dropout for SELU networks: dropped elements are set to SELU's negative saturation value and
// an affine correction keeps a zero-mean unit-variance input at mean 0, variance 1.
Tensor alpha_dropout(const Tensor& input, double p, bool train);
// alpha_dropout with one draw per (n, c) channel of an input [N, C, *], as feature_dropout.
Tensor feature_alpha_dropout(const Tensor& input, double p, bool train);

}  // namespace ember
