// Gradients of view ops as differentiable ops (include/ember/ops/view_backward.h). Each forward
// writes `grad` into zeros through the view (no autograd inside), and records a backward that
// is the view op again, so gradients of gradients flow through views.
#include "ember/ops/view_backward.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "autograd/record.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/copy.h"
#include "ember/ops/views.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

namespace {

// Records `backward` (grad of the result -> grad of `grad`) when grad requires grad.
template <class F>
Tensor finish(const Tensor& grad, Tensor out, const char* name, F backward) {
  if (autograd::any_requires_grad(grad)) {
    autograd::record(name, {grad}, {out}, {}, [backward = std::move(backward)](BackwardContext&, const variable_list& g) {
      return variable_list{backward(g[0])};
    });
  }
  return out;
}

void check_grad(const Tensor& grad, const char* op) {
  EMBER_CHECK(grad.defined(), op, "called with an undefined grad");
}

// One past the furthest element a geometry addresses, relative to its offset (0 when empty).
int64_t extent(IntArrayRef sizes, IntArrayRef strides) {
  int64_t last = 0;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] == 0) return 0;
    last += (sizes[d] - 1) * strides[d];
  }
  return last + 1;
}

// Whether two elements of the geometry may share memory: sorted by stride, every stride must
// clear the span of the smaller dims (sufficient for no overlap, exact for ordinary views).
bool may_overlap(IntArrayRef sizes, IntArrayRef strides) {
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return strides[a] < strides[b]; });
  int64_t span = 0;  // max offset reached by the smaller dims
  for (size_t d : order) {
    if (sizes[d] < 2) continue;
    if (strides[d] <= span) return true;
    span += (sizes[d] - 1) * strides[d];
  }
  return false;
}

// flat[offset + sum_d i_d * strides[d]] += grad[i] over a zero flat tensor of n elements: the
// adjoint of as_strided(flat, sizes, strides, offset). Sums where the geometry overlaps.
Tensor scatter_sum(const Tensor& grad, int64_t n, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  std::vector<double> acc(static_cast<size_t>(n), 0.0);
  {
    NoGradGuard no_grad;
    Tensor g = grad.to(kDouble).contiguous();
    const double* src = g.data_ptr<double>();
    const int64_t dims = static_cast<int64_t>(sizes.size());
    std::vector<int64_t> index(dims, 0);
    for (int64_t k = 0; k < g.numel(); ++k) {
      int64_t pos = offset;
      for (int64_t d = 0; d < dims; ++d) pos += index[d] * strides[d];
      acc[pos] += src[k];
      for (int64_t d = dims - 1; d >= 0; --d) {  // row-major increment
        if (++index[d] < sizes[d]) break;
        index[d] = 0;
      }
    }
  }
  Tensor flat = empty({n}, kDouble);
  std::copy(acc.begin(), acc.end(), flat.data_ptr<double>());
  if (grad.dtype() != kDouble) flat = flat.to(grad.dtype());
  return finish(grad, flat, "AsStridedBackwardBackward0",
                [sizes = DimVector(sizes), strides = DimVector(strides), offset](const Tensor& g) {
                  Tensor dense = g.contiguous();
                  return as_strided(dense, sizes, strides, dense.storage_offset() + offset);
                });
}

}  // namespace

Tensor select_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t index) {
  check_grad(grad, "select_backward");
  Tensor out = zeros(input_sizes, grad.dtype());
  {
    NoGradGuard no_grad;
    select(out, dim, index).copy_(grad);
  }
  return finish(grad, out, "SelectBackwardBackward0",
                [dim, index](const Tensor& g) { return select(g, dim, index); });
}

Tensor slice_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t start,
                      int64_t end, int64_t step) {
  check_grad(grad, "slice_backward");
  Tensor out = zeros(input_sizes, grad.dtype());
  {
    NoGradGuard no_grad;
    slice(out, dim, start, end, step).copy_(grad);
  }
  return finish(grad, out, "SliceBackwardBackward0",
                [dim, start, end, step](const Tensor& g) { return slice(g, dim, start, end, step); });
}

Tensor diagonal_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t offset, int64_t dim1,
                         int64_t dim2) {
  check_grad(grad, "diagonal_backward");
  Tensor out = zeros(input_sizes, grad.dtype());
  {
    NoGradGuard no_grad;
    diagonal(out, offset, dim1, dim2).copy_(grad);
  }
  return finish(grad, out, "DiagonalBackwardBackward0",
                [offset, dim1, dim2](const Tensor& g) { return diagonal(g, offset, dim1, dim2); });
}

Tensor unfold_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t size,
                       int64_t step) {
  check_grad(grad, "unfold_backward");
  Tensor out = zeros(input_sizes, grad.dtype());
  {
    NoGradGuard no_grad;
    if (input_sizes.empty()) {
      // A 0-dim input unfolds to shape [size] with size <= 1.
      if (size == 1) out.copy_(grad.reshape({}));
    } else {
      // grad has the input's dims (dim holding the window index) plus a last dim k in [0, size):
      // element k of window w came from position w * step + k. For a fixed k the positions are
      // distinct, so each k adds into one strided slice; overlapping windows (step < size) sum.
      int64_t windows = grad.size(dim);
      for (int64_t k = 0; k < size && windows > 0; ++k) {
        Tensor target = slice(out, dim, k, k + (windows - 1) * step + 1, step);
        target.add_(select(grad, -1, k));
      }
    }
  }
  return finish(grad, out, "UnfoldBackwardBackward0",
                [dim, size, step](const Tensor& g) { return unfold(g, dim, size, step); });
}

Tensor as_strided_backward(const Tensor& grad, IntArrayRef input_sizes, IntArrayRef input_strides,
                           int64_t input_offset, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  check_grad(grad, "as_strided_backward");
  // Work in a flat buffer covering the memory both geometries address, from the lower offset.
  int64_t lo = std::min(input_offset, offset);
  int64_t hi = std::max(input_offset + extent(input_sizes, input_strides), offset + extent(sizes, strides));
  int64_t n = std::max<int64_t>(hi - lo, 0);
  // grad of each memory location, then read back through the input's geometry.
  Tensor flat = scatter_sum(grad, n, sizes, strides, offset - lo);
  Tensor result = as_strided(flat, input_sizes, input_strides, input_offset - lo);
  if (may_overlap(input_sizes, input_strides)) {
    // Input elements sharing a location each get an equal share of its gradient.
    Tensor counts = scatter_sum(ones(input_sizes, grad.dtype()), n, input_sizes, input_strides, input_offset - lo);
    result = result / as_strided(counts, input_sizes, input_strides, input_offset - lo);
  }
  return result;
}

}  // namespace ember
