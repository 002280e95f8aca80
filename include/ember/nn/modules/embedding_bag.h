#pragma once
// EmbeddingBag, as torch::nn::EmbeddingBag: a lookup table whose rows are summed, averaged or
// maxed per bag of indices.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/embedding_bag.h"

namespace ember::nn {

// weight [num_embeddings, embedding_dim], initialized normal(0, 1) with the padding row zeroed.
class EmbeddingBagImpl : public Cloneable<EmbeddingBagImpl> {
 public:
  EmbeddingBagImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingBagImpl(EmbeddingBagOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingBagImpl(EmbeddingBagOptions options);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // input 1-D with offsets (the start of each bag), or 2-D [bags, n] without; per_sample_weights
  // (input's shape, mode kSum only) scale each entry's row. -> [bags, embedding_dim].
  Tensor forward(const Tensor& input, const Tensor& offsets = Tensor(), const Tensor& per_sample_weights = Tensor());

  EmbeddingBagOptions options;
  Tensor weight;
};
EMBER_MODULE(EmbeddingBag);

}  // namespace ember::nn
