#include "cpu/arrange_kernel.h"

#include <algorithm>
#include <cstring>

#include "cpu/copy_kernel.h"

namespace ember::cpu {

void flip_kernel(const Tensor& out, const Tensor& self, const std::vector<bool>& flip) {
  if (out.numel() == 0) return;
  // A view of self that walks the flipped dims backwards: it starts at their last element
  // and has negative strides there. Only kernels build such views (ember's views keep
  // strides non-negative, as PyTorch's), and the copy kernel's strided loop handles them.
  DimVector strides(self.strides());
  int64_t offset = self.storage_offset();
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (!flip[d]) continue;
    offset += (self.sizes()[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  Tensor reversed(intrusive_ptr<TensorImpl>::make(self.storage(), self.dtype(), self.sizes(), strides, offset));
  copy_kernel(out, reversed);
}

void triangle_kernel(const Tensor& out, const Tensor& self, int64_t diagonal, bool lower) {
  copy_kernel(out, self);
  if (out.numel() == 0) return;
  int64_t rows = out.sizes()[out.dim() - 2], cols = out.sizes()[out.dim() - 1];
  int64_t batches = out.numel() / (rows * cols);
  int64_t elem = out.element_size();
  char* base = static_cast<char*>(out.data_ptr());
  diagonal = std::clamp<int64_t>(diagonal, -rows, cols);  // beyond this nothing changes; no overflow
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < rows; ++i) {
      char* row = base + (b * rows + i) * cols * elem;
      // Zero [0, begin) for triu and [end, cols) for tril; all-zero bytes are 0 in every dtype.
      if (lower) {
        int64_t end = std::clamp<int64_t>(i + diagonal + 1, 0, cols);
        std::memset(row + end * elem, 0, static_cast<size_t>((cols - end) * elem));
      } else {
        int64_t begin = std::clamp<int64_t>(i + diagonal, 0, cols);
        std::memset(row, 0, static_cast<size_t>(begin * elem));
      }
    }
  }
}

}  // namespace ember::cpu
