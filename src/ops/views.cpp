// View ops (DESIGN.md section 3): each computes new sizes/strides/offset over the same storage.
#include "ember/ops/views.h"

#include <algorithm>
#include <numeric>

#include "autograd/autograd_meta.h"
#include "autograd/record.h"
#include "ember/core/shape.h"
#include "ember/ops/copy.h"
#include "ember/ops/reduce.h"
#include "ember/ops/view_backward.h"

namespace ember {

namespace {

Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  return Tensor(intrusive_ptr<TensorImpl>::make(self.storage(), self.dtype(), sizes, strides, offset));
}

void check_defined(const Tensor& self, const char* op) {
  EMBER_CHECK(self.defined(), op, "called on an undefined tensor");
}

using autograd::BackwardContext;
using autograd::variable_list;

// Autograd for a view op: `out` remembers how to re-create it from self (`replay`, used when
// an in-place op writes through it: NOTE [Views and in-place ops]) and, when self requires
// grad, records `backward` (one ember-op formula from grad of out to grad of self).
template <class Replay, class Backward>
Tensor finish_view(const Tensor& self, Tensor out, const char* name, Replay replay, Backward backward,
                   bool replay_from_base = false) {
  if (!GradMode::is_enabled()) return out;
  autograd::set_view_info(self, out, std::move(replay), replay_from_base);
  if (self.requires_grad()) {
    autograd::record(name, {self}, {out}, {}, [backward = std::move(backward)](BackwardContext&, const variable_list& g) {
      return variable_list{backward(g[0])};
    });
  }
  return out;
}

// Gradient of a view whose only effect is a new shape over the same elements.
auto reshape_to(IntArrayRef sizes) {
  return [sizes = DimVector(sizes)](const Tensor& g) { return reshape(g, sizes); };
}

}  // namespace

Tensor view(const Tensor& self, IntArrayRef size) {
  check_defined(self, "view");
  DimVector shape = infer_size(size, self.numel(), "view");
  auto strides = compute_view_strides(self.sizes(), self.strides(), shape);
  EMBER_CHECK(strides.has_value(), "view",
              "view size is not compatible with input tensor's size and stride (at least one "
              "dimension spans across two contiguous subspaces): input sizes ", self.sizes(),
              ", strides ", self.strides(), ", requested ", size,
              ". Use .reshape(...) instead.");
  return finish_view(self, make_view(self, shape, *strides, self.storage_offset()), "ViewBackward0",
                     [shape](const Tensor& t) { return view(t, shape); }, reshape_to(self.sizes()));
}

Tensor view(const Tensor& self, ScalarType dtype) {
  check_defined(self, "view");
  int64_t old_size = self.element_size();
  int64_t new_size = static_cast<int64_t>(element_size(dtype));
  if (old_size == new_size) {
    return Tensor(intrusive_ptr<TensorImpl>::make(self.storage(), dtype, self.sizes(),
                                                  self.strides(), self.storage_offset()));
  }
  // Different element sizes reinterpret the last dim, which must be contiguous (PyTorch's rule).
  EMBER_CHECK(self.dim() > 0, "view",
              "a 0-dim tensor of dtype ", self.dtype(), " cannot be viewed as ", dtype,
              " (element sizes differ)");
  EMBER_CHECK(self.stride(-1) == 1, "view", "to view a ", self.dtype(), " tensor as ", dtype,
              " the last dimension must have stride 1, but strides are ", self.strides());
  DimVector sizes(self.sizes()), strides(self.strides());
  int64_t offset = self.storage_offset();
  if (new_size > old_size) {
    int64_t ratio = new_size / old_size;
    EMBER_CHECK(sizes.back() % ratio == 0 && offset % ratio == 0, "view",
                "cannot view a ", self.dtype(), " tensor of shape ", self.sizes(), " as ", dtype,
                ": the last dimension (", sizes.back(), ") and storage offset (", offset,
                ") must be divisible by ", ratio);
    for (size_t i = 0; i + 1 < strides.size(); ++i) {
      EMBER_CHECK(strides[i] % ratio == 0, "view", "cannot view a ", self.dtype(),
                  " tensor as ", dtype, ": stride ", strides[i], " of dim ", i,
                  " is not divisible by ", ratio);
      strides[i] /= ratio;
    }
    sizes.back() /= ratio;
    offset /= ratio;
  } else {
    int64_t ratio = old_size / new_size;
    for (size_t i = 0; i + 1 < strides.size(); ++i) strides[i] *= ratio;
    sizes.back() *= ratio;
    offset *= ratio;
  }
  return Tensor(intrusive_ptr<TensorImpl>::make(self.storage(), dtype, sizes, strides, offset));
}

Tensor reshape(const Tensor& self, IntArrayRef shape) {
  check_defined(self, "reshape");
  DimVector sizes = infer_size(shape, self.numel(), "reshape");
  if (auto strides = compute_view_strides(self.sizes(), self.strides(), sizes)) {
    return finish_view(self, make_view(self, sizes, *strides, self.storage_offset()), "ReshapeAliasBackward0",
                       [sizes](const Tensor& t) { return reshape(t, sizes); }, reshape_to(self.sizes()));
  }
  // Not viewable: a copy, then a view of the copy that is not tracked as a view (as PyTorch's
  // _unsafe_view: in-place writes to the result must not reach the temporary copy).
  Tensor copy = contiguous(self);
  Tensor out = make_view(copy, sizes, contiguous_strides(sizes), 0);
  if (autograd::any_requires_grad(copy)) {
    autograd::record("UnsafeViewBackward0", {copy}, {out}, {},
                     [shape = DimVector(self.sizes())](BackwardContext&, const variable_list& g) {
                       return variable_list{reshape(g[0], shape)};
                     });
  }
  return out;
}

Tensor permute(const Tensor& self, IntArrayRef dims) {
  check_defined(self, "permute");
  int64_t n = self.dim();
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == n, "permute",
              "number of dims don't match: the tensor has ", n, " dims (shape ", self.sizes(),
              ") but the ordering ", dims, " has ", dims.size());
  DimVector sizes(n), strides(n);
  std::vector<bool> seen(n, false);
  for (int64_t i = 0; i < n; ++i) {
    int64_t d = wrap_dim(dims[i], n, "permute");
    EMBER_CHECK(!seen[d], "permute", "repeated dim ", dims[i], " in ", dims);
    seen[d] = true;
    sizes[i] = self.sizes()[d];
    strides[i] = self.strides()[d];
  }
  std::vector<int64_t> order(dims.begin(), dims.end()), inverse(n);
  for (int64_t i = 0; i < n; ++i) inverse[wrap_dim(dims[i], n, "permute")] = i;
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "PermuteBackward0",
                     [order](const Tensor& t) { return permute(t, order); },
                     [inverse](const Tensor& g) { return permute(g, inverse); });
}

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  check_defined(self, "transpose");
  int64_t n = self.dim();
  if (n == 0) {  // a 0-dim tensor accepts dims 0/-1 and is returned as a view of itself
    wrap_dim(dim0, n, "transpose");
    wrap_dim(dim1, n, "transpose");
    return alias(self);
  }
  int64_t a = wrap_dim(dim0, n, "transpose"), b = wrap_dim(dim1, n, "transpose");
  DimVector sizes(self.sizes()), strides(self.strides());
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "TransposeBackward0",
                     [a, b](const Tensor& t) { return transpose(t, a, b); },
                     [a, b](const Tensor& g) { return transpose(g, a, b); });
}

Tensor swapaxes(const Tensor& self, int64_t dim0, int64_t dim1) { return transpose(self, dim0, dim1); }

Tensor t(const Tensor& self) {
  check_defined(self, "t");
  EMBER_CHECK(self.dim() <= 2, "t", "expects a tensor with <= 2 dimensions, but self is ",
              self.dim(), "D (shape ", self.sizes(), "); use transpose(dim0, dim1) or mT");
  DimVector sizes(self.sizes()), strides(self.strides());
  std::reverse(sizes.begin(), sizes.end());
  std::reverse(strides.begin(), strides.end());
  auto transposed = [](const Tensor& t) { return ember::t(t); };
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "TBackward0",
                     transposed, transposed);
}

Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  check_defined(self, "narrow");
  EMBER_CHECK(self.dim() > 0, "narrow", "cannot be applied to a 0-dim tensor");
  int64_t d = wrap_dim(dim, self.dim(), "narrow");
  int64_t size = self.sizes()[d];
  EMBER_CHECK(start >= -size && start <= size, "narrow", "start (", start,
              ") is out of bounds for dimension ", d, " of size ", size);
  if (start < 0) start += size;
  EMBER_CHECK(length >= 0 && start + length <= size, "narrow", "start (", start,
              ") + length (", length, ") exceeds dimension size (", size, ") of dim ", d);
  return slice(self, d, start, start + length, 1);
}

Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  check_defined(self, "select");
  EMBER_CHECK(self.dim() > 0, "select", "cannot be applied to a 0-dim tensor");
  int64_t d = wrap_dim(dim, self.dim(), "select");
  int64_t size = self.sizes()[d];
  EMBER_CHECK(index >= -size && index < size, "select", "index ", index,
              " is out of bounds for dimension ", d, " with size ", size);
  if (index < 0) index += size;
  DimVector sizes(self.sizes()), strides(self.strides());
  int64_t offset = self.storage_offset() + index * strides[d];
  sizes.erase(d);
  strides.erase(d);
  return finish_view(self, make_view(self, sizes, strides, offset), "SelectBackward0",
                     [d, index](const Tensor& t) { return select(t, d, index); },
                     [d, index, input = DimVector(self.sizes())](const Tensor& g) {
                       return select_backward(g, input, d, index);
                     });
}

Tensor slice(const Tensor& self, int64_t dim, std::optional<int64_t> start,
             std::optional<int64_t> end, int64_t step) {
  check_defined(self, "slice");
  EMBER_CHECK(self.dim() > 0, "slice", "cannot be applied to a 0-dim tensor");
  EMBER_CHECK(step > 0, "slice", "slice step must be positive, got ", step);
  int64_t d = wrap_dim(dim, self.dim(), "slice");
  int64_t size = self.sizes()[d];
  // Python slice semantics: negative bounds count from the end, then clamp to [0, size].
  auto clamp_bound = [size](int64_t v) {
    if (v < 0) v += size;
    return std::clamp<int64_t>(v, 0, size);
  };
  int64_t lo = clamp_bound(start.value_or(0));
  int64_t hi = clamp_bound(end.value_or(size));
  if (hi < lo) hi = lo;
  DimVector sizes(self.sizes()), strides(self.strides());
  int64_t offset = self.storage_offset() + lo * strides[d];
  sizes[d] = (hi - lo + step - 1) / step;
  strides[d] *= step;
  return finish_view(self, make_view(self, sizes, strides, offset), "SliceBackward0",
                     [d, lo, hi, step](const Tensor& t) { return slice(t, d, lo, hi, step); },
                     [d, lo, hi, step, input = DimVector(self.sizes())](const Tensor& g) {
                       return slice_backward(g, input, d, lo, hi, step);
                     });
}

Tensor expand(const Tensor& self, IntArrayRef size) {
  check_defined(self, "expand");
  int64_t n = static_cast<int64_t>(size.size());
  EMBER_CHECK(n >= self.dim(), "expand", "the number of sizes provided (", n,
              ") must be greater or equal to the number of dimensions in the tensor (",
              self.dim(), "): shape ", self.sizes(), " to ", size);
  DimVector sizes(n), strides(n);
  for (int64_t i = n - 1; i >= 0; --i) {
    int64_t offset = n - 1 - i;
    int64_t self_dim = self.dim() - 1 - offset;
    int64_t self_size = self_dim >= 0 ? self.sizes()[self_dim] : 1;
    int64_t self_stride = self_dim >= 0 ? self.strides()[self_dim] : 0;
    int64_t target = size[i];
    if (target == -1) {
      EMBER_CHECK(self_dim >= 0, "expand", "-1 is not allowed in a leading, non-existing dimension ",
                  i, " (expanding ", self.sizes(), " to ", size, ")");
      target = self_size;
    }
    EMBER_CHECK(target >= 0, "expand", "invalid size ", target, " in ", size);
    if (self_size == target) {
      sizes[i] = self_size;
      strides[i] = self_stride;
    } else {
      EMBER_CHECK(self_size == 1, "expand", "the expanded size of the tensor (", target,
                  ") must match the existing size (", self_size, ") at non-singleton dimension ",
                  i, ". Target sizes: ", size, ". Tensor sizes: ", self.sizes());
      sizes[i] = target;
      strides[i] = 0;
    }
  }
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "ExpandBackward0",
                     [sizes](const Tensor& t) { return expand(t, sizes); },
                     [input = DimVector(self.sizes())](const Tensor& g) { return sum_to(g, input); });
}

Tensor squeeze(const Tensor& self) {
  check_defined(self, "squeeze");
  DimVector sizes, strides;
  for (int64_t i = 0; i < self.dim(); ++i) {
    if (self.sizes()[i] != 1) {
      sizes.push_back(self.sizes()[i]);
      strides.push_back(self.strides()[i]);
    }
  }
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "SqueezeBackward0",
                     [](const Tensor& t) { return squeeze(t); }, reshape_to(self.sizes()));
}

Tensor squeeze(const Tensor& self, int64_t dim) {
  check_defined(self, "squeeze");
  int64_t d = wrap_dim(dim, self.dim(), "squeeze");
  DimVector sizes(self.sizes()), strides(self.strides());
  if (self.dim() > 0 && self.sizes()[d] == 1) {
    sizes.erase(d);
    strides.erase(d);
  }
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "SqueezeBackward1",
                     [d](const Tensor& t) { return squeeze(t, d); }, reshape_to(self.sizes()));
}

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  check_defined(self, "unsqueeze");
  int64_t d = wrap_dim(dim, self.dim() + 1, "unsqueeze");
  DimVector sizes(self.sizes()), strides(self.strides());
  // The new dim's stride makes the result contiguous when self is.
  int64_t stride = d < self.dim() ? sizes[d] * strides[d] : 1;
  sizes.insert(d, 1);
  strides.insert(d, stride);
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "UnsqueezeBackward0",
                     [d](const Tensor& t) { return unsqueeze(t, d); },
                     [d](const Tensor& g) { return squeeze(g, d); });
}

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  check_defined(self, "flatten");
  if (self.dim() == 0) return reshape(self, {1});
  int64_t s = wrap_dim(start_dim, self.dim(), "flatten");
  int64_t e = wrap_dim(end_dim, self.dim(), "flatten");
  EMBER_CHECK(s <= e, "flatten", "start_dim (", start_dim, ") cannot come after end_dim (",
              end_dim, ") for a tensor of shape ", self.sizes());
  if (s == e) return self;  // as PyTorch: the input itself, not a view
  DimVector shape;
  for (int64_t i = 0; i < s; ++i) shape.push_back(self.sizes()[i]);
  int64_t merged = 1;
  for (int64_t i = s; i <= e; ++i) merged *= self.sizes()[i];
  shape.push_back(merged);
  for (int64_t i = e + 1; i < self.dim(); ++i) shape.push_back(self.sizes()[i]);
  return reshape(self, shape);
}

Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes) {
  check_defined(self, "unflatten");
  EMBER_CHECK(self.dim() > 0, "unflatten", "cannot be applied to a 0-dim tensor");
  int64_t d = wrap_dim(dim, self.dim(), "unflatten");
  EMBER_CHECK(!sizes.empty(), "unflatten", "sizes must be non-empty");
  DimVector inner = infer_size(sizes, self.sizes()[d], "unflatten");
  DimVector shape;
  for (int64_t i = 0; i < d; ++i) shape.push_back(self.sizes()[i]);
  for (int64_t s : inner) shape.push_back(s);
  for (int64_t i = d + 1; i < self.dim(); ++i) shape.push_back(self.sizes()[i]);
  return view(self, shape);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  check_defined(self, "diagonal");
  EMBER_CHECK(self.dim() >= 2, "diagonal", "expects a tensor with at least 2 dims, got shape ",
              self.sizes());
  int64_t a = wrap_dim(dim1, self.dim(), "diagonal"), b = wrap_dim(dim2, self.dim(), "diagonal");
  EMBER_CHECK(a != b, "diagonal", "diagonal dimensions cannot be identical ", dim1, ", ", dim2);
  int64_t base = self.storage_offset();
  int64_t len;
  if (offset >= 0) {
    len = std::max<int64_t>(std::min(self.sizes()[a], self.sizes()[b] - offset), 0);
    if (len > 0) base += offset * self.strides()[b];
  } else {
    len = std::max<int64_t>(std::min(self.sizes()[a] + offset, self.sizes()[b]), 0);
    if (len > 0) base -= offset * self.strides()[a];
  }
  DimVector sizes, strides;
  for (int64_t i = 0; i < self.dim(); ++i) {
    if (i == a || i == b) continue;
    sizes.push_back(self.sizes()[i]);
    strides.push_back(self.strides()[i]);
  }
  sizes.push_back(len);
  strides.push_back(self.strides()[a] + self.strides()[b]);
  return finish_view(self, make_view(self, sizes, strides, base), "DiagonalBackward0",
                     [offset, a, b](const Tensor& t) { return diagonal(t, offset, a, b); },
                     [offset, a, b, input = DimVector(self.sizes())](const Tensor& g) {
                       return diagonal_backward(g, input, offset, a, b);
                     });
}

Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                  std::optional<int64_t> storage_offset) {
  check_defined(self, "as_strided");
  EMBER_CHECK(size.size() == stride.size(), "as_strided", "mismatch in length of strides ",
              stride, " and shape ", size);
  int64_t offset = storage_offset.value_or(self.storage_offset());
  EMBER_CHECK(offset >= 0, "as_strided", "storage offset must be non-negative, got ", offset);
  // The furthest element addressed must lie inside the storage.
  int64_t last = offset;
  bool empty = false;
  for (size_t i = 0; i < size.size(); ++i) {
    EMBER_CHECK(size[i] >= 0, "as_strided", "negative size ", size[i], " in ", size);
    EMBER_CHECK(stride[i] >= 0, "as_strided", "negative stride ", stride[i], " in ", stride);
    if (size[i] == 0) empty = true;
    last += (size[i] - 1) * stride[i];
  }
  int64_t needed = empty ? 0 : (last + 1) * self.element_size();
  int64_t available = static_cast<int64_t>(self.storage()->nbytes());
  EMBER_CHECK(needed <= available, "as_strided", "sizes ", size, ", strides ", stride,
              " and storage offset ", offset, " need ", needed,
              " bytes but the storage has only ", available);
  // The geometry is absolute in the storage, so the replay starts from the root base, at the
  // same offset relative to it (the replayed tensor is laid out as the base).
  Tensor root = autograd::view_base(self);
  return finish_view(
      self, make_view(self, size, stride, offset), "AsStridedBackward0",
      [sizes = DimVector(size), strides = DimVector(stride), rel = offset - root.storage_offset()](const Tensor& t) {
        return as_strided(t, sizes, strides, t.storage_offset() + rel);
      },
      [in_sizes = DimVector(self.sizes()), in_strides = DimVector(self.strides()), in_offset = self.storage_offset(),
       sizes = DimVector(size), strides = DimVector(stride), offset](const Tensor& g) {
        return as_strided_backward(g, in_sizes, in_strides, in_offset, sizes, strides, offset);
      },
      /*replay_from_base=*/true);
}

Tensor unfold(const Tensor& self, int64_t dimension, int64_t size, int64_t step) {
  check_defined(self, "unfold");
  int64_t d = wrap_dim(dimension, self.dim(), "unfold");
  int64_t dim_size = self.dim() == 0 ? 1 : self.sizes()[d];
  EMBER_CHECK(size <= dim_size, "unfold", "maximum size for tensor at dimension ", d, " is ",
              dim_size, " but size is ", size);
  EMBER_CHECK(size >= 0, "unfold", "size is ", size, " but must be >= 0");
  EMBER_CHECK(step > 0, "unfold", "step is ", step, " but must be > 0");
  DimVector sizes(self.sizes()), strides(self.strides());
  if (self.dim() == 0) {
    sizes.push_back(size);
    strides.push_back(1);
  } else {
    int64_t dim_stride = strides[d];
    sizes[d] = (dim_size - size) / step + 1;
    strides[d] = dim_stride * step;
    sizes.push_back(size);
    strides.push_back(dim_stride);
  }
  return finish_view(self, make_view(self, sizes, strides, self.storage_offset()), "UnfoldBackward0",
                     [d, size, step](const Tensor& t) { return unfold(t, d, size, step); },
                     [d, size, step, input = DimVector(self.sizes())](const Tensor& g) {
                       return unfold_backward(g, input, d, size, step);
                     });
}

Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination) {
  check_defined(self, "movedim");
  int64_t n = self.dim();
  EMBER_CHECK(source.size() == destination.size(), "movedim",
              "invalid source or destination dims: source (", source,
              ") and destination (", destination, ") must have the same number of elements");
  // order[dst] = src for the moved dims; the rest keep their relative order.
  std::vector<int64_t> order(n, -1);
  std::vector<bool> used(n, false);
  for (size_t i = 0; i < source.size(); ++i) {
    int64_t s = wrap_dim(source[i], n, "movedim"), d = wrap_dim(destination[i], n, "movedim");
    EMBER_CHECK(order[d] == -1 && !used[s], "movedim", "repeated dim in source ", source,
                " or destination ", destination);
    order[d] = s;
    used[s] = true;
  }
  int64_t next = 0;
  for (int64_t d = 0; d < n; ++d) {
    if (order[d] != -1) continue;
    while (used[next]) ++next;
    order[d] = next++;
  }
  return permute(self, order);
}

Tensor movedim(const Tensor& self, int64_t source, int64_t destination) {
  return movedim(self, IntArrayRef(source), IntArrayRef(destination));
}

Tensor alias(const Tensor& self) {
  check_defined(self, "alias");
  return finish_view(self, make_view(self, self.sizes(), self.strides(), self.storage_offset()), "AliasBackward0",
                     [](const Tensor& t) { return alias(t); }, [](const Tensor& g) { return g; });
}

std::vector<Tensor> broadcast_tensors(TensorList tensors) {
  DimVector shape;
  for (const Tensor& t : tensors) shape = broadcast_shapes(shape, t.sizes(), "broadcast_tensors");
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  for (const Tensor& t : tensors) out.push_back(expand(t, shape));
  return out;
}

// ---- in-place metadata ops ----------------------------------------------------------------
// self takes the out-of-place view's geometry and, under autograd, its history (and, for a
// view, its replay). Deviation: PyTorch names these nodes SqueezeBackward2, TransposeBackward1,
// ...; ember's node is the out-of-place op's (same formula).
namespace {
Tensor& adopt_view(Tensor& self, const Tensor& view, const char* op) {
  bool grad = autograd::check_inplace(self, op);
  self.unsafeGetTensorImpl()->set_sizes_and_strides(view.sizes(), view.strides());
  self.unsafeGetTensorImpl()->set_storage_offset(view.storage_offset());
  autograd::AutogradMeta* self_meta = autograd::get_autograd_meta(self);
  autograd::AutogradMeta* view_meta = autograd::get_autograd_meta(view);
  if (!view_meta) return self;
  if (self_meta && self_meta->view) self_meta->view = std::move(view_meta->view);
  if (grad) {
    autograd::AutogradMeta& meta = autograd::materialize_autograd_meta(self);
    meta.grad_fn = view_meta->grad_fn;
    meta.output_nr = view_meta->output_nr;
  }
  return self;
}
}  // namespace

Tensor& Tensor::squeeze_() { return adopt_view(*this, squeeze(), "squeeze_"); }
Tensor& Tensor::squeeze_(int64_t dim) { return adopt_view(*this, squeeze(dim), "squeeze_"); }
Tensor& Tensor::unsqueeze_(int64_t dim) { return adopt_view(*this, unsqueeze(dim), "unsqueeze_"); }
Tensor& Tensor::t_() { return adopt_view(*this, t(), "t_"); }
Tensor& Tensor::transpose_(int64_t dim0, int64_t dim1) { return adopt_view(*this, transpose(dim0, dim1), "transpose_"); }
Tensor& Tensor::as_strided_(IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset) {
  return adopt_view(*this, as_strided(size, stride, storage_offset), "as_strided_");
}

}  // namespace ember
