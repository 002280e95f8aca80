// Joining (cat, stack, hstack, vstack) and splitting (split, chunk, unbind), with backward.
//
// Joins copy each input into its slice of a fresh output; the gradient of an input is the
// matching slice of the output's gradient. Splits return views (narrow/select of self) and
// record one node for all pieces, whose backward joins the pieces' gradients again.
#include "ember/ops/shape.h"

#include "autograd/record.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/core/type_promotion.h"
#include "ember/ops/copy.h"
#include "ember/ops/views.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

namespace {

// LibTorch's legacy rule: a 1-D tensor of size 0 may be joined with anything (it is skipped).
bool is_legacy_empty_shape(IntArrayRef shape) { return shape.size() == 1 && shape[0] == 0; }
bool is_legacy_empty(const Tensor& t) { return is_legacy_empty_shape(t.sizes()); }

void check_list(TensorList tensors, const char* op) {
  EMBER_CHECK(!tensors.empty(), op, "expected a non-empty list of Tensors");
  for (size_t i = 0; i < tensors.size(); ++i)
    EMBER_CHECK(tensors[i].defined(), op, "tensor at position ", i, " is undefined");
}

// Joins `pieces` along dim; the gradient flows to `inputs` (the same tensors for cat; for
// hstack/vstack the tensors before they were viewed as 1-D/2-D), reshaped back to their shape.
Tensor cat_impl(TensorList inputs, const std::vector<Tensor>& pieces, int64_t dim, const char* op) {
  // The first input that is not legacy-empty fixes the rank and the sizes off dim.
  const Tensor* ref = nullptr;
  ResultTypeState dtype_state;
  for (size_t i = 0; i < pieces.size(); ++i) {
    EMBER_CHECK(pieces[i].dim() > 0, op, "zero-dimensional tensor (at position ", i,
                ") cannot be concatenated; unsqueeze it first or use stack");
    dtype_state.add(pieces[i]);
    if (!ref && !is_legacy_empty(pieces[i])) ref = &pieces[i];
  }
  ScalarType dtype = dtype_state.result();
  if (!ref) {  // only legacy-empty inputs: the result is empty too
    wrap_dim(dim, 1, op);
    Tensor out = empty({0}, dtype);
    if (autograd::any_requires_grad(inputs))
      autograd::record("CatBackward0", inputs, {out}, {}, [n = inputs.size()](BackwardContext& ctx, const variable_list& g) {
        variable_list grads(n);
        for (size_t i = 0; i < n; ++i)
          if (ctx.needs_input_grad(i)) grads[i] = zeros({0}, g[0].dtype());
        return grads;
      });
    return out;
  }
  int64_t d = wrap_dim(dim, ref->dim(), op);
  DimVector shape(ref->sizes());
  shape[d] = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Tensor& t = pieces[i];
    if (is_legacy_empty(t)) continue;
    EMBER_CHECK(t.dim() == ref->dim(), op, "tensors must have the same number of dimensions: got ",
                ref->dim(), " and ", t.dim(), " (shapes ", ref->sizes(), " and ", t.sizes(),
                " at position ", i, ")");
    for (int64_t k = 0; k < t.dim(); ++k)
      EMBER_CHECK(k == d || t.sizes()[k] == ref->sizes()[k], op,
                  "sizes of tensors must match except in dimension ", d, ". Expected size ",
                  ref->sizes()[k], " but got size ", t.sizes()[k], " for tensor number ", i,
                  " in the list (shapes ", ref->sizes(), " and ", t.sizes(), ")");
    shape[d] += t.sizes()[d];
  }
  Tensor out = empty(shape, dtype);
  // Per input: where its slice starts along d, its shape as joined and as given (backward).
  std::vector<int64_t> offsets;
  std::vector<DimVector> piece_shapes, input_shapes;
  int64_t offset = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    offsets.push_back(offset);
    piece_shapes.emplace_back(pieces[i].sizes());
    input_shapes.emplace_back(inputs[i].sizes());
    if (is_legacy_empty(pieces[i])) continue;
    int64_t len = pieces[i].sizes()[d];
    copy_(narrow(out, d, offset, len), pieces[i]);
    offset += len;
  }
  if (autograd::any_requires_grad(inputs)) {
    autograd::record("CatBackward0", inputs, {out}, {},
                     [d, offsets, piece_shapes, input_shapes](BackwardContext& ctx, const variable_list& g) {
                       variable_list grads(offsets.size());
                       for (size_t i = 0; i < offsets.size(); ++i) {
                         if (!ctx.needs_input_grad(i)) continue;
                         if (is_legacy_empty_shape(piece_shapes[i])) {
                           grads[i] = zeros({0}, g[0].dtype());
                           continue;
                         }
                         Tensor gi = narrow(g[0], d, offsets[i], piece_shapes[i][d]);
                         grads[i] = piece_shapes[i] == input_shapes[i] ? gi : gi.reshape(input_shapes[i]);
                       }
                       return grads;
                     });
  }
  return out;
}

// The input viewed with at least `rank` dims, size-1 dims added in front ([n] -> [1, n]).
Tensor at_least(const Tensor& t, int64_t rank) {
  if (t.dim() >= rank) return t;
  DimVector shape(t.sizes());
  while (static_cast<int64_t>(shape.size()) < rank) shape.insert(0, 1);
  return view(t, shape);
}

// Records one node for the pieces of a split; its backward joins their gradients with `join`.
template <class Join>
void record_split(const char* name, const Tensor& self, const std::vector<Tensor>& pieces, Join join) {
  if (!autograd::any_requires_grad(self)) return;
  autograd::record(name, {self}, pieces, {}, [join](BackwardContext&, const variable_list& g) {
    return variable_list{join(g)};
  });
}

std::vector<Tensor> split_views(const Tensor& self, IntArrayRef sizes, int64_t d) {
  std::vector<Tensor> pieces;
  NoGradGuard no_grad;  // the pieces get their history from the split's own node
  int64_t start = 0;
  for (int64_t s : sizes) {
    pieces.push_back(narrow(self, d, start, s));
    start += s;
  }
  return pieces;
}

}  // namespace

Tensor cat(TensorList tensors, int64_t dim) {
  check_list(tensors, "cat");
  return cat_impl(tensors, std::vector<Tensor>(tensors.begin(), tensors.end()), dim, "cat");
}

Tensor concat(TensorList tensors, int64_t dim) { return cat(tensors, dim); }

Tensor stack(TensorList tensors, int64_t dim) {
  check_list(tensors, "stack");
  const Tensor& first = tensors[0];
  for (size_t i = 1; i < tensors.size(); ++i)
    EMBER_CHECK(tensors[i].sizes() == first.sizes(), "stack",
                "expects each tensor to be equal size, but got ", first.sizes(), " at entry 0 and ",
                tensors[i].sizes(), " at entry ", i);
  int64_t d = wrap_dim(dim, first.dim() + 1, "stack");
  DimVector shape(first.sizes());
  shape.insert(static_cast<size_t>(d), static_cast<int64_t>(tensors.size()));
  Tensor out = empty(shape, result_type(tensors));
  for (size_t i = 0; i < tensors.size(); ++i) copy_(select(out, d, static_cast<int64_t>(i)), tensors[i]);
  if (autograd::any_requires_grad(tensors)) {
    autograd::record("StackBackward0", tensors, {out}, {}, [d, n = tensors.size()](BackwardContext& ctx, const variable_list& g) {
      variable_list grads(n);
      for (size_t i = 0; i < n; ++i)
        if (ctx.needs_input_grad(i)) grads[i] = select(g[0], d, static_cast<int64_t>(i));
      return grads;
    });
  }
  return out;
}

Tensor hstack(TensorList tensors) {
  check_list(tensors, "hstack");
  std::vector<Tensor> pieces;
  for (const Tensor& t : tensors) pieces.push_back(at_least(t, 1));
  return cat_impl(tensors, pieces, pieces[0].dim() == 1 ? 0 : 1, "hstack");
}

Tensor vstack(TensorList tensors) {
  check_list(tensors, "vstack");
  std::vector<Tensor> pieces;
  for (const Tensor& t : tensors) pieces.push_back(at_least(t, 2));
  return cat_impl(tensors, pieces, 0, "vstack");
}

Tensor row_stack(TensorList tensors) { return vstack(tensors); }

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  EMBER_CHECK(self.defined(), "split", "called on an undefined tensor");
  EMBER_CHECK(self.dim() > 0, "split", "expects at least a 1-dimensional tensor (got a 0-dim one)");
  EMBER_CHECK(split_size >= 0, "split", "expects split_size be non-negative, but got split_size=",
              split_size);
  int64_t d = wrap_dim(dim, self.dim(), "split");
  int64_t size = self.sizes()[d];
  EMBER_CHECK(split_size > 0 || size == 0, "split",
              "split_size can only be 0 if dimension size is 0, but got dimension size of ", size);
  // Pieces of split_size, the last one smaller; a size-0 dim gives one empty piece.
  int64_t n = split_size == 0 ? 1 : std::max<int64_t>((size + split_size - 1) / split_size, 1);
  DimVector sizes(static_cast<size_t>(n), split_size);
  sizes.back() = size - split_size * (n - 1);
  std::vector<Tensor> pieces = split_views(self, sizes, d);
  record_split("SplitBackward0", self, pieces, [d](const variable_list& g) { return cat(g, d); });
  return pieces;
}

std::vector<Tensor> split(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  return split_with_sizes(self, split_sizes, dim);
}

std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  EMBER_CHECK(self.defined(), "split_with_sizes", "called on an undefined tensor");
  EMBER_CHECK(self.dim() > 0, "split_with_sizes", "expects at least a 1-dimensional tensor");
  int64_t d = wrap_dim(dim, self.dim(), "split_with_sizes");
  int64_t total = 0;
  for (int64_t s : split_sizes) {
    EMBER_CHECK(s >= 0, "split_with_sizes", "expects split_sizes have only non-negative entries, "
                "but got split_sizes=", split_sizes);
    total += s;
  }
  EMBER_CHECK(total == self.sizes()[d], "split_with_sizes", "expects split_sizes to sum exactly to ",
              self.sizes()[d], " (input tensor's size at dimension ", d, "), but got split_sizes=",
              split_sizes);
  std::vector<Tensor> pieces = split_views(self, split_sizes, d);
  record_split("SplitWithSizesBackward0", self, pieces, [d](const variable_list& g) { return cat(g, d); });
  return pieces;
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  EMBER_CHECK(self.defined(), "chunk", "called on an undefined tensor");
  EMBER_CHECK(self.dim() > 0, "chunk", "expects at least a 1-dimensional tensor");
  EMBER_CHECK(chunks > 0, "chunk", "expects `chunks` to be greater than 0, got: ", chunks);
  int64_t d = wrap_dim(dim, self.dim(), "chunk");
  int64_t size = self.sizes()[d];
  int64_t split_size = (size + chunks - 1) / chunks;
  // An empty dim still gives `chunks` (empty) pieces, as LibTorch.
  if (size == 0) return split_with_sizes(self, DimVector(static_cast<size_t>(chunks), 0), d);
  return split(self, split_size, d);
}

std::vector<Tensor> unbind(const Tensor& self, int64_t dim) {
  EMBER_CHECK(self.defined(), "unbind", "called on an undefined tensor");
  EMBER_CHECK(self.dim() > 0, "unbind", "dimension specified as ", dim, " but tensor has no dimensions");
  int64_t d = wrap_dim(dim, self.dim(), "unbind");
  std::vector<Tensor> pieces;
  {
    NoGradGuard no_grad;
    for (int64_t i = 0; i < self.sizes()[d]; ++i) pieces.push_back(select(self, d, i));
  }
  record_split("UnbindBackward0", self, pieces, [d](const variable_list& g) { return stack(g, d); });
  return pieces;
}

// ---- Tensor methods ---------------------------------------------------------------------
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const { return ember::split(*this, split_size, dim); }
std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t dim) const { return ember::split(*this, split_sizes, dim); }
std::vector<Tensor> Tensor::split_with_sizes(IntArrayRef split_sizes, int64_t dim) const {
  return ember::split_with_sizes(*this, split_sizes, dim);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const { return ember::chunk(*this, chunks, dim); }
std::vector<Tensor> Tensor::unbind(int64_t dim) const { return ember::unbind(*this, dim); }

}  // namespace ember
