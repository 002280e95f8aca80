#include "ember/nn/modules/embedding_bag.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/nn/functional/embedding_bag.h"
#include "ember/nn/init.h"

namespace ember::nn {

EmbeddingBagImpl::EmbeddingBagImpl(EmbeddingBagOptions options) : options(std::move(options)) { reset(); }

void EmbeddingBagImpl::reset() {
  const int64_t num = options.num_embeddings();
  const int64_t dim = options.embedding_dim();
  EMBER_CHECK(num >= 0 && dim >= 0, "EmbeddingBag", "num_embeddings and embedding_dim must be non-negative, got ",
              num, " and ", dim);
  if (auto& padding_idx = options.padding_idx()) {
    EMBER_CHECK(*padding_idx >= -num && *padding_idx < num, "EmbeddingBag", "padding_idx ", *padding_idx,
                " must be within num_embeddings (", num, ")");
    if (*padding_idx < 0) *padding_idx += num;
  }
  if (!options._weight().defined()) {
    weight = register_parameter("weight", empty({num, dim}));
    reset_parameters();
    return;
  }
  const Tensor& given = options._weight();
  EMBER_CHECK(given.dim() == 2 && given.size(0) == num && given.size(1) == dim, "EmbeddingBag",
              "_weight must have shape [num_embeddings, embedding_dim] = [", num, ", ", dim, "], got ",
              given.sizes());
  weight = register_parameter("weight", given);
}

void EmbeddingBagImpl::reset_parameters() {
  init::normal_(weight);
  if (options.padding_idx()) {
    NoGradGuard no_grad;
    weight[*options.padding_idx()].fill_(0);
  }
}

void EmbeddingBagImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::EmbeddingBag(num_embeddings=" << options.num_embeddings()
         << ", embedding_dim=" << options.embedding_dim();
  if (options.max_norm()) stream << ", max_norm=" << *options.max_norm();
  if (options.norm_type() != 2) stream << ", norm_type=" << options.norm_type();
  if (options.scale_grad_by_freq()) stream << ", scale_grad_by_freq=true";
  if (options.sparse()) stream << ", sparse=true";
  if (options.mode().kind() != EmbeddingBagMode::Mean) stream << ", mode=" << options.mode().name();
  if (options.include_last_offset()) stream << ", include_last_offset=true";
  if (options.padding_idx()) stream << ", padding_idx=" << *options.padding_idx();
  stream << ")";
}

Tensor EmbeddingBagImpl::forward(const Tensor& input, const Tensor& offsets, const Tensor& per_sample_weights) {
  return functional::embedding_bag(input, weight,
                                   functional::EmbeddingBagFuncOptions()
                                       .offsets(offsets)
                                       .max_norm(options.max_norm())
                                       .norm_type(options.norm_type())
                                       .scale_grad_by_freq(options.scale_grad_by_freq())
                                       .mode(options.mode())
                                       .sparse(options.sparse())
                                       .per_sample_weights(per_sample_weights)
                                       .include_last_offset(options.include_last_offset())
                                       .padding_idx(options.padding_idx()));
}

}  // namespace ember::nn
