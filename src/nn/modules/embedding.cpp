#include "ember/nn/modules/embedding.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/nn_functional.h"

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
  EMBER_CHECK(!options.max_norm(), "Embedding",
              "max_norm is not supported (no in-place embedding renormalization); renormalize the weight "
              "yourself under NoGradGuard");
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

void EmbeddingImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::Embedding(num_embeddings=" << options.num_embeddings()
         << ", embedding_dim=" << options.embedding_dim();
  if (options.padding_idx()) stream << ", padding_idx=" << *options.padding_idx();
  if (options.norm_type() != 2) stream << ", norm_type=" << options.norm_type();
  if (options.scale_grad_by_freq()) stream << ", scale_grad_by_freq=true";
  if (options.sparse()) stream << ", sparse=true";
  stream << ")";
}

Tensor EmbeddingImpl::forward(const Tensor& indices) {
  return embedding(weight, indices, options.padding_idx().value_or(-1), options.scale_grad_by_freq(),
                   options.sparse());
}

}  // namespace ember::nn
