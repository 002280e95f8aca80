#include "ember/nn/modules/embedding.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/indexing.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"
#include "nn/modules/embedding_table.h"

namespace ember::nn {

EmbeddingImpl::EmbeddingImpl(EmbeddingOptions options) : options(std::move(options)) { reset(); }

void EmbeddingImpl::reset() {
  Tensor table = embedding_table("Embedding", options.num_embeddings(), options.embedding_dim(), options.padding_idx(),
                                 options._weight());
  weight = register_parameter("weight", table);
}

void EmbeddingImpl::reset_parameters() { init_embedding_table(weight, options.padding_idx()); }

void EmbeddingImpl::renorm_rows(const Tensor& indices) {
  EMBER_CHECK(indices.scalar_type() == kLong || indices.scalar_type() == kInt, "Embedding",
              "indices must be int64 or int32, got ", indices.scalar_type());
  NoGradGuard no_grad;
  const double max_norm = *options.max_norm();
  Tensor idx = indices.flatten().to(kLong);
  Tensor rows = index_select(weight, 0, idx);                                  // [n, dim]
  Tensor norms = norm(rows, options.norm_type(), {1}, /*keepdim=*/true);       // [n, 1]
  // The 1e-7 keeps the rescaled norm just under max_norm, as LibTorch. A repeated index
  // writes the same row twice.
  Tensor scale = where(norms > max_norm, max_norm / (norms + 1e-7), 1.0);
  index_put_(weight, {idx}, rows * scale);
}

void EmbeddingImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::Embedding(num_embeddings=" << options.num_embeddings()
         << ", embedding_dim=" << options.embedding_dim();
  if (options.padding_idx()) stream << ", padding_idx=" << *options.padding_idx();
  if (options.max_norm()) stream << ", max_norm=" << *options.max_norm();
  if (options.norm_type() != 2) stream << ", norm_type=" << options.norm_type();
  if (options.scale_grad_by_freq()) stream << ", scale_grad_by_freq=true";
  if (options.sparse()) stream << ", sparse=true";
  stream << ")";
}

Tensor EmbeddingImpl::forward(const Tensor& indices) {
  if (options.max_norm()) renorm_rows(indices);
  return embedding(weight, indices, options.padding_idx().value_or(-1), options.scale_grad_by_freq(),
                   options.sparse());
}

}  // namespace ember::nn
