#pragma once
// Advanced indexing with index tensors, as at::index / at::index_put / at::nonzero.
//
// `indices[k]` indexes dim k of self (a null entry leaves that dim whole). Index tensors are
// int64 or int32 positions (negative count from the end) or bool/uint8 masks (a mask of d dims
// covers d dims of self and stands for its nonzero() positions). All index tensors broadcast
// together to one shape B. The result replaces the indexed dims with B: in place when the
// indexed dims are adjacent, otherwise B comes first (NumPy's rule).
#include <optional>
#include <vector>

#include "ember/core/indexing.h"
#include "ember/core/tensor.h"

namespace ember {

// A copy: self gathered at the indices.
Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices);
// self[indices] = values (values broadcast to the indexed shape, converted to self's dtype);
// with accumulate, self[indices] += values and repeated positions all add up.
Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                   const Tensor& values, bool accumulate = false);
// Out-of-place index_put_: a copy of self with the values written.
Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                 const Tensor& values, bool accumulate = false);
// Positions of the nonzero elements of self, in row-major order: int64 of shape [n, self.dim()].
Tensor nonzero(const Tensor& self);

}  // namespace ember
