#pragma once
// Sorting and searching (as torch::sort, argsort, topk, kthvalue, _unique2/unique_dim,
// searchsorted, bucketize). Floating NaN orders as the largest value, as in PyTorch.
// Values outputs are differentiable (their gradient goes back to the chosen positions);
// indices and the search results are int64 (or int32 with out_int32) and are not.
#include <optional>
#include <string_view>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember {

// Sorted values and their positions in self along dim. Sorting is always stable.
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim = -1, bool descending = false);
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim = -1,
                                bool descending = false);
Tensor argsort(const Tensor& self, int64_t dim = -1, bool descending = false);
Tensor argsort(const Tensor& self, bool stable, int64_t dim = -1, bool descending = false);
// The k largest (or smallest) elements along dim, and their positions; 0 <= k <= size(dim).
// sorted=false still returns them sorted (an order PyTorch allows).
std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true);
// The k-th smallest element along dim (1 <= k <= size(dim)) and its position.
std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim = -1, bool keepdim = false);
// Unique elements (dim: unique slices along dim), sorted ascending, as at::_unique2 /
// at::unique_dim: (values, inverse, counts). Without dim, inverse has self's shape and
// counts one entry per value; when not asked for they are empty ([0]), as _unique2. With dim
// they are always computed, as unique_dim. sorted=false also returns them sorted (PyTorch
// leaves that order unspecified).
std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& self, bool sorted = true, bool return_inverse = false,
                                          bool return_counts = false, std::optional<int64_t> dim = std::nullopt);
std::tuple<Tensor, Tensor, Tensor> _unique2(const Tensor& self, bool sorted = true, bool return_inverse = false,
                                            bool return_counts = false);
std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& self, int64_t dim, bool sorted = true,
                                              bool return_inverse = false, bool return_counts = false);
// Insertion points of self's values in sorted_sequence's innermost rows (1-D: one sequence for
// all values; otherwise its leading dims match self's). side "left"/"right" overrides right.
Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& self, bool out_int32 = false, bool right = false,
                    std::optional<std::string_view> side = std::nullopt);
Tensor searchsorted(const Tensor& sorted_sequence, const Scalar& self, bool out_int32 = false, bool right = false,
                    std::optional<std::string_view> side = std::nullopt);
// The bucket of each value among 1-D boundaries: searchsorted(boundaries, self, ..., right).
Tensor bucketize(const Tensor& self, const Tensor& boundaries, bool out_int32 = false, bool right = false);
Tensor bucketize(const Scalar& self, const Tensor& boundaries, bool out_int32 = false, bool right = false);

}  // namespace ember
