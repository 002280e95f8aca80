#pragma once
// CPU kernels for advanced indexing (gather, scatter, scatter-add) and nonzero.
//
// An advanced index is lowered to one int64 tensor of element offsets into self, so that the
// gather and scatter kernels are plain 3-operand strided loops: `src`/`dst` is self restrided
// to the result's shape (stride 0 along the dims the index tensors produce), and `offsets` is
// expanded to the result's shape (stride 0 along the dims taken whole from self).
#include "ember/core/tensor.h"

namespace ember::cpu {

// offsets[b] += wrap(index[b]) * stride, with wrap(i) = i < 0 ? i + size : i. `index` is an
// int64 or int32 tensor of offsets' shape (broadcast: stride 0 allowed); offsets is int64.
// Throws "<op>: index 5 is out of bounds for dimension <dim> with size 3".
void add_index_offsets_kernel(const Tensor& offsets, const Tensor& index, int64_t size,
                              int64_t stride, int64_t dim, const char* op);
// out[i] = src[i + offsets[i]] (offsets in elements); out and src have the same dtype.
void index_kernel(const Tensor& out, const Tensor& src, const Tensor& offsets);
// dst[i + offsets[i]] = values[i] (or += with accumulate), values converted to dst's dtype.
// Runs in order, so with repeated offsets the last value wins (or every value adds up).
void index_put_kernel(const Tensor& dst, const Tensor& values, const Tensor& offsets,
                      bool accumulate);
// int64 [n, self.dim()]: the positions of self's nonzero elements in row-major order.
Tensor nonzero_kernel(const Tensor& self);

}  // namespace ember::cpu
