// The allocating factories every other op builds on: empty, empty_strided, empty_like.
#include "ember/core/factories.h"
#include "ember/core/shape.h"

namespace ember {

namespace {
void check_sizes(IntArrayRef size, const char* op) {
  for (int64_t s : size)
    EMBER_CHECK(s >= 0, op, "trying to create tensor with negative dimension ", s, ": ", size);
}
Tensor finish(Tensor t, const TensorOptions& options);
}  // namespace

Tensor empty(IntArrayRef size, const TensorOptions& options) {
  check_sizes(size, "empty");
  ScalarType dtype = options.dtype();
  size_t nbytes = static_cast<size_t>(product(size)) * element_size(dtype);
  Storage storage = Storage::make(nbytes, options.device());
  return finish(Tensor(intrusive_ptr<TensorImpl>::make(std::move(storage), dtype, size,
                                                       contiguous_strides(size), 0)),
                options);
}

Tensor empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options) {
  check_sizes(size, "empty_strided");
  EMBER_CHECK(size.size() == stride.size(), "empty_strided", "mismatch in length of strides ",
              stride, " and shape ", size);
  ScalarType dtype = options.dtype();
  int64_t extent = 1;  // elements spanned: 1 + sum (size-1)*stride
  for (size_t i = 0; i < size.size(); ++i) {
    EMBER_CHECK(stride[i] >= 0, "empty_strided", "negative stride ", stride[i], " in ", stride);
    if (size[i] == 0) {
      extent = 0;
      break;
    }
    extent += (size[i] - 1) * stride[i];
  }
  Storage storage = Storage::make(static_cast<size_t>(extent) * element_size(dtype), options.device());
  return finish(Tensor(intrusive_ptr<TensorImpl>::make(std::move(storage), dtype, size, stride, 0)),
                options);
}

Tensor empty_like(const Tensor& self, const TensorOptions& options) {
  EMBER_CHECK(self.defined(), "empty_like", "called on an undefined tensor");
  TensorOptions merged = options.merge_in(self.options());
  // Preserve the layout of dense inputs (MemoryFormat::Preserve), as PyTorch.
  if (self.is_non_overlapping_and_dense() && !self.is_contiguous())
    return empty_strided(self.sizes(), self.strides(), merged);
  return empty(self.sizes(), merged);
}

namespace {
Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.set_requires_grad(true);
  return t;
}
}  // namespace

}  // namespace ember
