#include "ops/along_dim.h"

#include "cpu/index_kernel.h"
#include "ember/core/factories.h"
#include "ember/ops/views.h"

namespace ember::ops {

namespace {

// int64 element offsets index * stride(dim) into a tensor of `sizes`/`stride`, shaped as index.
Tensor offsets_along(const Tensor& index, int64_t dim, int64_t size, int64_t stride, const char* op) {
  Tensor offsets = zeros(index.sizes(), kLong);
  cpu::add_index_offsets_kernel(offsets, index, size, stride, dim, op);
  return offsets;
}

// `t` restrided to `shape` with stride 0 along dim: the kernels add the offsets to it.
Tensor restride(const Tensor& t, IntArrayRef shape, int64_t dim) {
  DimVector strides(t.strides());
  strides[dim] = 0;
  return as_strided(t, shape, strides, t.storage_offset());
}

// A 1-D index viewed as [1, .., n, .., 1] (n at dim) and expanded to shape.
Tensor expand_index(const Tensor& index, IntArrayRef shape, int64_t dim) {
  DimVector one(shape.size(), 1);
  one[dim] = index.numel();
  return expand(reshape(index, one), shape);
}

}  // namespace

Tensor gather_along(const Tensor& self, int64_t dim, const Tensor& index, const char* op) {
  Tensor out = empty(index.sizes(), self.dtype());
  if (out.numel() == 0) return out;
  Tensor offsets = offsets_along(index, dim, self.sizes()[dim], self.strides()[dim], op);
  cpu::index_kernel(out, restride(self, index.sizes(), dim), offsets);
  return out;
}

Tensor scatter_add_along(IntArrayRef shape, ScalarType dtype, int64_t dim, const Tensor& index,
                         const Tensor& src, const char* op) {
  Tensor out = zeros(shape, dtype);
  if (index.numel() == 0) return out;
  Tensor offsets = offsets_along(index, dim, out.sizes()[dim], out.strides()[dim], op);
  cpu::index_put_kernel(restride(out, index.sizes(), dim), src, offsets, /*accumulate=*/true);
  return out;
}

Tensor index_select_along(const Tensor& self, int64_t dim, const Tensor& index, const char* op) {
  DimVector shape(self.sizes());
  shape[dim] = index.numel();
  return gather_along(self, dim, expand_index(index, shape, dim), op);
}

Tensor index_add_along(IntArrayRef shape, int64_t dim, const Tensor& index, const Tensor& src,
                       const char* op) {
  return scatter_add_along(shape, src.dtype(), dim, expand_index(index, src.sizes(), dim), src, op);
}

}  // namespace ember::ops
