// Sorting and searching: sort, argsort, topk, kthvalue, unique, searchsorted, bucketize.
// The kernels (cpu/sort_kernel.h) find positions on rows (the dim moved last); the values are
// then gathered at those positions as a linear map of self, whose backward scatters the
// gradient back to the chosen positions (PyTorch's value_selecting_reduction_backward).
#include "ember/ops/sort.h"

#include "cpu/sort_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/core/type_promotion.h"
#include "ember/ops/copy.h"
#include "ember/ops/views.h"
#include "ops/along_dim.h"
#include "ops/elementwise.h"
#include "ops/linear_map.h"

namespace ember {

namespace {

// self (any rank) as contiguous rows [R, n] with dim d last, and the shape of that layout.
struct Rows {
  Tensor rows;
  DimVector moved_shape;  // self's shape with dim d moved last
};

Rows to_rows(const Tensor& self, int64_t d) {
  Tensor x = self.dim() == 0 ? reshape(self, {1}) : self;
  Tensor moved = contiguous(movedim(x, d, -1));
  int64_t n = moved.sizes()[moved.dim() - 1];
  int64_t r = product(moved.sizes().slice(0, static_cast<size_t>(moved.dim() - 1)));
  return {reshape(moved, {r, n}), DimVector(moved.sizes())};
}

// A [R, k] result of the row kernels back in self's layout: [..., k at dim d, ...].
Tensor from_rows(const Tensor& rows, DimVector moved_shape, int64_t d) {
  moved_shape.back() = rows.sizes()[1];
  return contiguous(movedim(reshape(rows, moved_shape), -1, d));
}

// self's values at int64 positions `index` along dim d (index has self's rank, at least 1:
// a 0-dim self is read as [1]), reshaped to out_shape. Differentiable in self: the backward
// scatters the gradient into zeros at the same positions.
Tensor select_values(const char* name, const Tensor& self, int64_t d, const Tensor& index, IntArrayRef out_shape) {
  DimVector self_shape(self.sizes()), work_shape = self.dim() == 0 ? DimVector{1} : DimVector(self.sizes());
  DimVector result_shape(out_shape), index_shape(index.sizes());
  ops::LinearFn gather = [=](const Tensor& x) {
    return reshape(ops::gather_along(reshape(x, work_shape), d, index, name), result_shape);
  };
  ops::LinearFn scatter = [=](const Tensor& g) {
    return reshape(ops::scatter_add_along(work_shape, g.dtype(), d, index, reshape(g, index_shape), name),
                   self_shape);
  };
  return ops::apply_linear(name, self, gather, scatter, "ScatterAddBackward0");
}

void check_sortable(const char* op, const Tensor& self, bool allow_bool) {
  ops::check_defined(op, self);
  EMBER_CHECK(allow_bool || self.dtype() != kBool, op, "not implemented for 'Bool' (tensor of shape ",
              self.sizes(), "); convert to an integer dtype first");
}

// Positions (int64, self's layout) that sort self along d.
Tensor sort_indices(const Tensor& self, int64_t d, bool descending) {
  Rows r = to_rows(self, d);
  Tensor indices = empty(r.rows.sizes(), kLong);
  cpu::sort_kernel(indices, r.rows, descending);
  return from_rows(indices, r.moved_shape, d);
}

// Positions (int64, self's layout with k along d) of the k largest/smallest along d.
Tensor topk_indices(const Tensor& self, int64_t k, int64_t d, bool largest) {
  Rows r = to_rows(self, d);
  Tensor indices = empty({r.rows.sizes()[0], k}, kLong);
  cpu::topk_kernel(indices, r.rows, k, largest);
  return from_rows(indices, r.moved_shape, d);
}

}  // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> /*stable: always stable*/, int64_t dim,
                                bool descending) {
  check_sortable("sort", self, true);
  int64_t d = wrap_dim(dim, self.dim(), "sort");
  Tensor indices = sort_indices(self, d, descending);
  Tensor values = select_values("SortBackward0", self, d, indices, self.sizes());
  return {values, self.dim() == 0 ? reshape(indices, {}) : indices};
}

std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim, bool descending) {
  return sort(self, std::nullopt, dim, descending);
}

Tensor argsort(const Tensor& self, bool stable, int64_t dim, bool descending) {
  check_sortable("argsort", self, true);
  wrap_dim(dim, self.dim(), "argsort");
  return std::get<1>(sort(self.detach(), stable, dim, descending));
}

Tensor argsort(const Tensor& self, int64_t dim, bool descending) { return argsort(self, false, dim, descending); }

std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim, bool largest, bool /*sorted*/) {
  check_sortable("topk", self, false);
  int64_t d = wrap_dim(dim, self.dim(), "topk");
  int64_t n = self.dim() == 0 ? 1 : self.sizes()[d];
  EMBER_CHECK(k >= 0 && k <= n, "topk", "selected index k out of range: k = ", k, " but dimension ", d,
              " of input ", self.sizes(), " has size ", n);
  // A 0-dim input gives itself for k = 0 too, as LibTorch.
  Tensor indices = topk_indices(self, self.dim() == 0 ? 1 : k, d, largest);
  DimVector out_shape(self.sizes());
  if (self.dim() > 0) out_shape[d] = k;
  Tensor values = select_values("TopkBackward0", self, d, indices, out_shape);
  return {values, reshape(indices, out_shape)};
}

std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim, bool keepdim) {
  check_sortable("kthvalue", self, false);
  int64_t d = wrap_dim(dim, self.dim(), "kthvalue");
  int64_t n = self.dim() == 0 ? 1 : self.sizes()[d];
  EMBER_CHECK(k >= 1 && k <= n, "kthvalue", "selected number k out of range for dimension ", d, ": k = ", k,
              " but the input ", self.sizes(), " has ", n, " elements there (valid: 1 to ", n, ")");
  // The k smallest in ascending order; the last of them is the k-th.
  Tensor indices = narrow(topk_indices(self, k, d, /*largest=*/false), d, k - 1, 1);
  DimVector out_shape(self.sizes());
  if (self.dim() > 0) {
    if (keepdim) out_shape[d] = 1;
    else out_shape.erase(static_cast<size_t>(d));
  }
  Tensor values = select_values("KthvalueBackward0", self, d, contiguous(indices), out_shape);
  return {values, reshape(indices, out_shape)};
}

std::tuple<Tensor, Tensor, Tensor> _unique2(const Tensor& self, bool /*sorted*/, bool return_inverse,
                                            bool return_counts) {
  ops::check_defined("unique", self);
  cpu::UniqueRows u = cpu::unique_rows_kernel(reshape(contiguous(self), {self.numel(), 1}));
  Tensor values = reshape(u.values, {u.values.sizes()[0]});
  Tensor inverse = return_inverse ? reshape(u.inverse, self.sizes()) : empty({0}, kLong);
  Tensor counts = return_counts ? u.counts : empty({0}, kLong);
  return {values, inverse, counts};
}

std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& self, int64_t dim, bool /*sorted*/,
                                              bool /*return_inverse*/, bool /*return_counts*/) {
  ops::check_defined("unique_dim", self);
  EMBER_CHECK(self.dim() > 0, "unique_dim", "dimension specified as ", dim,
              " but the tensor has no dimensions (0-dim tensor)");
  int64_t d = wrap_dim(dim, self.dim(), "unique_dim");
  // Slices along d as rows [n, rest]; unique_dim always returns inverse and counts.
  Tensor moved = contiguous(movedim(self, d, 0));
  int64_t n = moved.sizes()[0];
  DimVector rest_shape(moved.sizes().slice(1));
  int64_t rest = product(rest_shape);
  cpu::UniqueRows u = cpu::unique_rows_kernel(reshape(moved, {n, rest}));
  DimVector value_shape = rest_shape;
  value_shape.insert(0, u.values.sizes()[0]);
  return {contiguous(movedim(reshape(u.values, value_shape), 0, d)), u.inverse, u.counts};
}

std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& self, bool sorted, bool return_inverse, bool return_counts,
                                          std::optional<int64_t> dim) {
  if (dim) return unique_dim(self, *dim, sorted, return_inverse, return_counts);
  return _unique2(self, sorted, return_inverse, return_counts);
}

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& self, bool out_int32, bool right,
                    std::optional<std::string_view> side) {
  const char* op = "searchsorted";
  ops::check_defined(op, sorted_sequence);
  ops::check_defined(op, self);
  if (side) {
    EMBER_CHECK(*side == "left" || *side == "right", op, "side can only be 'left' or 'right', got '", *side, "'");
    EMBER_CHECK(!right || *side == "right", op, "side and right can't be set to opposites, got side of ", *side,
                " while right was true");
    right = *side == "right";
  }
  EMBER_CHECK(sorted_sequence.dim() >= 1, op, "boundaries tensor should have at least 1 dimension, got a 0-dim tensor");
  bool shared = sorted_sequence.dim() == 1;
  if (!shared) {
    bool match = sorted_sequence.dim() == self.dim();
    for (int64_t i = 0; match && i + 1 < self.dim(); ++i) match = sorted_sequence.sizes()[i] == self.sizes()[i];
    EMBER_CHECK(match, op, "boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
                "tensor and input value tensor must match, but we got boundaries tensor ", sorted_sequence.sizes(),
                " and input value tensor ", self.sizes());
  }
  ScalarType dtype = promote_types(sorted_sequence.dtype(), self.dtype());
  EMBER_CHECK(dtype != kBool, op, "not implemented for 'Bool' boundaries and values; convert them to a number dtype");
  // Rows: the innermost dim of values (and of boundaries, unless one 1-D sequence serves all).
  int64_t n = sorted_sequence.sizes()[sorted_sequence.dim() - 1];
  int64_t m = self.dim() == 0 ? 1 : self.sizes()[self.dim() - 1];
  int64_t rows = self.dim() == 0 ? 1 : product(self.sizes().slice(0, static_cast<size_t>(self.dim() - 1)));
  Tensor boundaries = reshape(contiguous(ops::in_dtype(sorted_sequence, dtype)), {shared ? 1 : rows, n});
  Tensor values = reshape(contiguous(ops::in_dtype(self, dtype)), {rows, m});
  Tensor out = empty(self.sizes(), out_int32 ? kInt : kLong);
  if (out.numel() > 0)
    cpu::searchsorted_kernel(reshape(out, values.sizes()), boundaries, values, right);
  return out;
}

Tensor searchsorted(const Tensor& sorted_sequence, const Scalar& self, bool out_int32, bool right,
                    std::optional<std::string_view> side) {
  ops::check_defined("searchsorted", sorted_sequence);
  EMBER_CHECK(sorted_sequence.dim() == 1, "searchsorted", "input value can be a scalar only when boundaries tensor "
              "dimension is 1, but we got boundaries tensor dim(", sorted_sequence.dim(), ")");
  return searchsorted(sorted_sequence, ops::scalar_operand(self, result_type(sorted_sequence, self)), out_int32,
                      right, side);
}

Tensor bucketize(const Tensor& self, const Tensor& boundaries, bool out_int32, bool right) {
  ops::check_defined("bucketize", self);
  ops::check_defined("bucketize", boundaries);
  EMBER_CHECK(boundaries.dim() == 1, "bucketize", "boundaries tensor must be 1 dimension, but got dim(",
              boundaries.dim(), ")");
  return searchsorted(boundaries, self, out_int32, right);
}

Tensor bucketize(const Scalar& self, const Tensor& boundaries, bool out_int32, bool right) {
  ops::check_defined("bucketize", boundaries);
  EMBER_CHECK(boundaries.dim() == 1, "bucketize", "boundaries tensor must be 1 dimension, but got dim(",
              boundaries.dim(), ")");
  return searchsorted(boundaries, self, out_int32, right);
}

// ---- Tensor methods ---------------------------------------------------------------------
std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const { return ember::sort(*this, dim, descending); }
std::tuple<Tensor, Tensor> Tensor::sort(std::optional<bool> stable, int64_t dim, bool descending) const {
  return ember::sort(*this, stable, dim, descending);
}
Tensor Tensor::argsort(int64_t dim, bool descending) const { return ember::argsort(*this, dim, descending); }
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return ember::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::kthvalue(int64_t k, int64_t dim, bool keepdim) const {
  return ember::kthvalue(*this, k, dim, keepdim);
}

}  // namespace ember
