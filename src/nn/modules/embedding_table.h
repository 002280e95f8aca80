#pragma once
// The lookup table Embedding and EmbeddingBag share: [num_embeddings, embedding_dim], with an
// optional padding row that starts (and, through the ops, stays) at zero.
#include <cstdint>
#include <optional>

#include "ember/core/tensor.h"

namespace ember::nn {

// Checks the sizes and padding_idx (a negative one is wrapped in place) for `module`, and
// returns the table to register as `weight`: the given _weight when defined (its shape
// checked), else a fresh table initialised by init_embedding_table.
Tensor embedding_table(const char* module, int64_t num, int64_t dim, std::optional<int64_t>& padding_idx,
                       const Tensor& given);

// LibTorch's initialisation: N(0, 1), the padding row zeroed.
void init_embedding_table(const Tensor& weight, const std::optional<int64_t>& padding_idx);

}  // namespace ember::nn
