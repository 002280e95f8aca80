// where, clamp (clamp_min, clamp_max), lerp: checks, promotion, broadcast, kernel call and
// backward. The clamp gradients follow PyTorch's clamp_backward: the gradient passes where
// min <= self <= max (masks from comparisons, so a bound hit exactly still passes it).
#include "ember/ops/pointwise.h"

#include <limits>

#include "autograd/record.h"
#include "cpu/pointwise_kernel.h"
#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/logical.h"
#include "ops/binary_compute.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using ops::inplace_operand;
using ops::write_inplace;

namespace {

// A zero for masked-out gradient entries (0-dim: where broadcasts it).
Tensor zero_for(const Tensor& g) { return ops::scalar_operand(0, g.dtype()); }

// g where mask, else 0.
Tensor pass_where(const Tensor& mask, const Tensor& g) { return where(mask, g, zero_for(g)); }

DimVector broadcast3(const Tensor& a, const Tensor& b, const Tensor& c, const char* op) {
  DimVector ab = broadcast_shapes(a.sizes(), b.sizes(), op);
  return broadcast_shapes(ab, c.sizes(), op);
}

}  // namespace

// ---- where --------------------------------------------------------------------------------

namespace {

Tensor where_impl(const Tensor& condition, const Tensor& a, const Tensor& b, ScalarType dtype) {
  ops::check_defined("where", condition);
  EMBER_CHECK(condition.dtype() == kBool || condition.dtype() == kByte, "where",
              "expected condition to be a boolean tensor, but got a tensor with dtype ", condition.dtype(),
              " (compare it, e.g. x > 0, or convert it with .to(kBool))");
  DimVector shape = broadcast3(condition, a, b, "where");
  Tensor out = empty(shape, dtype);
  cpu::where_kernel(out, ops::expanded_to(ops::in_dtype(condition, kBool), shape),
                    ops::expanded_to(ops::in_dtype(a, dtype), shape), ops::expanded_to(ops::in_dtype(b, dtype), shape));
  if (autograd::any_requires_grad(a, b)) {
    autograd::record("WhereBackward0", {a, b}, {out}, {condition}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor cond = ctx.saved(0);
      Tensor zero = zero_for(g[0]);
      return variable_list{ctx.needs_input_grad(0) ? where(cond, g[0], zero) : Tensor(),
                           ctx.needs_input_grad(1) ? where(cond, zero, g[0]) : Tensor()};
    });
  }
  return out;
}

}  // namespace

Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other) {
  ops::check_defined("where", self);
  ops::check_defined("where", other);
  return where_impl(condition, self, other, result_type(self, other));
}
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other) {
  ops::check_defined("where", other);
  ScalarType dtype = result_type(self, other);
  return where_impl(condition, ops::scalar_operand(self, dtype), other, dtype);
}
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other) {
  ops::check_defined("where", self);
  ScalarType dtype = result_type(self, other);
  return where_impl(condition, self, ops::scalar_operand(other, dtype), dtype);
}
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other) {
  ScalarType dtype = result_type(self, other);
  return where_impl(condition, ops::scalar_operand(self, dtype), ops::scalar_operand(other, dtype), dtype);
}

// ---- clamp --------------------------------------------------------------------------------

namespace {

void check_some_bound(bool has_min, bool has_max) {
  EMBER_CHECK(has_min || has_max, "clamp", "at least one of 'min' or 'max' must not be None");
}

// A floating self keeps its dtype; otherwise self and the bounds promote (PyTorch's clamp).
ScalarType clamp_dtype(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  if (is_floating_type(self.dtype())) return self.dtype();
  ResultTypeState state;
  state.add(self);
  if (min) state.add(*min);
  if (max) state.add(*max);
  return state.result();
}

bool is_nan(const std::optional<Scalar>& s) { return s && s->is_floating_point() && s->toDouble() != s->toDouble(); }

Tensor clamp_scalar_impl(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max,
                         const char* name, const char* node) {
  ops::check_defined(name, self);
  check_some_bound(min.has_value(), max.has_value());
  ScalarType dtype = clamp_dtype(self, min, max);
  Tensor out = empty(self.sizes(), dtype);
  if (min && max && (is_nan(min) || is_nan(max))) {
    out.fill_(std::numeric_limits<double>::quiet_NaN());  // as PyTorch: a NaN bound poisons all
  } else {
    cpu::clamp_scalar_kernel(out, ops::in_dtype(self, dtype), min, max);
  }
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {self}, [min, max](BackwardContext& ctx, const variable_list& g) {
      Tensor self = ctx.saved(0);
      Tensor mask;
      if (min && max) mask = logical_and(ge(self, *min), le(self, *max));
      else if (min) mask = ge(self, *min);
      else mask = le(self, *max);
      return variable_list{pass_where(mask, g[0])};
    });
  }
  return out;
}

// Tensor bounds (either may be undefined). min only is maximum(self, min) and max only is
// minimum(self, max), NaN-propagating, as PyTorch.
Tensor clamp_tensor_impl(const Tensor& self, const Tensor& min, const Tensor& max, const char* name,
                         const char* node) {
  ops::check_defined(name, self);
  check_some_bound(min.defined(), max.defined());
  ResultTypeState state;
  state.add(self);
  if (min.defined()) state.add(min);
  if (max.defined()) state.add(max);
  ScalarType dtype = state.result();
  Tensor out;
  if (min.defined() && max.defined()) {
    DimVector shape = broadcast3(self, min, max, name);
    out = empty(shape, dtype);
    cpu::clamp_kernel(out, ops::expanded_to(ops::in_dtype(self, dtype), shape),
                      ops::expanded_to(ops::in_dtype(min, dtype), shape),
                      ops::expanded_to(ops::in_dtype(max, dtype), shape));
  } else if (min.defined()) {
    out = ops::binary_compute(cpu::BinaryOp::Maximum, name, self, min, dtype);
  } else {
    out = ops::binary_compute(cpu::BinaryOp::Minimum, name, self, max, dtype);
  }
  if (autograd::any_requires_grad(self, min, max)) {
    autograd::record(node, {self, min, max}, {out}, {self, min, max}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor self = ctx.saved(0), min = ctx.saved(1), max = ctx.saved(2);
      variable_list grads(3);
      if (ctx.needs_input_grad(0)) {
        if (min.defined() && max.defined()) grads[0] = pass_where(logical_and(ge(self, min), le(self, max)), g[0]);
        else if (min.defined()) grads[0] = pass_where(ge(self, min), g[0]);
        else grads[0] = pass_where(le(self, max), g[0]);
      }
      // A bound gets the gradient where it is the result; when min > max, max wins.
      if (ctx.needs_input_grad(1)) {
        Tensor mask = lt(self, min);
        if (max.defined()) mask = logical_and(mask, lt(min, max));
        grads[1] = pass_where(mask, g[0]);
      }
      if (ctx.needs_input_grad(2)) {
        Tensor mask = gt(self, max);
        if (min.defined()) mask = logical_or(mask, lt(max, min));
        grads[2] = pass_where(mask, g[0]);
      }
      return grads;
    });
  }
  return out;
}

}  // namespace

Tensor clamp(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp_scalar_impl(self, min, max, "clamp", "ClampBackward1");
}
Tensor clamp(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return clamp_tensor_impl(self, min.value_or(Tensor()), max.value_or(Tensor()), "clamp", "ClampBackward0");
}
Tensor clamp_min(const Tensor& self, const Scalar& min) {
  return clamp_scalar_impl(self, min, std::nullopt, "clamp_min", "ClampMinBackward0");
}
Tensor clamp_min(const Tensor& self, const Tensor& min) {
  ops::check_defined("clamp_min", min);
  return clamp_tensor_impl(self, min, Tensor(), "clamp_min", "ClampMinBackward1");
}
Tensor clamp_max(const Tensor& self, const Scalar& max) {
  return clamp_scalar_impl(self, std::nullopt, max, "clamp_max", "ClampMaxBackward0");
}
Tensor clamp_max(const Tensor& self, const Tensor& max) {
  ops::check_defined("clamp_max", max);
  return clamp_tensor_impl(self, Tensor(), max, "clamp_max", "ClampMaxBackward1");
}

const Tensor& clamp_(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return write_inplace(self, clamp(inplace_operand(self), min, max), "clamp_");
}
const Tensor& clamp_(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  bool bound_grad = (min && min->defined() && min->requires_grad()) || (max && max->defined() && max->requires_grad());
  Tensor operand = bound_grad ? self.clone() : inplace_operand(self);
  return write_inplace(self, clamp(operand, min, max), "clamp_");
}
const Tensor& clamp_min_(const Tensor& self, const Scalar& min) {
  return write_inplace(self, clamp_min(inplace_operand(self), min), "clamp_min_");
}
const Tensor& clamp_min_(const Tensor& self, const Tensor& min) {
  return write_inplace(self, clamp_min(inplace_operand(self, min), min), "clamp_min_");
}
const Tensor& clamp_max_(const Tensor& self, const Scalar& max) {
  return write_inplace(self, clamp_max(inplace_operand(self), max), "clamp_max_");
}
const Tensor& clamp_max_(const Tensor& self, const Tensor& max) {
  return write_inplace(self, clamp_max(inplace_operand(self, max), max), "clamp_max_");
}

// ---- lerp ---------------------------------------------------------------------------------

namespace {

void check_lerp(const Tensor& self, const Tensor& end, const Tensor* weight) {
  ops::check_defined("lerp", self);
  ops::check_defined("lerp", end);
  EMBER_CHECK(is_floating_type(self.dtype()), "lerp", "not implemented for ", self.dtype(),
              " tensors; it needs a floating dtype");
  EMBER_CHECK(end.dtype() == self.dtype(), "lerp", "expected dtype ", self.dtype(), " for `end` but got dtype ",
              end.dtype(), " (lerp does not promote: convert end to self's dtype)");
  if (weight) {
    ops::check_defined("lerp", *weight);
    EMBER_CHECK(weight->dtype() == self.dtype(), "lerp", "expected dtype ", self.dtype(),
                " for `weight` but got dtype ", weight->dtype(), " (lerp does not promote)");
  }
}

}  // namespace

Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight) {
  check_lerp(self, end, nullptr);
  DimVector shape = broadcast_shapes(self.sizes(), end.sizes(), "lerp");
  Tensor out = empty(shape, self.dtype());
  cpu::lerp_kernel(out, expand(self, shape), expand(end, shape), weight);
  if (autograd::any_requires_grad(self, end)) {
    autograd::record("LerpBackward0", {self, end}, {out}, {}, [weight](BackwardContext& ctx, const variable_list& g) {
      double w = weight.toDouble();
      return variable_list{ctx.needs_input_grad(0) ? g[0] * (1.0 - w) : Tensor(),
                           ctx.needs_input_grad(1) ? g[0] * w : Tensor()};
    });
  }
  return out;
}

Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight) {
  check_lerp(self, end, &weight);
  DimVector shape = broadcast3(self, end, weight, "lerp");
  Tensor out = empty(shape, self.dtype());
  cpu::lerp_kernel(out, expand(self, shape), expand(end, shape), expand(weight, shape));
  if (autograd::any_requires_grad(self, end, weight)) {
    autograd::record("LerpBackward1", {self, end, weight}, {out}, {self, end, weight},
                     [](BackwardContext& ctx, const variable_list& g) {
                       Tensor self = ctx.saved(0), end = ctx.saved(1), weight = ctx.saved(2);
                       return variable_list{ctx.needs_input_grad(0) ? g[0] * rsub(weight, 1) : Tensor(),
                                            ctx.needs_input_grad(1) ? g[0] * weight : Tensor(),
                                            ctx.needs_input_grad(2) ? g[0] * (end - self) : Tensor()};
                     });
  }
  return out;
}

const Tensor& lerp_(const Tensor& self, const Tensor& end, const Scalar& weight) {
  return write_inplace(self, lerp(inplace_operand(self, end), end, weight), "lerp_");
}
const Tensor& lerp_(const Tensor& self, const Tensor& end, const Tensor& weight) {
  bool any_grad = autograd::any_requires_grad(self, end, weight);
  return write_inplace(self, lerp(any_grad ? self.clone() : self, end, weight), "lerp_");
}

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const { return ember::where(condition, *this, other); }
Tensor Tensor::where(const Tensor& condition, const Scalar& other) const { return ember::where(condition, *this, other); }
Tensor Tensor::clamp(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  return ember::clamp(*this, min, max);
}
Tensor Tensor::clamp(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return ember::clamp(*this, min, max);
}
Tensor Tensor::clamp_min(const Scalar& min) const { return ember::clamp_min(*this, min); }
Tensor Tensor::clamp_min(const Tensor& min) const { return ember::clamp_min(*this, min); }
Tensor Tensor::clamp_max(const Scalar& max) const { return ember::clamp_max(*this, max); }
Tensor Tensor::clamp_max(const Tensor& max) const { return ember::clamp_max(*this, max); }
Tensor& Tensor::clamp_(const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  ember::clamp_(*this, min, max);
  return *this;
}
Tensor& Tensor::clamp_(const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  ember::clamp_(*this, min, max);
  return *this;
}
Tensor& Tensor::clamp_min_(const Scalar& min) { ember::clamp_min_(*this, min); return *this; }
Tensor& Tensor::clamp_min_(const Tensor& min) { ember::clamp_min_(*this, min); return *this; }
Tensor& Tensor::clamp_max_(const Scalar& max) { ember::clamp_max_(*this, max); return *this; }
Tensor& Tensor::clamp_max_(const Tensor& max) { ember::clamp_max_(*this, max); return *this; }
Tensor Tensor::lerp(const Tensor& end, const Scalar& weight) const { return ember::lerp(*this, end, weight); }
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const { return ember::lerp(*this, end, weight); }
Tensor& Tensor::lerp_(const Tensor& end, const Scalar& weight) { ember::lerp_(*this, end, weight); return *this; }
Tensor& Tensor::lerp_(const Tensor& end, const Tensor& weight) { ember::lerp_(*this, end, weight); return *this; }

}  // namespace ember
