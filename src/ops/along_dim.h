#pragma once
// Gathers and scatter-adds along one dim, for the arrange and sort families (index_select,
// the values of sort/topk/kthvalue, the backward of pads and repeat_interleave). Plain
// computations: they record no autograd (callers wrap them in ops::apply_linear). Built on
// the advanced-indexing kernels (cpu/index_kernel.h).
#include "ember/core/tensor.h"

namespace ember::ops {

// self has at least one dim. out[..., i, ...] = self[..., index[..., i, ...], ...] along `dim` (wrapped): index is int64 with
// self's rank and sizes except along dim; out has index's shape. Negative indices wrap.
Tensor gather_along(const Tensor& self, int64_t dim, const Tensor& index, const char* op);
// zeros(shape) with src[..., i, ...] added at [..., index[..., i, ...], ...] along dim; index and
// src share one shape, equal to `shape` except along dim.
Tensor scatter_add_along(IntArrayRef shape, ScalarType dtype, int64_t dim, const Tensor& index,
                         const Tensor& src, const char* op);
// gather_along with a 1-D index (index_select): out's size along dim is index.numel().
Tensor index_select_along(const Tensor& self, int64_t dim, const Tensor& index, const char* op);
// The adjoint of index_select_along: zeros(shape) with src's slices added at index along dim.
Tensor index_add_along(IntArrayRef shape, int64_t dim, const Tensor& index, const Tensor& src,
                       const char* op);

}  // namespace ember::ops
