#include "ember/core/storage.h"

#include "ember/core/allocator.h"
#include "ember/core/error.h"

namespace ember {

namespace {
void check_cpu(Device device) {
  EMBER_CHECK(device.is_cpu(), "Storage",
              "device ", device, " has no backend in this build (only cpu is available)");
}
}  // namespace

StorageImpl::StorageImpl(size_t nbytes, Device device)
    : data_(nullptr), nbytes_(nbytes), device_(device), owns_(true) {
  check_cpu(device);
  data_ = cpu_allocator::allocate(nbytes);
}

StorageImpl::StorageImpl(void* data, size_t nbytes, Device device,
                         std::function<void(void*)> deleter)
    : data_(data), nbytes_(nbytes), deleter_(std::move(deleter)), device_(device), owns_(false) {
  check_cpu(device);
}

StorageImpl::~StorageImpl() {
  if (owns_) {
    cpu_allocator::deallocate(data_, nbytes_);
  } else if (deleter_) {
    deleter_(data_);
  }
}

}  // namespace ember
