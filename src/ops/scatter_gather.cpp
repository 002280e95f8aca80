// The gather/scatter family: index_select, gather, scatter (+ add/reduce), index_add,
// index_copy, index_fill, masked_fill, masked_select, masked_scatter, take, with backward.
//
// Two lowerings, both onto cpu/index_kernel's offset machinery:
// - gather/scatter along a dim: self is viewed with index's shape and stride 0 along dim, and
//   an int64 tensor of index's shape holds index * self.stride(dim) (see along_dim);
// - the others are advanced indexing (ops/advanced_index.h) with one index tensor at dim, or
//   a bool mask.
// Out-of-place forms write into a clone of self; in-place forms go through ops/inplace.h.
#include "ember/ops/shape.h"

#include "cpu/convert.h"
#include "cpu/index_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/binary.h"
#include "ember/ops/copy.h"
#include "ember/ops/indexing.h"
#include "ember/ops/reduce.h"
#include "ember/ops/views.h"
#include "ops/advanced_index.h"
#include "ops/inplace.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::ScatterReduceOp;
using ops::inplace_operand;
using ops::write_inplace;

namespace {

// A 0-dim tensor read as 1-D of size 1 (gather/scatter treat 0-dim operands so).
Tensor at_least_1d(const Tensor& t) { return t.dim() == 0 ? t.view({1}) : t; }

void check_defined(const char* op, std::initializer_list<const Tensor*> tensors) {
  for (const Tensor* t : tensors) EMBER_CHECK(t->defined(), op, "called with an undefined tensor");
}

void check_index_dtype(const char* op, const Tensor& index, bool allow_int32) {
  EMBER_CHECK(index.dtype() == kLong || (allow_int32 && index.dtype() == kInt), op,
              "expected dtype int64", allow_int32 ? " or int32" : "", " for index, but got ",
              index.dtype(), " (index shape ", index.sizes(), ")");
}

// ---- gather/scatter along a dim ---------------------------------------------------------

// self (at least 1-D) viewed with index's shape, stride 0 along d, and the element offsets
// index * self.stride(d) of index's shape; an index outside [-size, size) throws naming op.
struct AlongDim {
  Tensor self_view;
  Tensor offsets;
};
AlongDim along_dim(const Tensor& self, int64_t d, const Tensor& index, const char* op) {
  Tensor offsets = zeros(index.sizes(), kLong);
  cpu::add_index_offsets_kernel(offsets, index, self.sizes()[d], self.strides()[d], d, op,
                                /*allow_negative=*/false);
  DimVector strides(self.strides());
  strides[d] = 0;
  return {as_strided(self, index.sizes(), strides, self.storage_offset()), offsets};
}

// gather's and scatter's shape rules: index has self's rank; index.size(k) <= self.size(k)
// off dim, and <= src.size(k) for every k (when scattering a tensor).
void check_gather_shapes(const char* op, const Tensor& self, int64_t d, const Tensor& index,
                         const Tensor* src) {
  int64_t rank = std::max<int64_t>(self.dim(), 1);
  EMBER_CHECK(std::max<int64_t>(index.dim(), 1) == rank, op, "index tensor must have the same "
              "number of dimensions as self tensor (index ", index.sizes(), ", self ", self.sizes(), ")");
  Tensor s1 = at_least_1d(self), i1 = at_least_1d(index);
  for (int64_t k = 0; k < rank; ++k) {
    EMBER_CHECK(k == d || i1.sizes()[k] <= s1.sizes()[k], op, "size does not match at dimension ",
                k, ": expected index ", index.sizes(), " to be smaller than self ", self.sizes(),
                " apart from dimension ", d);
  }
  if (!src) return;
  Tensor src1 = at_least_1d(*src);
  EMBER_CHECK(src1.dim() == rank, op, "index tensor must have the same number of dimensions as src "
              "tensor (index ", index.sizes(), ", src ", src->sizes(), ")");
  for (int64_t k = 0; k < rank; ++k)
    EMBER_CHECK(i1.sizes()[k] <= src1.sizes()[k], op, "expected index ", index.sizes(),
                " to be smaller size than src ", src->sizes(), " at dimension ", k);
}

int64_t scatter_dim(const char* op, const Tensor& self, int64_t dim) {
  return wrap_dim(dim, std::max<int64_t>(self.dim(), 1), op);
}

// Checks a scatter's operands; `src` is null for a scalar value.
int64_t check_scatter(const char* op, const Tensor& self, int64_t dim, const Tensor& index,
                      const Tensor* src) {
  check_defined(op, {&self, &index});
  if (src) check_defined(op, {src});
  int64_t d = scatter_dim(op, self, dim);
  check_index_dtype(op, index, false);
  if (src)
    EMBER_CHECK(src->dtype() == self.dtype(), op, "expected self.dtype to be equal to src.dtype (got ",
                self.dtype(), " and ", src->dtype(), ")");
  if (index.numel() > 0) check_gather_shapes(op, self, d, index, src);
  return d;
}

// out[index along d] = (or op=) values, in place. values: src, or a 0-dim value expanded.
void scatter_into(const Tensor& out, int64_t d, const Tensor& index, const Tensor& values,
                  std::optional<ScatterReduceOp> reduce, const char* op) {
  if (index.numel() == 0) return;
  Tensor o1 = at_least_1d(out), i1 = at_least_1d(index);
  AlongDim along = along_dim(o1, d, i1, op);
  Tensor v = values.dim() == 0 ? values.expand(i1.sizes())
                               : as_strided(values, i1.sizes(), values.strides(), values.storage_offset());
  if (reduce) cpu::scatter_reduce_kernel(along.self_view, v, along.offsets, *reduce);
  else cpu::index_put_kernel(along.self_view, v, along.offsets, /*accumulate=*/false);
  out.unsafeGetTensorImpl()->bump_version();
}

std::optional<ScatterReduceOp> scatter_reduce_mode(std::string_view reduce) {
  EMBER_CHECK(reduce == "add" || reduce == "multiply", "scatter",
              "reduce argument must be either add or multiply, got '", reduce, "'");
  return reduce == "add" ? ScatterReduceOp::Sum : ScatterReduceOp::Prod;
}

// The node of scatter with reduce=: PyTorch has no derivative for it, and neither do we.
void record_not_differentiable(const char* op, std::vector<Tensor> inputs, const Tensor& out) {
  if (!autograd::any_requires_grad(TensorList(inputs))) return;
  autograd::record("NotImplemented", inputs, {out}, {}, [op](BackwardContext&, const variable_list&) -> variable_list {
    detail::throw_error(op, "the derivative for scatter with a reduce argument is not implemented "
                        "(as in PyTorch); use scatter_add or scatter_reduce instead");
  });
}

// ---- ops on one dim with a 1-D index (advanced indexing at dim d) -------------------------

// The indices that address dim d of a tensor with index (as 1-D).
std::vector<std::optional<Tensor>> at_dim(int64_t d, const Tensor& index) {
  std::vector<std::optional<Tensor>> indices(static_cast<size_t>(d));
  indices.push_back(index.dim() == 0 ? index.view({1}) : index);
  return indices;
}

void check_vector_index(const char* op, const Tensor& index, bool allow_int32) {
  check_index_dtype(op, index, allow_int32);
  EMBER_CHECK(index.dim() <= 1, op, "index is supposed to be a vector (0-dim or 1-D), but got shape ",
              index.sizes());
}

// index_select, index_add and index_copy reject negative positions (as PyTorch); the
// advanced indexing they run on would wrap them.
void check_no_negative(const char* op, const Tensor& index, const Tensor& self, int64_t d) {
  Tensor scratch = zeros(index.sizes(), kLong);
  cpu::add_index_offsets_kernel(scratch, index, at_least_1d(self).sizes()[d], 0, d, op, /*allow_negative=*/false);
}

// source must look like self with dim d replaced by index.numel() positions.
void check_source(const char* op, const Tensor& self, int64_t d, const Tensor& index, const Tensor& source) {
  Tensor s1 = at_least_1d(self), src1 = at_least_1d(source);
  EMBER_CHECK(src1.dim() == s1.dim(), op, "source ", source.sizes(), " must have the same number of "
              "dimensions as self ", self.sizes());
  EMBER_CHECK(index.numel() == src1.sizes()[d], op, "number of indices (", index.numel(),
              ") should be equal to source.size(dim) (", src1.sizes()[d], ")");
  for (int64_t k = 0; k < s1.dim(); ++k)
    EMBER_CHECK(k == d || s1.sizes()[k] == src1.sizes()[k], op, "source ", source.sizes(),
                " must match self ", self.sizes(), " in every dimension but ", d);
  EMBER_CHECK(source.dtype() == self.dtype(), op, "self (", self.dtype(), ") and source (",
              source.dtype(), ") must have the same scalar type");
}

// ---- masks ------------------------------------------------------------------------------

// Masks are bool, or LibTorch's deprecated uint8. (LibTorch 1.13's masked_fill also takes
// other dtypes without a documented meaning; ember rejects them.)
Tensor checked_mask(const char* op, const Tensor& mask) {
  EMBER_CHECK(mask.dtype() == kBool || mask.dtype() == kByte, op,
              "expected a bool (or uint8) mask, but got mask with dtype ", mask.dtype());
  return mask.dtype() == kBool ? mask : mask.to(kBool);
}

// self and mask broadcast together (the out-of-place masked ops).
std::pair<Tensor, Tensor> broadcast_with_mask(const char* op, const Tensor& self, const Tensor& mask) {
  DimVector shape = broadcast_shapes(self.sizes(), mask.sizes(), op);
  return {expand(self, shape), expand(mask, shape)};
}

int64_t count_true(const Tensor& mask) { return sum(mask).item<int64_t>(); }

void check_value_tensor(const char* op, const Tensor& value) {
  EMBER_CHECK(value.dim() == 0, op, "only supports a 0-dimensional value tensor, but got tensor with ",
              value.dim(), " dimension(s) (shape ", value.sizes(), ")");
}

}  // namespace

// ---- index_select, gather ---------------------------------------------------------------

Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  check_defined("index_select", {&self, &index});
  check_vector_index("index_select", index, true);
  int64_t d = scatter_dim("index_select", self, dim);
  check_no_negative("index_select", index, self, d);
  Tensor out = ops::index_gather(at_least_1d(self), at_dim(d, index), "index_select");
  if (self.dim() == 0 && index.dim() == 0) out = out.view({});
  if (autograd::any_requires_grad(self)) {
    autograd::record("IndexSelectBackward0", {self}, {out}, {},
                     [d, index, shape = DimVector(self.sizes())](BackwardContext&, const variable_list& g) {
                       return variable_list{index_add(zeros(shape, g[0].dtype()), d, index, g[0])};
                     });
  }
  return out;
}

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad) {
  check_defined("gather", {&self, &index});
  int64_t d = scatter_dim("gather", self, dim);
  check_index_dtype("gather", index, false);
  if (index.numel() > 0) check_gather_shapes("gather", self, d, index, nullptr);
  Tensor out = empty(index.sizes(), self.dtype());
  if (index.numel() > 0) {
    AlongDim along = along_dim(at_least_1d(self), d, at_least_1d(index), "gather");
    cpu::index_kernel(at_least_1d(out), along.self_view, along.offsets);
  }
  (void)sparse_grad;  // dense gradients only: sparse tensors are not part of ember
  if (autograd::any_requires_grad(self)) {
    autograd::record("GatherBackward0", {self}, {out}, {},
                     [d, index, shape = DimVector(self.sizes())](BackwardContext&, const variable_list& g) {
                       return variable_list{scatter_add(zeros(shape, g[0].dtype()), d, index, g[0])};
                     });
  }
  return out;
}

// ---- scatter ----------------------------------------------------------------------------

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  int64_t d = check_scatter("scatter", self, dim, index, &src);
  Tensor out = clone(self);
  scatter_into(out, d, index, src, std::nullopt, "scatter");
  if (autograd::any_requires_grad(self, src)) {
    autograd::record("ScatterBackward0", {self, src}, {out}, {}, [d, index](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? scatter(g[0], d, index, 0) : Tensor(),
                           ctx.needs_input_grad(1) ? gather(g[0], d, index) : Tensor()};
    });
  }
  return out;
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  int64_t d = check_scatter("scatter", self, dim, index, nullptr);
  Tensor out = clone(self);
  scatter_into(out, d, index, full({}, value, self.dtype()), std::nullopt, "scatter");
  if (autograd::any_requires_grad(self)) {
    autograd::record("ScatterBackward1", {self}, {out}, {}, [d, index](BackwardContext&, const variable_list& g) {
      return variable_list{scatter(g[0], d, index, 0)};
    });
  }
  return out;
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
               std::string_view reduce) {
  std::optional<ScatterReduceOp> mode = scatter_reduce_mode(reduce);
  int64_t d = check_scatter("scatter", self, dim, index, &src);
  Tensor out = clone(self);
  scatter_into(out, d, index, src, mode, "scatter");
  record_not_differentiable("scatter", {self, src}, out);
  return out;
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
               std::string_view reduce) {
  std::optional<ScatterReduceOp> mode = scatter_reduce_mode(reduce);
  int64_t d = check_scatter("scatter", self, dim, index, nullptr);
  Tensor out = clone(self);
  scatter_into(out, d, index, full({}, value, self.dtype()), mode, "scatter");
  record_not_differentiable("scatter", {self}, out);
  return out;
}

Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  int64_t d = check_scatter("scatter_add", self, dim, index, &src);
  Tensor out = clone(self);
  scatter_into(out, d, index, src, ScatterReduceOp::Sum, "scatter_add");
  if (autograd::any_requires_grad(self, src)) {
    autograd::record("ScatterAddBackward0", {self, src}, {out}, {}, [d, index](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] : Tensor(),
                           ctx.needs_input_grad(1) ? gather(g[0], d, index) : Tensor()};
    });
  }
  return out;
}

namespace {

// The value a scatter_reduce starts scattered positions from when include_self is false.
Scalar reduce_identity(std::string_view reduce, ScalarType dtype) {
  if (reduce == "sum" || reduce == "mean") return 0;
  if (reduce == "prod") return 1;
  bool max = reduce == "amax";
  return dispatch_all_types(dtype, "scatter_reduce", [&](auto tag) -> Scalar {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, bool>) {
      return !max;
    } else if constexpr (cpu::is_float_like_v<T>) {
      return max ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    } else {
      return static_cast<int64_t>(max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max());
    }
  });
}

// Per position of the result, how many values a "mean" averages (at least 1, so that
// untouched positions divide by 1).
Tensor mean_counts(const Tensor& self, int64_t d, const Tensor& index, bool include_self, ScalarType dtype) {
  Tensor counts = ones(self.sizes(), dtype);
  if (!include_self) counts = scatter(counts, d, index, 0);
  return scatter_add(counts, d, index, ones(index.sizes(), dtype));
}

// a == b as a 0/1 tensor of dtype: a constant of the backward formulas (no gradient flows
// through a comparison).
Tensor eq_mask(const Tensor& a, const Tensor& b, ScalarType dtype) {
  return cpu::equal_mask_kernel(a, b.to(a.dtype())).to(dtype);
}

// The first index.sizes() elements of src (the part a scatter reads), as a constant.
Tensor scattered_part(const Tensor& src, const Tensor& index) {
  Tensor s1 = at_least_1d(src), i1 = at_least_1d(index);
  return as_strided(s1, i1.sizes(), s1.strides(), s1.storage_offset()).reshape(index.sizes());
}

// The gradient of amax/amin: g shared evenly among the values equal to the result.
variable_list scatter_extreme_backward(const Tensor& g, const Tensor& self, int64_t d, const Tensor& index,
                                       const Tensor& src, const Tensor& result) {
  Tensor self_is_result = eq_mask(self, result, g.dtype());
  Tensor src_is_value = eq_mask(scattered_part(src, index), gather(result, d, index), g.dtype());
  Tensor share = g / scatter_add(self_is_result, d, index, src_is_value);
  return {self_is_result * share, src_is_value * gather(share, d, index)};
}

// The gradient of prod without dividing by zero: self's gradient is g times the product of
// the other values; a src value that is the only zero at its position gets g times the
// product of the others, computed with that zero replaced by 1.
variable_list scatter_prod_backward(const Tensor& g, const Tensor& self, int64_t d, const Tensor& index,
                                    const Tensor& src, const Tensor& result, bool include_self) {
  ScalarType dtype = g.dtype();
  Tensor zero = zeros({}, dtype);
  Tensor self_zero = eq_mask(self, zero, dtype);
  Tensor masked_self = self + self_zero;  // zeros replaced by 1
  Tensor grad_self = g * scatter_reduce(masked_self, d, index, src, "prod", include_self) / masked_self;
  // The src values read (src itself when it has index's shape, keeping it differentiable).
  Tensor part = src.sizes() == index.sizes() ? src : scattered_part(src, index);
  Tensor src_zero = eq_mask(part, zero, dtype);
  Tensor zeros_at = gather(scatter_add(zeros(self.sizes(), dtype), d, index, src_zero), d, index);
  Tensor single_zero = src_zero * eq_mask(zeros_at, ones({}, dtype), dtype);
  Tensor others = gather(g * scatter_reduce(self, d, index, part + single_zero, "prod", include_self), d, index);
  Tensor plain = gather(g * result, d, index) / (part + src_zero);
  return {grad_self, single_zero * others + (1 - single_zero) * plain};
}

}  // namespace

Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      std::string_view reduce, bool include_self) {
  EMBER_CHECK(reduce == "sum" || reduce == "prod" || reduce == "mean" || reduce == "amax" || reduce == "amin",
              "scatter_reduce", "reduce argument must be either sum, prod, mean, amax or amin, got '", reduce, "'");
  int64_t d = check_scatter("scatter_reduce", self, dim, index, &src);
  Tensor out = clone(self);
  if (!include_self) scatter_into(out, d, index, full({}, reduce_identity(reduce, self.dtype()), self.dtype()),
                                  std::nullopt, "scatter_reduce");
  ScatterReduceOp op = reduce == "prod" ? ScatterReduceOp::Prod
                       : reduce == "amax" ? ScatterReduceOp::Max
                       : reduce == "amin" ? ScatterReduceOp::Min
                                          : ScatterReduceOp::Sum;
  scatter_into(out, d, index, src, op, "scatter_reduce");
  if (reduce == "mean") {
    NoGradGuard no_grad;
    Tensor counts = mean_counts(self, d, index, include_self, self.dtype());
    out = is_floating_type(self.dtype()) ? div(out, counts) : div(out, counts, "floor");
  }
  if (autograd::any_requires_grad(self, src)) {
    autograd::record("ScatterReduceBackward0", {self, src}, {out}, {self, src, out},
                     [d, index, mode = std::string(reduce), include_self](BackwardContext& ctx, const variable_list& g) {
                       Tensor self = ctx.saved(0), src = ctx.saved(1), result = ctx.saved(2);
                       variable_list grads;
                       if (mode == "sum") {
                         grads = {g[0], gather(g[0], d, index)};
                       } else if (mode == "mean") {
                         Tensor n = mean_counts(self, d, index, include_self, g[0].dtype());
                         grads = {g[0] / n, gather(g[0] / n, d, index)};
                       } else if (mode == "prod") {
                         grads = scatter_prod_backward(g[0], self, d, index, src, result, include_self);
                       } else {
                         grads = scatter_extreme_backward(g[0], self, d, index, src, result);
                       }
                       // Without include_self, self's values at scattered positions took no part.
                       if (!include_self) grads[0] = scatter(grads[0], d, index, 0);
                       if (!ctx.needs_input_grad(0)) grads[0] = Tensor();
                       if (!ctx.needs_input_grad(1)) grads[1] = Tensor();
                       return grads;
                     });
  }
  return out;
}

// ---- index_add, index_copy, index_fill ----------------------------------------------------

Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha) {
  check_defined("index_add", {&self, &index, &source});
  check_vector_index("index_add", index, true);
  int64_t d = scatter_dim("index_add", self, dim);
  check_no_negative("index_add", index, self, d);
  check_source("index_add", self, d, index, source);
  Tensor out = clone(self);
  Tensor values = at_least_1d(alpha.toDouble() == 1.0 && !alpha.is_boolean() ? source : mul(source, alpha));
  ops::index_scatter(at_least_1d(out), at_dim(d, index), values, /*accumulate=*/true, "index_add");
  if (autograd::any_requires_grad(self, source)) {
    autograd::record("IndexAddBackward0", {self, source}, {out}, {},
                     [d, index, alpha, source_shape = DimVector(source.sizes())](BackwardContext& ctx, const variable_list& g) {
                       Tensor grad_source;
                       if (ctx.needs_input_grad(1)) {
                         grad_source = index_select(g[0], d, index).reshape(source_shape);
                         if (alpha.toDouble() != 1.0) grad_source = grad_source * alpha;
                       }
                       return variable_list{ctx.needs_input_grad(0) ? g[0] : Tensor(), grad_source};
                     });
  }
  return out;
}

Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_defined("index_copy", {&self, &index, &source});
  check_vector_index("index_copy", index, false);
  int64_t d = scatter_dim("index_copy", self, dim);
  check_no_negative("index_copy", index, self, d);
  check_source("index_copy", self, d, index, source);
  Tensor out = clone(self);
  ops::index_scatter(at_least_1d(out), at_dim(d, index), at_least_1d(source), /*accumulate=*/false, "index_copy");
  if (autograd::any_requires_grad(self, source)) {
    autograd::record("IndexCopyBackward0", {self, source}, {out}, {},
                     [d, index, source_shape = DimVector(source.sizes())](BackwardContext& ctx, const variable_list& g) {
                       return variable_list{ctx.needs_input_grad(0) ? index_fill(g[0], d, index, 0) : Tensor(),
                                            ctx.needs_input_grad(1) ? index_select(g[0], d, index).reshape(source_shape) : Tensor()};
                     });
  }
  return out;
}

namespace {
Tensor index_fill_impl(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  check_defined("index_fill", {&self, &index, &value});
  check_vector_index("index_fill", index, false);
  check_value_tensor("index_fill", value);
  int64_t d = scatter_dim("index_fill", self, dim);
  Tensor out = clone(self);
  ops::index_scatter(at_least_1d(out), at_dim(d, index), value, /*accumulate=*/false, "index_fill");
  return out;
}
}  // namespace

Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  Tensor out = index_fill_impl(self, dim, index, full({}, value, self.dtype()));
  if (autograd::any_requires_grad(self)) {
    int64_t d = scatter_dim("index_fill", self, dim);
    autograd::record("IndexFillBackward0", {self}, {out}, {}, [d, index](BackwardContext&, const variable_list& g) {
      return variable_list{index_fill(g[0], d, index, 0)};
    });
  }
  return out;
}

Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  Tensor out = index_fill_impl(self, dim, index, value);
  if (autograd::any_requires_grad(self, value)) {
    int64_t d = scatter_dim("index_fill", self, dim);
    autograd::record("IndexFillBackward1", {self, value}, {out}, {}, [d, index](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? index_fill(g[0], d, index, 0) : Tensor(),
                           ctx.needs_input_grad(1) ? sum(index_select(g[0], d, index)) : Tensor()};
    });
  }
  return out;
}

// ---- masked ops -------------------------------------------------------------------------

namespace {
Tensor masked_fill_impl(const Tensor& self, const Tensor& mask, const Tensor& value) {
  check_defined("masked_fill", {&self, &mask, &value});
  check_value_tensor("masked_fill", value);
  auto [s, m] = broadcast_with_mask("masked_fill", self, checked_mask("masked_fill", mask));
  Tensor out = clone(s);
  if (out.numel() > 0) ops::index_scatter(out, {m}, value, /*accumulate=*/false, "masked_fill");
  return out;
}
}  // namespace

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  Tensor out = masked_fill_impl(self, mask, full({}, value, self.dtype()));
  if (autograd::any_requires_grad(self)) {
    autograd::record("MaskedFillBackward0", {self}, {out}, {}, [mask](BackwardContext&, const variable_list& g) {
      return variable_list{masked_fill(g[0], mask, 0)};
    });
  }
  return out;
}

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value) {
  Tensor out = masked_fill_impl(self, mask, value);
  if (autograd::any_requires_grad(self, value)) {
    autograd::record("MaskedFillBackward1", {self, value}, {out}, {}, [mask](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? masked_fill(g[0], mask, 0) : Tensor(),
                           ctx.needs_input_grad(1) ? sum(masked_select(g[0], mask)) : Tensor()};
    });
  }
  return out;
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  check_defined("masked_select", {&self, &mask});
  auto [s, m] = broadcast_with_mask("masked_select", self, checked_mask("masked_select", mask));
  Tensor out = s.numel() == 0 ? empty({0}, self.dtype()) : ops::index_gather(s, {m}, "masked_select");
  if (s.dim() == 0) out = out.reshape({-1});
  if (autograd::any_requires_grad(self)) {
    autograd::record("MaskedSelectBackward0", {self}, {out}, {},
                     [m = m, shape = DimVector(s.sizes())](BackwardContext&, const variable_list& g) {
                       return variable_list{masked_scatter(zeros(shape, g[0].dtype()), m, g[0])};
                     });
  }
  return out;
}

namespace {
// Writes source's first count(mask) elements into out's masked positions (out and mask of
// one shape).
void masked_scatter_into(const Tensor& out, const Tensor& mask, const Tensor& source) {
  int64_t n = count_true(mask);
  EMBER_CHECK(source.numel() >= n, "masked_scatter", "number of elements of source (", source.numel(),
              ", shape ", source.sizes(), ") < number of ones in mask (", n, ")");
  if (n == 0) return;
  ops::index_scatter(out, {mask}, source.reshape({-1}).narrow(0, 0, n), /*accumulate=*/false, "masked_scatter");
}
}  // namespace

Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source) {
  check_defined("masked_scatter", {&self, &mask, &source});
  EMBER_CHECK(source.dtype() == self.dtype(), "masked_scatter", "expected self and source to have the same "
              "dtype, but got ", self.dtype(), " and ", source.dtype());
  auto [s, m] = broadcast_with_mask("masked_scatter", self, checked_mask("masked_scatter", mask));
  Tensor out = clone(s);
  masked_scatter_into(out, m, source);
  if (autograd::any_requires_grad(self, source)) {
    autograd::record("MaskedScatterBackward0", {self, source}, {out}, {},
                     [m = m, source_shape = DimVector(source.sizes())](BackwardContext& ctx, const variable_list& g) {
                       Tensor grad_source;
                       if (ctx.needs_input_grad(1)) {
                         // The masked values of g, in order, padded with zeros for the source
                         // elements that were not used.
                         Tensor used = masked_select(g[0], m);
                         int64_t total = product(source_shape);
                         grad_source = used.numel() == total ? used : cat({used, zeros({total - used.numel()}, g[0].dtype())});
                         grad_source = grad_source.reshape(source_shape);
                       }
                       return variable_list{ctx.needs_input_grad(0) ? masked_fill(g[0], m, 0) : Tensor(), grad_source};
                     });
  }
  return out;
}

Tensor take(const Tensor& self, const Tensor& index) {
  check_defined("take", {&self, &index});
  check_index_dtype("take", index, false);
  Tensor out = ops::index_gather(self.reshape({-1}), {index}, "take");
  if (autograd::any_requires_grad(self)) {
    autograd::record("TakeBackward0", {self}, {out}, {}, [index, shape = DimVector(self.sizes())](BackwardContext&, const variable_list& g) {
      Tensor flat = index_put(zeros({product(shape)}, g[0].dtype()), {index}, g[0], /*accumulate=*/true);
      return variable_list{flat.reshape(shape)};
    });
  }
  return out;
}

// ---- in-place forms -----------------------------------------------------------------------

const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return write_inplace(self, scatter(inplace_operand(self, src), dim, index, src), "scatter_");
}
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  return write_inplace(self, scatter(inplace_operand(self), dim, index, value), "scatter_");
}
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                       std::string_view reduce) {
  return write_inplace(self, scatter(inplace_operand(self, src), dim, index, src, reduce), "scatter_");
}
const Tensor& scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                       std::string_view reduce) {
  return write_inplace(self, scatter(inplace_operand(self), dim, index, value, reduce), "scatter_");
}
const Tensor& scatter_add_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return write_inplace(self, scatter_add(inplace_operand(self, src), dim, index, src), "scatter_add_");
}
const Tensor& scatter_reduce_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                              std::string_view reduce, bool include_self) {
  return write_inplace(self, scatter_reduce(inplace_operand(self, src), dim, index, src, reduce, include_self),
                       "scatter_reduce_");
}
const Tensor& index_add_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                         const Scalar& alpha) {
  return write_inplace(self, index_add(inplace_operand(self, source), dim, index, source, alpha), "index_add_");
}
const Tensor& index_copy_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  return write_inplace(self, index_copy(inplace_operand(self, source), dim, index, source), "index_copy_");
}
const Tensor& index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  return write_inplace(self, index_fill(inplace_operand(self), dim, index, value), "index_fill_");
}
const Tensor& index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  return write_inplace(self, index_fill(inplace_operand(self, value), dim, index, value), "index_fill_");
}
const Tensor& masked_fill_(const Tensor& self, const Tensor& mask, const Scalar& value) {
  return write_inplace(self, masked_fill(inplace_operand(self), mask, value), "masked_fill_");
}
const Tensor& masked_fill_(const Tensor& self, const Tensor& mask, const Tensor& value) {
  return write_inplace(self, masked_fill(inplace_operand(self, value), mask, value), "masked_fill_");
}
const Tensor& masked_scatter_(const Tensor& self, const Tensor& mask, const Tensor& source) {
  return write_inplace(self, masked_scatter(inplace_operand(self, source), mask, source), "masked_scatter_");
}

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const { return ember::index_select(*this, dim, index); }
Tensor Tensor::gather(int64_t dim, const Tensor& index, bool sparse_grad) const {
  return ember::gather(*this, dim, index, sparse_grad);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const { return ember::scatter(*this, dim, index, src); }
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value) const { return ember::scatter(*this, dim, index, value); }
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) const {
  return ember::scatter(*this, dim, index, src, reduce);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) const {
  return ember::scatter(*this, dim, index, value, reduce);
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter_add(*this, dim, index, src);
}
Tensor Tensor::scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                              bool include_self) const {
  return ember::scatter_reduce(*this, dim, index, src, reduce, include_self);
}
Tensor Tensor::index_add(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) const {
  return ember::index_add(*this, dim, index, source, alpha);
}
Tensor Tensor::index_copy(int64_t dim, const Tensor& index, const Tensor& source) const {
  return ember::index_copy(*this, dim, index, source);
}
Tensor Tensor::index_fill(int64_t dim, const Tensor& index, const Scalar& value) const {
  return ember::index_fill(*this, dim, index, value);
}
Tensor Tensor::index_fill(int64_t dim, const Tensor& index, const Tensor& value) const {
  return ember::index_fill(*this, dim, index, value);
}
Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value) const { return ember::masked_fill(*this, mask, value); }
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const { return ember::masked_fill(*this, mask, value); }
Tensor Tensor::masked_select(const Tensor& mask) const { return ember::masked_select(*this, mask); }
Tensor Tensor::masked_scatter(const Tensor& mask, const Tensor& source) const {
  return ember::masked_scatter(*this, mask, source);
}
Tensor Tensor::take(const Tensor& index) const { return ember::take(*this, index); }
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) {
  ember::scatter_(*this, dim, index, src);
  return *this;
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value) {
  ember::scatter_(*this, dim, index, value);
  return *this;
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) {
  ember::scatter_(*this, dim, index, src, reduce);
  return *this;
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) {
  ember::scatter_(*this, dim, index, value, reduce);
  return *this;
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  ember::scatter_add_(*this, dim, index, src);
  return *this;
}
Tensor& Tensor::scatter_reduce_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                                bool include_self) {
  ember::scatter_reduce_(*this, dim, index, src, reduce, include_self);
  return *this;
}
Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  ember::index_add_(*this, dim, index, source, alpha);
  return *this;
}
Tensor& Tensor::index_copy_(int64_t dim, const Tensor& index, const Tensor& source) {
  ember::index_copy_(*this, dim, index, source);
  return *this;
}
Tensor& Tensor::index_fill_(int64_t dim, const Tensor& index, const Scalar& value) {
  ember::index_fill_(*this, dim, index, value);
  return *this;
}
Tensor& Tensor::index_fill_(int64_t dim, const Tensor& index, const Tensor& value) {
  ember::index_fill_(*this, dim, index, value);
  return *this;
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& value) {
  ember::masked_fill_(*this, mask, value);
  return *this;
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Tensor& value) {
  ember::masked_fill_(*this, mask, value);
  return *this;
}
Tensor& Tensor::masked_scatter_(const Tensor& mask, const Tensor& source) {
  ember::masked_scatter_(*this, mask, source);
  return *this;
}

}  // namespace ember
