#pragma once
// Joining, splitting, gathering and scattering, as torch::cat / split / gather / scatter / ...
// (LibTorch names, argument order and defaults).
//
// Joins (src/ops/shape.cpp) copy; splits return views of self. Index tensors of the gather
// and scatter family (src/ops/scatter_gather.cpp) are int64 (index_select and index_add also
// take int32); negative indices count from the end of their dim, and an index out of range
// throws "<op>: index 7 is out of bounds for dimension 0 with size 3".
#include <optional>
#include <string_view>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

// ---- join and split (shape.cpp) ---------------------------------------------------------
// The result dtype promotes over all inputs. A 1-D tensor of size 0 is skipped whatever
// the other shapes (LibTorch's legacy rule); every other input must match in all dims but dim.
Tensor cat(TensorList tensors, int64_t dim = 0);
Tensor concat(TensorList tensors, int64_t dim = 0);
// Inputs of equal shape, joined along a new dim.
Tensor stack(TensorList tensors, int64_t dim = 0);
// cat along dim 1 (dim 0 for 1-D inputs); 0-dim inputs count as 1-D.
Tensor hstack(TensorList tensors);
// cat along dim 0 of the inputs made at least 2-D ([n] -> [1, n]).
Tensor vstack(TensorList tensors);
Tensor row_stack(TensorList tensors);

// Pieces of split_size along dim (the last may be smaller).
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& self, IntArrayRef split_sizes, int64_t dim = 0);
std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim = 0);
// ceil(size / chunks)-sized pieces: possibly fewer than `chunks`.
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim = 0);
// The slices along dim, each without that dim.
std::vector<Tensor> unbind(const Tensor& self, int64_t dim = 0);

// ---- gather and scatter (scatter_gather.cpp) ----------------------------------------------
// out = self with dim replaced by index (0-dim or 1-D) positions.
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
// out[i][j][k] = self[index[i][j][k]][j][k] (dim 0): index has self's number of dims, and
// index.size(d) <= self.size(d) for d != dim; out has index's shape.
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad = false);
// A copy of self with self[index[i][j][k]][j][k] = src[i][j][k] (dim 0). With repeated
// positions the last write wins (PyTorch leaves the order unspecified). reduce: "add" or
// "multiply" combines instead of writing (not differentiable, as in PyTorch).
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
               std::string_view reduce);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
               std::string_view reduce);
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
// reduce: "sum", "prod", "mean", "amax" or "amin"; include_self=false leaves self's values at
// scattered positions out of the reduction. Integer "mean" rounds down.
Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      std::string_view reduce, bool include_self = true);
// self with self.select(dim, index[i]) += alpha * source.select(dim, i).
Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha = 1);
Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value);
// self and mask (bool) broadcast together; value fills where mask is true. A Tensor value
// must be 0-dim.
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value);
// 1-D: the elements of self (broadcast with mask) where mask is true, in row-major order.
Tensor masked_select(const Tensor& self, const Tensor& mask);
// A copy of self (broadcast with mask) whose masked positions take source's leading elements
// in row-major order; source must have at least as many elements as mask has true values.
Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source);
// self read as 1-D at index; the result has index's shape.
Tensor take(const Tensor& self, const Tensor& index);

// In-place forms write into self (mask and value broadcast to self's shape).
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                       std::string_view reduce);
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                       std::string_view reduce);
const Tensor& scatter_add_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
const Tensor& scatter_reduce_(const Tensor& self, int64_t dim, const Tensor& index,
                              const Tensor& src, std::string_view reduce, bool include_self = true);
const Tensor& index_add_(const Tensor& self, int64_t dim, const Tensor& index,
                         const Tensor& source, const Scalar& alpha = 1);
const Tensor& index_copy_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
const Tensor& index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
const Tensor& index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value);
const Tensor& masked_fill_(const Tensor& self, const Tensor& mask, const Scalar& value);
const Tensor& masked_fill_(const Tensor& self, const Tensor& mask, const Tensor& value);
const Tensor& masked_scatter_(const Tensor& self, const Tensor& mask, const Tensor& source);

}  // namespace ember
