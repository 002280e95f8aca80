// Tensor metadata methods and the forwards from Tensor methods to the view free functions.
#include "ember/core/tensor.h"

#include <algorithm>
#include <numeric>

#include "ember/core/shape.h"
#include "ember/ops/views.h"

namespace ember {

namespace detail {
void throw_dtype_mismatch(const char* op, ScalarType expected, ScalarType actual) {
  throw_error(op, "expected scalar type ", expected, " but found ", actual);
}
}  // namespace detail

int64_t Tensor::size(int64_t dim) const {
  EMBER_CHECK(this->dim() > 0, "size", "a 0-dim tensor has no dimension ", dim);
  return sizes()[wrap_dim(dim, this->dim(), "size")];
}

int64_t Tensor::stride(int64_t dim) const {
  EMBER_CHECK(this->dim() > 0, "stride", "a 0-dim tensor has no dimension ", dim);
  return strides()[wrap_dim(dim, this->dim(), "stride")];
}

TensorOptions Tensor::options() const { return TensorOptions(dtype()).device(device()); }

bool Tensor::is_non_overlapping_and_dense() const {
  // Dense means the elements exactly tile a contiguous block in some dim order.
  if (is_contiguous()) return true;
  int64_t n = dim();
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return sizes()[a] < 2 ? false : sizes()[b] < 2 ? true : strides()[a] < strides()[b];
  });
  int64_t expected = 1;
  for (int64_t d : order) {
    if (sizes()[d] == 1) continue;
    if (strides()[d] != expected) return false;
    expected *= sizes()[d];
  }
  return true;
}

Scalar Tensor::item() const {
  EMBER_CHECK(defined(), "item", "called on an undefined tensor");
  EMBER_CHECK(numel() == 1, "item", "a Tensor with ", numel(),
              " elements cannot be converted to Scalar (shape ", sizes(), ")");
  return dispatch_all_types(dtype(), "item", [&](auto tag) -> Scalar {
    using T = typename decltype(tag)::type;
    return Scalar(*static_cast<const T*>(data_ptr()));
  });
}

std::string Tensor::toString() const {
  if (!defined()) return "UndefinedType";
  return std::string(device().is_cpu() ? "CPU" : "CUDA") + std::string(to_string(dtype())) + "Type";
}

// ---- view method forwards ---------------------------------------------------------------
Tensor Tensor::view(IntArrayRef size) const { return ember::view(*this, size); }
Tensor Tensor::view(ScalarType dtype) const { return ember::view(*this, dtype); }
Tensor Tensor::view_as(const Tensor& other) const { return ember::view(*this, other.sizes()); }
Tensor Tensor::reshape(IntArrayRef shape) const { return ember::reshape(*this, shape); }
Tensor Tensor::reshape_as(const Tensor& other) const { return ember::reshape(*this, other.sizes()); }
Tensor Tensor::permute(IntArrayRef dims) const { return ember::permute(*this, dims); }
Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const { return ember::transpose(*this, dim0, dim1); }
Tensor Tensor::t() const { return ember::t(*this); }
Tensor Tensor::mT() const {
  EMBER_CHECK(dim() >= 2, "mT", "tensor.mT is only supported on matrices or batches of matrices. Got ",
              dim(), "-D tensor");
  return ember::transpose(*this, -2, -1);
}
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return ember::narrow(*this, dim, start, length);
}
Tensor Tensor::select(int64_t dim, int64_t index) const { return ember::select(*this, dim, index); }
Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end,
                     int64_t step) const {
  return ember::slice(*this, dim, start, end, step);
}
Tensor Tensor::expand(IntArrayRef size, bool /*implicit*/) const { return ember::expand(*this, size); }
Tensor Tensor::expand_as(const Tensor& other) const { return ember::expand(*this, other.sizes()); }
Tensor Tensor::squeeze() const { return ember::squeeze(*this); }
Tensor Tensor::squeeze(int64_t dim) const { return ember::squeeze(*this, dim); }
Tensor Tensor::unsqueeze(int64_t dim) const { return ember::unsqueeze(*this, dim); }
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  return ember::flatten(*this, start_dim, end_dim);
}
Tensor Tensor::unflatten(int64_t dim, IntArrayRef sizes) const { return ember::unflatten(*this, dim, sizes); }
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return ember::diagonal(*this, offset, dim1, dim2);
}
Tensor Tensor::as_strided(IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset) const {
  return ember::as_strided(*this, size, stride, storage_offset);
}
Tensor Tensor::unfold(int64_t dimension, int64_t size, int64_t step) const {
  return ember::unfold(*this, dimension, size, step);
}
Tensor Tensor::movedim(int64_t source, int64_t destination) const {
  return ember::movedim(*this, source, destination);
}
Tensor Tensor::alias() const { return ember::alias(*this); }

}  // namespace ember
