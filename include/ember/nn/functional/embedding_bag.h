#pragma once
// torch::nn::functional::embedding_bag: the rows of weight [num_embeddings, dim] picked by
// input, summed, averaged or maxed per bag -> [bags, dim]. A 2-D input [bags, n] has one bag
// per row; a 1-D input is cut into bags at options.offsets(). Empty bags give zeros.
#include "ember/core/tensor.h"
#include "ember/nn/options/embedding_bag.h"

namespace ember::nn::functional {

Tensor embedding_bag(const Tensor& input, const Tensor& weight, const EmbeddingBagFuncOptions& options = {});

}  // namespace ember::nn::functional
