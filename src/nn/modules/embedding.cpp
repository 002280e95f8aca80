#include "ember/nn/modules/embedding.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/indexing.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember::nn {

EmbeddingImpl::EmbeddingImpl(EmbeddingOptions options) : options(std::move(options)) { reset(); }

void EmbeddingImpl::reset() {
  const int64_t num = options.num_embeddings();
  const int64_t dim = options.embedding_dim();
  EMBER_CHECK(num >= 0 && dim >= 0, "Embedding", "num_embeddings and embedding_dim must be non-negative, got ",
              num, " and ", dim);
  if (auto& padding_idx = options.padding_idx()) {
    EMBER_CHECK(*padding_idx >= -num && *padding_idx < num, "Embedding", "padding_idx ", *padding_idx,
                " must be within num_embeddings (", num, ")");
    if (*padding_idx < 0) *padding_idx += num;
  }
  if (!options._weight().defined()) {
    weight = register_parameter("weight", empty({num, dim}));
    reset_parameters();
    return;
  }
  const Tensor& given = options._weight();
  EMBER_CHECK(given.dim() == 2 && given.size(0) == num && given.size(1) == dim, "Embedding",
              "_weight must have shape [num_embeddings, embedding_dim] = [", num, ", ", dim, "], got ",
              given.sizes());
  weight = register_parameter("weight", given);
}

void EmbeddingImpl::reset_parameters() {
  init::normal_(weight);
  if (options.padding_idx()) {
    NoGradGuard no_grad;
    weight[*options.padding_idx()].fill_(0);
  }
}

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
