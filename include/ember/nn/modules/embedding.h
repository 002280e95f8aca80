#pragma once
// Embedding, as torch::nn::Embedding: a lookup table of num_embeddings vectors.
#include <optional>
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

struct EmbeddingOptions {
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  EMBER_ARG(int64_t, num_embeddings);
  EMBER_ARG(int64_t, embedding_dim);
  // The row that gets no gradient and starts at zero; negative counts from the end (reset()
  // stores it as num_embeddings + padding_idx, as LibTorch).
  EMBER_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  // Each forward first rescales, in place and without recording, every looked-up row whose
  // norm_type-norm exceeds max_norm to norm max_norm (as torch::embedding_renorm_).
  EMBER_ARG(std::optional<double>, max_norm) = std::nullopt;
  EMBER_ARG(double, norm_type) = 2.;
  EMBER_ARG(bool, scale_grad_by_freq) = false;
  // ember has no sparse tensors: sparse(true) throws in forward (see ember::embedding).
  EMBER_ARG(bool, sparse) = false;
  // A given weight [num_embeddings, embedding_dim] used as is instead of the normal(0, 1) init.
  EMBER_ARG(Tensor, _weight) = Tensor();
};

// weight [num_embeddings, embedding_dim], initialized normal(0, 1) with the padding row zeroed.
class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingImpl(EmbeddingOptions options);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // indices (int64 or int32, any shape) -> [*indices.shape, embedding_dim].
  Tensor forward(const Tensor& indices);

  EmbeddingOptions options;
  Tensor weight;

 private:
  // With max_norm: rescales the rows `indices` picks whose norm exceeds it (in place).
  void renorm_rows(const Tensor& indices);
};
EMBER_MODULE(Embedding);

}  // namespace ember::nn
