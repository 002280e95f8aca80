#pragma once
// Copies between ember::Tensor and torch::Tensor for the difftests: the copy has the same
// sizes, strides, dtype and values (storage offset 0). Only tests/difftest/ includes LibTorch.
#include <torch/torch.h>

#include <cstring>

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

// to_torch keeps the exact layout, overlapping ones included (an expanded view has stride 0,
// which copy_ refuses as a destination): it copies the bytes spanned by the view into a fresh
// LibTorch buffer and views them with the same sizes and strides. from_torch allocates the
// destination with the source's strides and lets LibTorch copy element by element.
inline torch::Tensor to_torch(const Tensor& t) {
  std::vector<int64_t> sizes = to_vector(t.sizes()), strides = to_vector(t.strides());
  torch::ScalarType dtype = to_torch(t.dtype());
  int64_t extent = t.numel() == 0 ? 0 : 1;  // elements spanned from the first one
  for (size_t d = 0; d < sizes.size(); ++d)
    if (t.numel() != 0) extent += (sizes[d] - 1) * strides[d];
  torch::Tensor buffer = torch::empty({extent}, torch::TensorOptions().dtype(dtype));
  if (extent > 0) std::memcpy(buffer.data_ptr(), t.data_ptr(), static_cast<size_t>(extent) * t.element_size());
  return buffer.as_strided(sizes, strides);
}

inline Tensor from_torch(const torch::Tensor& t) {
  std::vector<int64_t> sizes = t.sizes().vec(), strides = t.strides().vec();
  Tensor out = empty_strided(sizes, strides, from_torch(t.scalar_type()));
  torch::from_blob(out.data_ptr(), sizes, strides, t.options()).copy_(t);
  return out;
}

}  // namespace ember::difftest
