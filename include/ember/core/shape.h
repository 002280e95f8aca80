#pragma once
// Shape arithmetic shared by every op: dim wrapping, broadcasting, contiguous strides, and
// the stride computation behind view(). Ops never re-derive these.
#include <cstdint>
#include <optional>

#include "ember/core/array_ref.h"
#include "ember/core/dim_vector.h"

namespace ember {

// Maps dim in [-ndim, ndim) to [0, ndim). A 0-dim tensor accepts dims -1 and 0 (as PyTorch).
// Throws "<op>: dimension out of range (expected to be in range of [-2, 1], but got 5)".
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);

int64_t product(IntArrayRef sizes);
DimVector contiguous_strides(IntArrayRef sizes);
bool is_contiguous_layout(IntArrayRef sizes, IntArrayRef strides);

// Broadcasts two shapes with NumPy/PyTorch rules; throws naming `op` and both shapes.
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);

// Resolves a single -1 in `shape` against numel; throws when impossible.
DimVector infer_size(IntArrayRef shape, int64_t numel, const char* op);

// Strides that let a tensor of (old_sizes, old_strides) be viewed as new_sizes without a
// copy, or nullopt when the layout does not allow it (then reshape copies).
std::optional<DimVector> compute_view_strides(IntArrayRef old_sizes, IntArrayRef old_strides,
                                              IntArrayRef new_sizes);

}  // namespace ember
