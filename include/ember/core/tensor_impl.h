#pragma once
// TensorImpl: what a Tensor handle points to. Sizes/strides are in elements, the storage
// offset too. Autograd state hangs off a nullable pointer so a tensor that needs no gradient
// (the inference case) carries no autograd cost.
#include <memory>

#include "ember/core/dim_vector.h"
#include "ember/core/scalar_type.h"
#include "ember/core/storage.h"

namespace ember {

// Autograd's per-tensor state. Declared here (core) and defined by src/autograd so that core
// does not depend on autograd.
class AutogradMetaInterface {
 public:
  virtual ~AutogradMetaInterface() = default;
};

class TensorImpl : public intrusive_target {
 public:
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
             int64_t storage_offset);
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  IntArrayRef sizes() const { return sizes_; }
  IntArrayRef strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const { return numel_; }
  int64_t storage_offset() const { return storage_offset_; }
  ScalarType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  const Storage& storage() const { return storage_; }
  bool is_contiguous() const { return is_contiguous_; }
  // Address of element [0, ..., 0].
  void* data() const {
    return static_cast<char*>(storage_->data()) +
           storage_offset_ * static_cast<int64_t>(element_size(dtype_));
  }

  // Replaces the geometry (used by in-place metadata ops such as squeeze_, t_, resize_).
  void set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides);
  void set_storage_offset(int64_t offset) { storage_offset_ = offset; }
  void set_storage(Storage storage) { storage_ = std::move(storage); }
  // Takes other's storage, geometry and dtype (Tensor::set_data).
  void shallow_copy_from(const TensorImpl& other) {
    storage_ = other.storage_;
    dtype_ = other.dtype_;
    storage_offset_ = other.storage_offset_;
    set_sizes_and_strides(other.sizes_, other.strides_);
  }

  uint32_t version() const { return storage_->version(); }
  void bump_version() { storage_->bump_version(); }

  AutogradMetaInterface* autograd_meta() const { return autograd_meta_.get(); }
  void set_autograd_meta(std::unique_ptr<AutogradMetaInterface> meta) {
    autograd_meta_ = std::move(meta);
  }

 private:
  void refresh_numel_and_contiguity();

  Storage storage_;
  DimVector sizes_;
  DimVector strides_;
  int64_t storage_offset_;
  int64_t numel_ = 1;
  std::unique_ptr<AutogradMetaInterface> autograd_meta_;
  ScalarType dtype_;
  bool is_contiguous_ = true;
};

}  // namespace ember
