#pragma once
// Reductions over a list of dims (empty list: all dims), with keepdim, as torch.sum & co.
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

// Integer and bool inputs sum to int64 unless `dtype` says otherwise.
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
           std::optional<ScalarType> dtype = std::nullopt);

// Sums `grad` down to `shape` (the inverse of broadcasting `shape` to grad's shape): leading
// dims are summed away, dims where shape has 1 are summed with keepdim. Used by every
// backward whose forward broadcast.
Tensor sum_to(const Tensor& grad, IntArrayRef shape);

}  // namespace ember
