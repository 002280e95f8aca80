#include "ember/core/tensor_impl.h"

#include "ember/core/shape.h"

namespace ember {

// Keep the hot struct small: it is allocated for every op result.
static_assert(sizeof(TensorImpl) <= 192, "TensorImpl grew: check the field layout");

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
                       int64_t storage_offset)
    : storage_(std::move(storage)),
      sizes_(sizes),
      strides_(strides),
      storage_offset_(storage_offset),
      dtype_(dtype) {
  refresh_numel_and_contiguity();
}

void TensorImpl::set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides) {
  sizes_ = sizes;
  strides_ = strides;
  refresh_numel_and_contiguity();
}

void TensorImpl::refresh_numel_and_contiguity() {
  numel_ = product(sizes_);
  is_contiguous_ = is_contiguous_layout(sizes_, strides_);
}

}  // namespace ember
