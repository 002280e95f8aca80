#pragma once
// Advanced indexing without autograd, for the ops built on it (index, index_put_, and the
// gather/scatter family's index_select, index_add, masked_fill, take, ...). `op` names the
// caller in error messages ("index_select: index 7 is out of bounds for dimension 0 with
// size 3"). Index semantics as ember::index (ember/ops/indexing.h).
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::ops {

// A copy: self gathered at the indices.
Tensor index_gather(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                    const char* op);
// self[indices] = values (+= with accumulate), written in place; values broadcast to the
// indexed shape and are converted to self's dtype.
void index_scatter(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                   const Tensor& values, bool accumulate, const char* op);

}  // namespace ember::ops
