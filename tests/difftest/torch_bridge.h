#pragma once
// Copies between ember::Tensor and torch::Tensor for the difftests: the copy has the same
// sizes, strides, dtype and values (storage offset 0). Only tests/difftest/ includes LibTorch.
#include <torch/torch.h>

#include <ember/ember.h>

namespace ember::difftest {

inline torch::ScalarType to_torch(ScalarType t) {
  switch (t) {
    case kBool: return torch::kBool;
    case kByte: return torch::kByte;
    case kChar: return torch::kChar;
    case kShort: return torch::kShort;
    case kInt: return torch::kInt;
    case kLong: return torch::kLong;
    case kHalf: return torch::kHalf;
    case kBFloat16: return torch::kBFloat16;
    case kFloat: return torch::kFloat;
    case kDouble: return torch::kDouble;
    default: throw std::invalid_argument("to_torch: undefined dtype");
  }
}

inline ScalarType from_torch(torch::ScalarType t) {
  for (ScalarType e : kAllScalarTypes) {
    if (to_torch(e) == t) return e;
  }
  throw std::invalid_argument("from_torch: dtype " + std::string(c10::toString(t)) +
                              " has no ember counterpart");
}

inline std::vector<int64_t> to_vector(IntArrayRef a) { return {a.begin(), a.end()}; }

// Each direction allocates the destination with the source's strides and lets LibTorch copy
// element by element through a non-owning view of the other library's memory.
// A broadcast source (stride 0 over a dim of size > 1) becomes a contiguous copy: LibTorch
// cannot write into overlapping memory.
inline torch::Tensor to_torch(const Tensor& t) {
  std::vector<int64_t> sizes = to_vector(t.sizes()), strides = to_vector(t.strides());
  torch::ScalarType dtype = to_torch(t.dtype());
  bool broadcast = false;
  for (size_t d = 0; d < sizes.size(); ++d) broadcast |= strides[d] == 0 && sizes[d] > 1;
  torch::Tensor out = !broadcast
                          ? torch::empty_strided(sizes, strides, torch::TensorOptions().dtype(dtype))
                          : torch::empty(sizes, torch::TensorOptions().dtype(dtype));
  out.copy_(torch::from_blob(t.data_ptr(), sizes, strides, torch::TensorOptions().dtype(dtype)));
  return out;
}

inline Tensor from_torch(const torch::Tensor& t) {
  std::vector<int64_t> sizes = t.sizes().vec(), strides = t.strides().vec();
  Tensor out = empty_strided(sizes, strides, from_torch(t.scalar_type()));
  torch::from_blob(out.data_ptr(), sizes, strides, t.options()).copy_(t);
  return out;
}

}  // namespace ember::difftest
