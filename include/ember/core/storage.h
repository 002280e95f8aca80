#pragma once
// Storage: the refcounted buffer under one or more tensors (views share it).
//
// NOTE [Version counter lives in Storage]
// PyTorch shares one version counter between a tensor and all its views, and bumps it on
// every in-place write, so autograd can detect a saved tensor that was overwritten. Views
// are exactly the tensors that share a storage, so ember keeps the counter in StorageImpl:
// no extra allocation per tensor, and sharing is automatic. (PyTorch's `.data`-style
// aliasing with a fresh counter is not offered.)
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "ember/core/device.h"
#include "ember/core/intrusive_ptr.h"

namespace ember {

class StorageImpl : public intrusive_target {
 public:
  // Allocates nbytes from the caching allocator of `device`.
  StorageImpl(size_t nbytes, Device device);
  // Wraps memory owned elsewhere (from_blob); deleter (may be empty) runs when the storage dies.
  StorageImpl(void* data, size_t nbytes, Device device, std::function<void(void*)> deleter);
  ~StorageImpl();
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  bool owns_memory() const { return owns_; }

  uint32_t version() const { return version_.load(std::memory_order_relaxed); }
  void bump_version() { version_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void* data_;
  size_t nbytes_;
  std::function<void(void*)> deleter_;
  std::atomic<uint32_t> version_{0};
  Device device_;
  bool owns_;
};

using Storage = intrusive_ptr<StorageImpl>;

}  // namespace ember
