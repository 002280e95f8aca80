#pragma once
// CPU kernels for sorting and searching. Each works on rows: the last dim of contiguous 2-D
// tensors (the ops move the sorted dim last and flatten the others). Floating NaN orders as
// the largest value, as in PyTorch.
#include "ember/core/tensor.h"

namespace ember::cpu {

// self [R, n]; indices [R, n] (int64) receives the positions that sort each row. The sort is
// stable (equal elements keep their order), one of the orders PyTorch allows for stable=false.
void sort_kernel(const Tensor& indices, const Tensor& self, bool descending);
// self [R, n]; indices [R, k]: positions of each row's k largest (or smallest) elements, in
// sorted order; equal elements come in index order.
void topk_kernel(const Tensor& indices, const Tensor& self, int64_t k, bool largest);
// boundaries [R, n] or [1, n] (shared by every row), values [R, m] of boundaries' dtype;
// out [R, m] (int64 or int32): the insertion point of each value in its row of boundaries,
// the first (right=false) or last (right=true) that keeps the row sorted.
void searchsorted_kernel(const Tensor& out, const Tensor& boundaries, const Tensor& values, bool right);

// Unique rows of self [n, m], sorted lexicographically: values [u, m], inverse [n] (int64:
// each input row's position in values), counts [u] (int64).
struct UniqueRows {
  Tensor values, inverse, counts;
};
UniqueRows unique_rows_kernel(const Tensor& self);

}  // namespace ember::cpu
