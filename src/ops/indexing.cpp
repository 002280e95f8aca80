// Tensor indexing: Tensor::index / index_put_ with ember::indexing indices (LibTorch's
// get_item / set_item), and the advanced-indexing ops they lower to (at::index, index_put_,
// nonzero).
//
// Tensor::index first applies the basic indices as views (select, slice, unsqueeze), keeping
// the tensor and bool indices aside, one per dim of that view; if any were kept, ember::index
// gathers with them (a copy), otherwise the view is the result.
#include "ember/ops/indexing.h"

#include <algorithm>
#include <sstream>

#include "cpu/index_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/copy.h"
#include "ember/ops/views.h"
#include "ops/overlap.h"

namespace ember {

using indexing::TensorIndex;
using indexing::TensorIndexType;

namespace {

bool is_mask(const Tensor& t) { return t.dtype() == kBool || t.dtype() == kByte; }

// The index tensor standing for a bool index on a new size-1 dim: [0] keeps that dim (true),
// [] empties it (false). Being an index tensor, it broadcasts with the other index tensors,
// as in PyTorch.
Tensor bool_to_index(bool value) {
  Tensor index = empty({value ? 1 : 0}, kLong);
  index.fill_(0);
  return index;
}

std::optional<DimVector> try_broadcast(IntArrayRef a, IntArrayRef b) {
  size_t n = std::max(a.size(), b.size());
  DimVector out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t x = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t y = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (x != y && x != 1 && y != 1) return std::nullopt;
    out[i] = x == 1 ? y : x;
  }
  return out;
}

// value expanded to `shape`; throws naming op when it does not broadcast (one way: value's
// dims must each equal shape's or be 1).
Tensor expand_value(const Tensor& value, IntArrayRef shape, const char* op) {
  auto b = try_broadcast(value.sizes(), shape);
  EMBER_CHECK(b.has_value() && b->ref() == shape, op, "shape mismatch: value tensor of shape ",
              value.sizes(), " cannot be broadcast to indexing result of shape ", shape);
  return expand(value, shape);
}

// value without its leading size-1 dims, as LibTorch's set_item, so that a [1, 1, 3] value can
// be written into a [3] result.
Tensor strip_leading_ones(Tensor value) {
  while (value.dim() > 0 && value.sizes()[0] == 1) value = select(value, 0, 0);
  return value;
}

// ---- advanced indexing ------------------------------------------------------------------

// An advanced index lowered for the kernels (see cpu/index_kernel.h): both are viewed with the
// result's shape.
struct AdvancedIndex {
  Tensor src;      // self restrided: stride 0 along the dims the index tensors produce
  Tensor offsets;  // int64 element offsets into self: stride 0 along the dims taken whole
};

AdvancedIndex make_advanced_index(const Tensor& input, const std::vector<std::optional<Tensor>>& indices,
                                  const char* op) {
  EMBER_CHECK(input.defined(), op, "called on an undefined tensor");
  Tensor self = input;
  // 1. Masks become their nonzero() positions: a d-dim mask gives d int64 index tensors.
  std::vector<std::optional<Tensor>> expanded;
  for (size_t i = 0; i < indices.size(); ++i) {
    const std::optional<Tensor>& entry = indices[i];
    int64_t d = static_cast<int64_t>(expanded.size());
    if (!entry.has_value() || !entry->defined()) {
      expanded.push_back(std::nullopt);
      continue;
    }
    const Tensor& t = *entry;
    if (is_mask(t)) {
      if (t.dim() == 0) {  // a 0-dim mask adds a dim: size 1 when true, 0 when false
        self = unsqueeze(self, d);
        expanded.push_back(bool_to_index(t.item<bool>()));
        continue;
      }
      bool fits = d + t.dim() <= self.dim();
      for (int64_t k = 0; fits && k < t.dim(); ++k) fits = t.sizes()[k] == self.sizes()[d + k];
      EMBER_CHECK(fits, op, "the shape of the mask ", t.sizes(), " at index ", i,
                  " does not match the shape of the indexed tensor ", self.sizes(),
                  " starting at dim ", d, "; a mask must have the shape of the dims it indexes");
      Tensor positions = cpu::nonzero_kernel(t);  // [n, t.dim()]
      for (int64_t k = 0; k < t.dim(); ++k) expanded.push_back(select(positions, 1, k));
      continue;
    }
    EMBER_CHECK(t.dtype() == kLong || t.dtype() == kInt, op,
                "tensors used as indices must be long, int, byte or bool tensors, but index ", i,
                " has dtype ", t.dtype(), " (shape ", t.sizes(), ")");
    expanded.push_back(t);
  }
  EMBER_CHECK(static_cast<int64_t>(expanded.size()) <= self.dim(), op,
              "too many indices for tensor of dimension ", self.dim(), " (got ", expanded.size(),
              "; shape ", self.sizes(), ")");

  // 2. The indexed dims, and the shape B all index tensors broadcast to.
  std::vector<int64_t> dims;
  std::vector<Tensor> index_tensors;
  for (size_t d = 0; d < expanded.size(); ++d) {
    if (!expanded[d]) continue;
    dims.push_back(static_cast<int64_t>(d));
    index_tensors.push_back(*expanded[d]);
  }
  EMBER_CHECK(!dims.empty(), op, "at least one index must be a defined tensor (got ",
              indices.size(), " undefined indices for a tensor of shape ", self.sizes(), ")");
  DimVector bshape;
  bool broadcastable = true;
  for (const Tensor& t : index_tensors) {
    auto b = try_broadcast(bshape, t.sizes());
    if (!b) {
      broadcastable = false;
      break;
    }
    bshape = *b;
  }
  if (!broadcastable) {
    std::ostringstream shapes;
    for (size_t k = 0; k < index_tensors.size(); ++k)
      shapes << (k ? ", " : "") << index_tensors[k].sizes();
    detail::throw_error(op, "shape mismatch: indexing tensors could not be broadcast together "
                        "with shapes ", shapes.str());
  }

  // 3. Result shape: B replaces the indexed dims where they are adjacent, else B comes first.
  bool adjacent = dims.back() - dims.front() + 1 == static_cast<int64_t>(dims.size());
  DimVector bstrides = contiguous_strides(bshape);
  DimVector shape, src_strides, offset_strides;
  auto append_b = [&] {
    for (size_t j = 0; j < bshape.size(); ++j) {
      shape.push_back(bshape[j]);
      src_strides.push_back(0);
      offset_strides.push_back(bstrides[j]);
    }
  };
  auto append_self_dim = [&](int64_t d) {
    shape.push_back(self.sizes()[d]);
    src_strides.push_back(self.strides()[d]);
    offset_strides.push_back(0);
  };
  auto is_indexed = [&](int64_t d) {
    return d < static_cast<int64_t>(expanded.size()) && expanded[d].has_value();
  };
  if (adjacent) {
    for (int64_t d = 0; d < dims.front(); ++d) append_self_dim(d);
    append_b();
    for (int64_t d = dims.back() + 1; d < self.dim(); ++d) append_self_dim(d);
  } else {
    append_b();
    for (int64_t d = 0; d < self.dim(); ++d)
      if (!is_indexed(d)) append_self_dim(d);
  }

  // 4. One offset per position of B: the sum over index tensors of index * stride.
  Tensor offsets = empty(bshape, kLong);
  offsets.fill_(0);
  for (size_t k = 0; k < dims.size(); ++k) {
    int64_t d = dims[k];
    cpu::add_index_offsets_kernel(offsets, expand(index_tensors[k], bshape), self.sizes()[d],
                                  self.strides()[d], d, op);
  }
  return {as_strided(self, shape, src_strides, self.storage_offset()),
          as_strided(offsets, shape, offset_strides, 0)};
}

// ---- basic indexing ---------------------------------------------------------------------

// The view left after the basic indices, and the index tensors kept for its dims.
struct SlicedIndex {
  Tensor view;
  std::vector<std::optional<Tensor>> tensor_indices;  // entry k indexes dim k of view
};

// Dims of self an index consumes: integers, slices and position tensors one; a mask its dims;
// None, Ellipsis and bools none (they add dims or stand for the rest).
int64_t consumed_dims(const TensorIndex& index) {
  if (index.is_integer() || index.is_slice()) return 1;
  if (index.is_tensor()) return is_mask(index.tensor()) ? index.tensor().dim() : 1;
  return 0;
}

bool is_integer_like(const TensorIndex& index) {
  if (index.is_integer()) return true;
  if (!index.is_tensor()) return false;
  const Tensor& t = index.tensor();
  return t.dim() == 0 && is_integral_type(t.dtype(), /*include_bool=*/false) && t.dtype() != kByte;
}

SlicedIndex apply_slicing(const Tensor& self, ArrayRef<TensorIndex> indices, const char* op) {
  EMBER_CHECK(self.defined(), op, "called on an undefined tensor");
  EMBER_CHECK(!indices.empty(), op, "passing an empty index list is not valid syntax; use "
              "{\"...\"} (Ellipsis) to index the whole tensor");
  int64_t specified = 0, ellipses = 0;
  bool has_integer = false;
  for (const TensorIndex& index : indices) {
    EMBER_CHECK(!index.is_tensor() || index.tensor().defined(), op,
                "an index tensor is undefined; index with defined tensors only");
    specified += consumed_dims(index);
    ellipses += index.is_ellipsis();
    has_integer |= is_integer_like(index);
  }
  EMBER_CHECK(ellipses <= 1, op, "an index can only have a single ellipsis (\"...\"), got ",
              ellipses, " in ", indices);
  EMBER_CHECK(self.dim() > 0 || !has_integer, op, "invalid index of a 0-dim tensor ", indices,
              ". Use `tensor.item<T>()` to convert a 0-dim tensor to a number");
  EMBER_CHECK(specified <= self.dim(), op, "too many indices for tensor of dimension ",
              self.dim(), " (shape ", self.sizes(), "): ", indices, " index ", specified, " dims");

  Tensor result = self;
  int64_t dim = 0;       // the dim of result the next index applies to
  int64_t real_dim = 0;  // that dim counted in self (for messages: None/bool dims are new)
  std::vector<std::optional<Tensor>> tensor_indices;
  // A d-dim mask is one entry covering d dims, as ember::index reads it; `covered` counts the
  // dims of result the entries so far stand for, so later entries line up with their dims.
  int64_t covered = 0;
  auto record = [&](const Tensor& index, int64_t ndims) {
    for (; covered < dim; ++covered) tensor_indices.push_back(std::nullopt);
    tensor_indices.push_back(index);
    covered += ndims;
    dim += ndims;
  };
  auto select_at = [&](int64_t i) {
    int64_t size = result.sizes()[dim];
    EMBER_CHECK(i >= -size && i < size, op, "index ", i, " is out of bounds for dimension ",
                real_dim, " with size ", size);
    result = select(result, dim, i);
    ++real_dim;
  };
  for (const TensorIndex& index : indices) {
    switch (index.type()) {
      case TensorIndexType::Integer:
        select_at(index.integer());
        break;
      case TensorIndexType::Slice: {
        const indexing::Slice& s = index.slice();
        EMBER_CHECK(s.step() > 0, op, "step must be greater than zero, got ", s.step(),
                    " in ", s, " (negative steps are not supported; use flip)");
        result = slice(result, dim, s.start(), s.stop(), s.step());
        ++dim;
        ++real_dim;
        break;
      }
      case TensorIndexType::None:
        result = unsqueeze(result, dim);
        ++dim;
        break;
      case TensorIndexType::Ellipsis:
        dim += self.dim() - specified;
        real_dim += self.dim() - specified;
        break;
      case TensorIndexType::Boolean:
        result = unsqueeze(result, dim);
        record(bool_to_index(index.boolean()), 1);
        break;
      case TensorIndexType::Tensor: {
        const Tensor& t = index.tensor();
        if (is_integer_like(index)) {  // a 0-dim integer tensor selects, as an integer
          select_at(t.item<int64_t>());
        } else if (t.dim() == 0 && is_mask(t)) {  // a 0-dim mask indexes as a bool
          result = unsqueeze(result, dim);
          record(bool_to_index(t.item<bool>()), 1);
        } else {
          int64_t n = consumed_dims(index);
          record(t, n);
          real_dim += n;
        }
        break;
      }
    }
  }
  return {result, std::move(tensor_indices)};
}

}  // namespace

// ---- advanced indexing ops --------------------------------------------------------------

Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices) {
  AdvancedIndex adv = make_advanced_index(self, indices, "index");
  Tensor out = empty(adv.src.sizes(), self.dtype());
  cpu::index_kernel(out, adv.src, adv.offsets);
  return out;
}

Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                   const Tensor& values, bool accumulate) {
  EMBER_CHECK(self.defined() && values.defined(), "index_put_", "called with an undefined tensor");
  ops::check_no_internal_overlap(self, "index_put_");
  AdvancedIndex adv = make_advanced_index(self, indices, "index_put_");
  // Values that alias self are read from a snapshot, so no write is seen by a later read.
  Tensor source = values.storage().get() == self.storage().get() ? clone(values) : values;
  Tensor expanded = expand_value(source, adv.src.sizes(), "index_put_");
  cpu::index_put_kernel(adv.src, expanded, adv.offsets, accumulate);
  self.unsafeGetTensorImpl()->bump_version();
  return self;
}

Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                 const Tensor& values, bool accumulate) {
  EMBER_CHECK(self.defined(), "index_put", "called on an undefined tensor");
  Tensor out = clone(self);
  return index_put_(out, indices, values, accumulate);
}

Tensor nonzero(const Tensor& self) {
  EMBER_CHECK(self.defined(), "nonzero", "called on an undefined tensor");
  return cpu::nonzero_kernel(self);
}

// ---- Tensor methods ---------------------------------------------------------------------

Tensor Tensor::index(ArrayRef<TensorIndex> indices) const {
  SlicedIndex sliced = apply_slicing(*this, indices, "index");
  if (!sliced.tensor_indices.empty()) return ember::index(sliced.view, sliced.tensor_indices);
  // Basic indexing gives a view; a new handle even when nothing changed (x.index({"..."})).
  return sliced.view.is_same(*this) ? ember::alias(*this) : sliced.view;
}

Tensor Tensor::index(std::initializer_list<TensorIndex> indices) const {
  return index(ArrayRef<TensorIndex>(indices.begin(), indices.size()));
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Tensor& value) {
  EMBER_CHECK(value.defined(), "index_put_", "the value tensor is undefined");
  SlicedIndex sliced = apply_slicing(*this, indices, "index_put_");
  Tensor v = strip_leading_ones(value);
  if (sliced.tensor_indices.empty()) {
    ember::copy_(sliced.view, expand_value(v, sliced.view.sizes(), "index_put_"));
  } else {
    ember::index_put_(sliced.view, sliced.tensor_indices, v, /*accumulate=*/false);
  }
  return *this;
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Scalar& value) {
  SlicedIndex sliced = apply_slicing(*this, indices, "index_put_");
  if (sliced.tensor_indices.empty()) {
    ember::fill_(sliced.view, value);
  } else {
    Tensor v = empty({}, dtype());
    v.fill_(value);
    ember::index_put_(sliced.view, sliced.tensor_indices, v, /*accumulate=*/false);
  }
  return *this;
}

Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Tensor& value) {
  return index_put_(ArrayRef<TensorIndex>(indices.begin(), indices.size()), value);
}

Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Scalar& value) {
  return index_put_(ArrayRef<TensorIndex>(indices.begin(), indices.size()), value);
}

Tensor& Tensor::index_put_(const std::vector<std::optional<Tensor>>& indices,
                           const Tensor& values, bool accumulate) {
  return ember::index_put_(*this, indices, values, accumulate);
}

Tensor Tensor::operator[](int64_t index) const { return ember::select(*this, 0, index); }

Tensor Tensor::operator[](const Tensor& index) const { return this->index({index}); }

// ---- printing ---------------------------------------------------------------------------

namespace indexing {

std::ostream& operator<<(std::ostream& out, const Slice& slice) {
  return out << slice.start() << ":" << slice.stop() << ":" << slice.step();
}

std::ostream& operator<<(std::ostream& out, const TensorIndex& index) {
  switch (index.type()) {
    case TensorIndexType::None: return out << "None";
    case TensorIndexType::Ellipsis: return out << "...";
    case TensorIndexType::Integer: return out << index.integer();
    case TensorIndexType::Boolean: return out << (index.boolean() ? "true" : "false");
    case TensorIndexType::Slice: return out << index.slice();
    case TensorIndexType::Tensor:
      if (!index.tensor().defined()) return out << "Tensor(undefined)";
      return out << index.tensor().toString() << index.tensor().sizes();
  }
  return out;
}

std::ostream& operator<<(std::ostream& out, ArrayRef<TensorIndex> indices) {
  out << "(";
  for (size_t i = 0; i < indices.size(); ++i) out << (i ? ", " : "") << indices[i];
  return out << ")";
}

}  // namespace indexing

}  // namespace ember
