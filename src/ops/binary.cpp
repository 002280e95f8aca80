// Binary arithmetic: add, sub, mul, div, remainder, fmod, pow, atan2, maximum/minimum,
// fmax/fmin. Checks, promotion, kernel call and backward, each in one place.
//
// Node names follow LibTorch's overloads: the Tensor-Tensor form is ...Backward0 and the
// Tensor-Scalar form ...Backward1 for add/sub/mul/div/rsub (div with a rounding mode: 2 and 3);
// remainder/fmod are the other way round (Backward0 takes the Scalar), and pow is
// PowBackward0 (Tensor ** Scalar), 1 (Tensor ** Tensor), 2 (Scalar ** Tensor).
#include "ember/ops/binary.h"

#include <cmath>

#include "autograd/record.h"
#include "cpu/binary_kernel.h"
#include "ember/ops/compare.h"
#include "ember/ops/copy.h"
#include "ember/ops/logical.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/unary.h"
#include "ops/binary_compute.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"
#include "ops/overlap.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::BinaryOp;
using ops::inplace_operand;
using ops::write_inplace;

Tensor ops::binary_compute(BinaryOp op, const char* name, const Tensor& a, const Tensor& b, ScalarType dtype,
                           const Scalar& alpha) {
  DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  Tensor out = empty(shape, dtype);
  cpu::binary_kernel(op, out, ops::expanded_to(ops::in_dtype(a, dtype), shape),
                     ops::expanded_to(ops::in_dtype(b, dtype), shape), alpha);
  return out;
}

namespace {

using ops::binary_compute;

// A zero to fill masked-out gradient entries (0-dim: where broadcasts it).
Tensor zero_like_grad(const Tensor& g) { return ops::scalar_operand(0, g.dtype()); }

void check_not_bool(const char* op, ScalarType dtype) {
  EMBER_CHECK(dtype != kBool, op, "not implemented for Bool tensors (inputs promote to Bool); "
              "convert an operand to an integral or floating dtype");
}

void check_alpha(const char* op, ScalarType dtype, const Scalar& alpha) {
  EMBER_CHECK(!alpha.is_boolean() || dtype == kBool, op, "boolean alpha only supported for Boolean results");
  EMBER_CHECK(is_floating_type(dtype) || alpha.is_integral(true), op,
              "for integral input tensors, argument alpha must not be a floating point number (got ",
              alpha, ")");
}

void check_sub_operands(const char* op, ScalarType a, ScalarType b) {
  EMBER_CHECK(a != kBool || b != kBool, op,
              "subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
              "or `logical_xor()` operator instead.");
  EMBER_CHECK(a != kBool && b != kBool, op,
              "subtraction, the `-` operator, with a bool tensor is not supported. If you are "
              "trying to invert a mask, use the `~` or `logical_not()` operator instead.");
}

// Integer division (rounded div, remainder, fmod) by zero throws, as PyTorch's
// ZeroDivisionError; floating division gives inf/nan instead. Empty outputs divide nothing.
void check_integer_divisor(const char* op, const Tensor& a, const Tensor& b, ScalarType dtype) {
  if (!is_integral_type(dtype, true)) return;
  DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), op);
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  EMBER_CHECK(numel == 0 || !cpu::has_zero(b), op, "ZeroDivisionError: integer division by zero (divisor ",
              b.sizes(), " ", b.dtype(), " has a zero element)");
}

// ---- add / sub / rsub -------------------------------------------------------------------

// a + alpha * b. sub and rsub are this with -alpha (rsub with the operands swapped).
Tensor add_impl(const Tensor& a, const Tensor& b, const Scalar& alpha, ScalarType dtype,
                const char* op, const char* node) {
  check_alpha(op, dtype, alpha);
  Tensor out = binary_compute(BinaryOp::Add, op, a, b, dtype, alpha);
  if (autograd::any_requires_grad(a, b)) {
    autograd::record(node, {a, b}, {out}, {}, [alpha](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] : Tensor(),
                           ctx.needs_input_grad(1) ? (alpha.toDouble() == 1.0 ? g[0] : g[0] * alpha) : Tensor()};
    });
  }
  return out;
}

// ---- mul / div --------------------------------------------------------------------------

Tensor mul_impl(const Tensor& a, const Tensor& b, ScalarType dtype, const char* node) {
  Tensor out = binary_compute(BinaryOp::Mul, "mul", a, b, dtype);
  if (autograd::any_requires_grad(a, b)) {
    autograd::record(node, {a, b}, {out}, {a, b}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] * ctx.saved(1) : Tensor(),
                           ctx.needs_input_grad(1) ? g[0] * ctx.saved(0) : Tensor()};
    });
  }
  return out;
}

// `scalar_other` picks the Scalar overload's node names (DivBackward1 / DivBackward3).
Tensor div_impl(const Tensor& a, const Tensor& b, ScalarType promoted, std::optional<std::string_view> mode,
                bool scalar_other) {
  EMBER_CHECK(!mode || *mode == "trunc" || *mode == "floor", "div",
              "expected rounding_mode to be one of None, 'trunc', or 'floor' but found '", *mode, "'");
  if (!mode) {
    // True division of integers (and bools) gives the default float dtype.
    ScalarType dtype = is_integral_type(promoted, true) ? get_default_dtype() : promoted;
    Tensor out = binary_compute(BinaryOp::Div, "div", a, b, dtype);
    if (autograd::any_requires_grad(a, b)) {
      autograd::record(scalar_other ? "DivBackward1" : "DivBackward0", {a, b}, {out}, {a, b},
                       [](BackwardContext& ctx, const variable_list& g) {
                         Tensor b = ctx.saved(1);
                         return variable_list{ctx.needs_input_grad(0) ? g[0] / b : Tensor(),
                                              ctx.needs_input_grad(1) ? -g[0] * ctx.saved(0) / (b * b) : Tensor()};
                       });
    }
    return out;
  }
  EMBER_CHECK(promoted != kBool, "div", "rounding_mode='", *mode, "' is not implemented for Bool tensors; "
              "convert an operand to an integral or floating dtype");
  check_integer_divisor("div", a, b, promoted);
  Tensor out = binary_compute(*mode == "trunc" ? BinaryOp::DivTrunc : BinaryOp::DivFloor, "div", a, b, promoted);
  if (autograd::any_requires_grad(a, b)) {
    // Rounded division is piecewise constant: its gradient is zero (as PyTorch).
    autograd::record(scalar_other ? "DivBackward3" : "DivBackward2", {a, b}, {out}, {},
                     [](BackwardContext& ctx, const variable_list& g) {
                       return variable_list{ctx.needs_input_grad(0) ? g[0] * 0 : Tensor(),
                                            ctx.needs_input_grad(1) ? g[0] * 0 : Tensor()};
                     });
  }
  return out;
}

// ---- remainder / fmod -------------------------------------------------------------------

// remainder: a - b * floor(a / b); fmod: a - b * trunc(a / b). d/da = 1, d/db = -(a / b rounded).
Tensor remainder_impl(BinaryOp op, const Tensor& a, const Tensor& b, ScalarType dtype, const char* node) {
  const char* name = op == BinaryOp::Remainder ? "remainder" : "fmod";
  check_not_bool(name, dtype);
  check_integer_divisor(name, a, b, dtype);
  Tensor out = binary_compute(op, name, a, b, dtype);
  if (autograd::any_requires_grad(a, b)) {
    const char* mode = op == BinaryOp::Remainder ? "floor" : "trunc";
    autograd::record(node, {a, b}, {out}, {a, b}, [mode](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] : Tensor(),
                           ctx.needs_input_grad(1) ? -g[0] * div(ctx.saved(0), ctx.saved(1), mode) : Tensor()};
    });
  }
  return out;
}

// ---- pow --------------------------------------------------------------------------------

// d/dbase of base ** exponent: exponent * base ** (exponent - 1), zero where exponent == 0
// (PyTorch's pow_backward_self: no 0 * inf = nan at base 0).
Tensor pow_grad_base(const Tensor& g, const Tensor& base, const Tensor& exponent) {
  return where(eq(exponent, 0.0), zero_like_grad(g), g * (exponent * pow(base, sub(exponent, 1))));
}

// d/dexponent: result * log(base), zero where base == 0 and exponent >= 0 (PyTorch's
// pow_backward_exponent: the limit there is 0, not 0 * -inf). log is taken in base's own dtype,
// as PyTorch 1.13 does (a bfloat16 base gives a bfloat16-rounded log).
Tensor pow_grad_exponent(const Tensor& g, const Tensor& base, const Tensor& exponent, const Tensor& result) {
  Tensor mask = logical_and(eq(base, 0), ge(exponent, 0));
  return g * where(mask, zero_like_grad(g), result * log(base));
}

}  // namespace

Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  ops::check_defined("add", self);
  ops::check_defined("add", other);
  return add_impl(self, other, alpha, result_type(self, other), "add", "AddBackward0");
}
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("add", self);
  ScalarType dtype = result_type(self, other);
  return add_impl(self, ops::scalar_operand(other, dtype), alpha, dtype, "add", "AddBackward1");
}
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  ops::check_defined("sub", self);
  ops::check_defined("sub", other);
  check_sub_operands("sub", self.dtype(), other.dtype());
  return add_impl(self, other, -alpha, result_type(self, other), "sub", "SubBackward0");
}
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("sub", self);
  check_sub_operands("sub", self.dtype(), other.type());
  ScalarType dtype = result_type(self, other);
  return add_impl(self, ops::scalar_operand(other, dtype), -alpha, dtype, "sub", "SubBackward1");
}
// rsub(self, other) = other - alpha * self.
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  ops::check_defined("rsub", self);
  ops::check_defined("rsub", other);
  check_sub_operands("rsub", self.dtype(), other.dtype());
  return add_impl(other, self, -alpha, result_type(self, other), "rsub", "RsubBackward0");
}
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("rsub", self);
  check_sub_operands("rsub", self.dtype(), other.type());
  ScalarType dtype = result_type(self, other);
  return add_impl(ops::scalar_operand(other, dtype), self, -alpha, dtype, "rsub", "RsubBackward1");
}
Tensor mul(const Tensor& self, const Tensor& other) {
  ops::check_defined("mul", self);
  ops::check_defined("mul", other);
  return mul_impl(self, other, result_type(self, other), "MulBackward0");
}
Tensor mul(const Tensor& self, const Scalar& other) {
  ops::check_defined("mul", self);
  ScalarType dtype = result_type(self, other);
  return mul_impl(self, ops::scalar_operand(other, dtype), dtype, "MulBackward1");
}
Tensor div(const Tensor& self, const Tensor& other, std::optional<std::string_view> mode) {
  ops::check_defined("div", self);
  ops::check_defined("div", other);
  return div_impl(self, other, result_type(self, other), mode, false);
}
Tensor div(const Tensor& self, const Scalar& other, std::optional<std::string_view> mode) {
  ops::check_defined("div", self);
  ScalarType dtype = result_type(self, other);
  return div_impl(self, ops::scalar_operand(other, dtype), dtype, mode, true);
}

Tensor remainder(const Tensor& self, const Tensor& other) {
  ops::check_defined("remainder", self);
  ops::check_defined("remainder", other);
  return remainder_impl(BinaryOp::Remainder, self, other, result_type(self, other), "RemainderBackward1");
}
Tensor remainder(const Tensor& self, const Scalar& other) {
  ops::check_defined("remainder", self);
  ScalarType dtype = result_type(self, other);
  return remainder_impl(BinaryOp::Remainder, self, ops::scalar_operand(other, dtype), dtype, "RemainderBackward0");
}
// LibTorch records no derivative for this overload (NotImplemented); ember gives the
// Tensor-Tensor formula, the scalar being a constant.
Tensor remainder(const Scalar& self, const Tensor& other) {
  ops::check_defined("remainder", other);
  ScalarType dtype = result_type(self, other);
  return remainder_impl(BinaryOp::Remainder, ops::scalar_operand(self, dtype), other, dtype, "RemainderBackward1");
}
Tensor fmod(const Tensor& self, const Tensor& other) {
  ops::check_defined("fmod", self);
  ops::check_defined("fmod", other);
  return remainder_impl(BinaryOp::Fmod, self, other, result_type(self, other), "FmodBackward1");
}
Tensor fmod(const Tensor& self, const Scalar& other) {
  ops::check_defined("fmod", self);
  ScalarType dtype = result_type(self, other);
  return remainder_impl(BinaryOp::Fmod, self, ops::scalar_operand(other, dtype), dtype, "FmodBackward0");
}

Tensor pow(const Tensor& self, const Tensor& exponent) {
  ops::check_defined("pow", self);
  ops::check_defined("pow", exponent);
  ScalarType dtype = result_type(self, exponent);
  check_not_bool("pow", dtype);
  Tensor out = binary_compute(BinaryOp::Pow, "pow", self, exponent, dtype);
  if (autograd::any_requires_grad(self, exponent)) {
    autograd::record("PowBackward1", {self, exponent}, {out}, {self, exponent, out},
                     [](BackwardContext& ctx, const variable_list& g) {
                       Tensor base = ctx.saved(0), exponent = ctx.saved(1);
                       return variable_list{
                           ctx.needs_input_grad(0) ? pow_grad_base(g[0], base, exponent) : Tensor(),
                           ctx.needs_input_grad(1) ? pow_grad_exponent(g[0], base, exponent, ctx.saved(2)) : Tensor()};
                     });
  }
  return out;
}
Tensor pow(const Tensor& self, const Scalar& exponent) {
  ops::check_defined("pow", self);
  ScalarType dtype = result_type(self, exponent);
  check_not_bool("pow", dtype);
  EMBER_CHECK(!is_integral_type(dtype, false) || exponent.toLong() >= 0, "pow",
              "Integers to negative integer powers are not allowed (", self.dtype(), " tensor ** ",
              exponent, "); use a floating exponent or a floating tensor");
  Tensor out = empty(self.sizes(), dtype);
  cpu::pow_scalar_kernel(out, ops::in_dtype(self, dtype), exponent);
  if (autograd::any_requires_grad(self)) {
    autograd::record("PowBackward0", {self}, {out}, {self}, [exponent](BackwardContext& ctx, const variable_list& g) {
      Tensor base = ctx.saved(0);
      double e = exponent.toDouble();
      if (e == 0.0) return variable_list{zeros_like(base)};
      return variable_list{g[0] * mul(pow(base, e - 1.0), e)};
    });
  }
  return out;
}
Tensor pow(const Scalar& self, const Tensor& exponent) {
  ops::check_defined("pow", exponent);
  ScalarType dtype = result_type(self, exponent);
  check_not_bool("pow", dtype);
  Tensor out = binary_compute(BinaryOp::Pow, "pow", ops::scalar_operand(self, dtype), exponent, dtype);
  if (autograd::any_requires_grad(exponent)) {
    autograd::record("PowBackward2", {exponent}, {out}, {exponent, out}, [self](BackwardContext& ctx, const variable_list& g) {
      Tensor exponent = ctx.saved(0), result = ctx.saved(1);
      double base = self.toDouble();
      Tensor grad = g[0] * mul(result, std::log(base));
      // 0 ** x for x >= 0: the limit of the gradient is 0, not 0 * -inf.
      if (base == 0.0) grad = where(ge(exponent, 0), zero_like_grad(grad), grad);
      return variable_list{grad};
    });
  }
  return out;
}

Tensor atan2(const Tensor& self, const Tensor& other) {
  ops::check_defined("atan2", self);
  ops::check_defined("atan2", other);
  ScalarType promoted = result_type(self, other);
  ScalarType dtype = is_integral_type(promoted, true) ? get_default_dtype() : promoted;
  Tensor out = binary_compute(BinaryOp::Atan2, "atan2", self, other, dtype);
  if (autograd::any_requires_grad(self, other)) {
    autograd::record("Atan2Backward0", {self, other}, {out}, {self, other}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor a = ctx.saved(0), b = ctx.saved(1);
      Tensor denom = a * a + b * b;
      return variable_list{ctx.needs_input_grad(0) ? g[0] * b / denom : Tensor(),
                           ctx.needs_input_grad(1) ? -g[0] * a / denom : Tensor()};
    });
  }
  return out;
}

namespace {

// maximum/minimum: the gradient goes to the selected operand, split in half on ties (as
// PyTorch: at::where(self == other, grad / 2, grad).masked_fill_(self < other, 0)); a NaN
// passes the whole gradient to both.
Tensor max_min_impl(BinaryOp op, const Tensor& a, const Tensor& b) {
  const char* name = op == BinaryOp::Maximum ? "maximum" : "minimum";
  ops::check_defined(name, a);
  ops::check_defined(name, b);
  Tensor out = binary_compute(op, name, a, b, result_type(a, b));
  if (autograd::any_requires_grad(a, b)) {
    bool is_max = op == BinaryOp::Maximum;
    autograd::record(is_max ? "MaximumBackward0" : "MinimumBackward0", {a, b}, {out}, {a, b},
                     [is_max](BackwardContext& ctx, const variable_list& g) {
                       Tensor a = ctx.saved(0), b = ctx.saved(1);
                       Tensor shared = where(eq(a, b), g[0] / 2, g[0]);
                       Tensor zero = zero_like_grad(g[0]);
                       // a loses where it was not selected: a < b for maximum, a > b for minimum.
                       Tensor a_loses = is_max ? lt(a, b) : gt(a, b);
                       Tensor b_loses = is_max ? gt(a, b) : lt(a, b);
                       return variable_list{ctx.needs_input_grad(0) ? where(a_loses, zero, shared) : Tensor(),
                                            ctx.needs_input_grad(1) ? where(b_loses, zero, shared) : Tensor()};
                     });
  }
  return out;
}

// fmax/fmin: the gradient goes to self where self wins or other is NaN, else to other.
Tensor fmax_fmin_impl(BinaryOp op, const Tensor& a, const Tensor& b) {
  const char* name = op == BinaryOp::Fmax ? "fmax" : "fmin";
  ops::check_defined(name, a);
  ops::check_defined(name, b);
  Tensor out = binary_compute(op, name, a, b, result_type(a, b));
  if (autograd::any_requires_grad(a, b)) {
    bool is_max = op == BinaryOp::Fmax;
    autograd::record(is_max ? "FmaxBackward0" : "FminBackward0", {a, b}, {out}, {a, b},
                     [is_max](BackwardContext& ctx, const variable_list& g) {
                       Tensor a = ctx.saved(0), b = ctx.saved(1);
                       Tensor a_wins = logical_or(is_max ? ge(a, b) : le(a, b), ne(b, b));
                       Tensor zero = zero_like_grad(g[0]);
                       return variable_list{ctx.needs_input_grad(0) ? where(a_wins, g[0], zero) : Tensor(),
                                            ctx.needs_input_grad(1) ? where(a_wins, zero, g[0]) : Tensor()};
                     });
  }
  return out;
}

}  // namespace

Tensor maximum(const Tensor& self, const Tensor& other) { return max_min_impl(BinaryOp::Maximum, self, other); }
Tensor minimum(const Tensor& self, const Tensor& other) { return max_min_impl(BinaryOp::Minimum, self, other); }
Tensor fmax(const Tensor& self, const Tensor& other) { return fmax_fmin_impl(BinaryOp::Fmax, self, other); }
Tensor fmin(const Tensor& self, const Tensor& other) { return fmax_fmin_impl(BinaryOp::Fmin, self, other); }

// ---- out= forms --------------------------------------------------------------------------

namespace {

// out = a op b (alpha for add). The kernel writes into out directly when out already has the
// result's shape and dtype and does not partially overlap an operand; otherwise the result
// is computed out of place and copied (resizing out first).
Tensor& binary_out(BinaryOp op, const char* name, Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  ops::check_defined(name, out);
  ops::check_defined(name, a);
  ops::check_defined(name, b);
  EMBER_CHECK(!(GradMode::is_enabled() && (out.requires_grad() || a.requires_grad() || b.requires_grad())), name,
              "functions with out=... arguments don't support automatic differentiation, but one of the "
              "arguments requires grad (shapes ", a.sizes(), ", ", b.sizes(), " -> out ", out.sizes(),
              "); call it under NoGradGuard or use the out-of-place op");
  ScalarType dtype = result_type(a, b);
  ops::check_castable(name, dtype, out.dtype());
  if (op == BinaryOp::Add) check_alpha(name, dtype, alpha);
  DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  ops::check_no_internal_overlap(out, name);
  Tensor ea = ops::expanded_to(a, shape), eb = ops::expanded_to(b, shape);
  if (out.sizes() == IntArrayRef(shape) && out.dtype() == dtype && a.dtype() == dtype && b.dtype() == dtype &&
      ops::safe_to_write_while_reading(out, ea) && ops::safe_to_write_while_reading(out, eb)) {
    cpu::binary_kernel(op, out, ea, eb, alpha);
    out.unsafeGetTensorImpl()->bump_version();
    return out;
  }
  Tensor result = binary_compute(op, name, a, b, dtype, alpha);
  if (out.sizes() != result.sizes()) out.set_data(empty(result.sizes(), out.dtype()));
  copy_(out, result);
  return out;
}

}  // namespace

Tensor& add_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return binary_out(BinaryOp::Add, "add_out", out, self, other, alpha);
}
Tensor& mul_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return binary_out(BinaryOp::Mul, "mul_out", out, self, other, 1);
}

// ---- in-place forms: computed out of place, then written into self (ops/inplace.h) --------

namespace {

// self op= other when there is no history to record (grad mode off, or nothing requires
// grad: every optimizer update): the kernel writes into self directly through binary_out, half
// the memory traffic of computing out of place and copying, and no allocation. Returns false
// where the general path must run: autograd, a dtype change, or an other that broadcasts
// beyond self's shape (the general path raises those errors).
bool write_directly(BinaryOp op, const char* name, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  if (!self.defined() || !other.defined() || autograd::any_requires_grad(self, other)) return false;
  if (result_type(self, other) != self.dtype() || other.dtype() != self.dtype() || other.dim() > self.dim())
    return false;
  if (op == BinaryOp::Div && !self.is_floating_point()) return false;  // integer true division gives floats
  int64_t lead = self.dim() - other.dim();
  for (int64_t d = 0; d < other.dim(); ++d)
    if (other.size(d) != 1 && other.size(d) != self.size(lead + d)) return false;
  Tensor out = self;
  binary_out(op, name, out, self, other, alpha);
  return true;
}

// The scalar forms' operand: the scalar as a 0-dim tensor of the dtype the op computes in.
Tensor scalar_like_result(const Tensor& self, const Scalar& other) {
  return ops::scalar_operand(other, result_type(self, other));
}

}  // namespace

const Tensor& add_(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  if (write_directly(BinaryOp::Add, "add_", self, other, alpha)) return self;
  return write_inplace(self, add(inplace_operand(self, other), other, alpha), "add_");
}
const Tensor& add_(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  if (self.defined() && write_directly(BinaryOp::Add, "add_", self, scalar_like_result(self, other), alpha))
    return self;
  return write_inplace(self, add(inplace_operand(self), other, alpha), "add_");
}
const Tensor& sub_(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  if (self.defined() && other.defined()) check_sub_operands("sub_", self.dtype(), other.dtype());
  if (write_directly(BinaryOp::Add, "sub_", self, other, -alpha)) return self;
  return write_inplace(self, sub(inplace_operand(self, other), other, alpha), "sub_");
}
const Tensor& sub_(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  if (self.defined()) check_sub_operands("sub_", self.dtype(), other.type());
  if (self.defined() && write_directly(BinaryOp::Add, "sub_", self, scalar_like_result(self, other), -alpha))
    return self;
  return write_inplace(self, sub(inplace_operand(self), other, alpha), "sub_");
}
const Tensor& mul_(const Tensor& self, const Tensor& other) {
  if (write_directly(BinaryOp::Mul, "mul_", self, other, 1)) return self;
  return write_inplace(self, mul(inplace_operand(self, other), other), "mul_");
}
const Tensor& mul_(const Tensor& self, const Scalar& other) {
  if (self.defined() && write_directly(BinaryOp::Mul, "mul_", self, scalar_like_result(self, other), 1)) return self;
  return write_inplace(self, mul(inplace_operand(self), other), "mul_");
}
// True division only (a rounding mode takes the general path).
const Tensor& div_(const Tensor& self, const Tensor& other, std::optional<std::string_view> mode) {
  if (!mode && write_directly(BinaryOp::Div, "div_", self, other, 1)) return self;
  return write_inplace(self, div(inplace_operand(self, other), other, mode), "div_");
}
const Tensor& div_(const Tensor& self, const Scalar& other, std::optional<std::string_view> mode) {
  if (!mode && self.defined() && write_directly(BinaryOp::Div, "div_", self, scalar_like_result(self, other), 1))
    return self;
  return write_inplace(self, div(inplace_operand(self), other, mode), "div_");
}
const Tensor& remainder_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, remainder(inplace_operand(self, other), other), "remainder_");
}
const Tensor& remainder_(const Tensor& self, const Scalar& other) {
  return write_inplace(self, remainder(inplace_operand(self), other), "remainder_");
}
const Tensor& fmod_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, fmod(inplace_operand(self, other), other), "fmod_");
}
const Tensor& fmod_(const Tensor& self, const Scalar& other) {
  return write_inplace(self, fmod(inplace_operand(self), other), "fmod_");
}
const Tensor& pow_(const Tensor& self, const Tensor& exponent) {
  return write_inplace(self, pow(inplace_operand(self, exponent), exponent), "pow_");
}
const Tensor& pow_(const Tensor& self, const Scalar& exponent) {
  return write_inplace(self, pow(inplace_operand(self), exponent), "pow_");
}
const Tensor& atan2_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, atan2(inplace_operand(self, other), other), "atan2_");
}

// ---- operators ----------------------------------------------------------------------------
namespace {
// LibTorch's `Scalar op Tensor` for -, / and %: fill a tensor like b with a, then op_ in place.
Tensor filled_like(const Tensor& b, const Scalar& a, const char* op) {
  ops::check_defined(op, b);
  return full_like(b, a);
}
}  // namespace

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, b); }
Tensor operator+(const Scalar& a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, b); }
Tensor operator-(const Scalar& a, const Tensor& b) {
  Tensor out = filled_like(b, a, "sub");
  sub_(out, b);
  return out;
}
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, b); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, b); }
Tensor operator/(const Scalar& a, const Tensor& b) {
  Tensor out = filled_like(b, a, "div");
  div_(out, b);
  return out;
}
Tensor operator%(const Tensor& a, const Tensor& b) { return remainder(a, b); }
Tensor operator%(const Tensor& a, const Scalar& b) { return remainder(a, b); }
Tensor operator%(const Scalar& a, const Tensor& b) {
  Tensor out = filled_like(b, a, "remainder");
  remainder_(out, b);
  return out;
}
Tensor operator-(const Tensor& a) { return neg(a); }
Tensor& operator+=(Tensor& a, const Tensor& b) { add_(a, b); return a; }
Tensor& operator+=(Tensor& a, const Scalar& b) { add_(a, b); return a; }
Tensor& operator-=(Tensor& a, const Tensor& b) { sub_(a, b); return a; }
Tensor& operator-=(Tensor& a, const Scalar& b) { sub_(a, b); return a; }
Tensor& operator*=(Tensor& a, const Tensor& b) { mul_(a, b); return a; }
Tensor& operator*=(Tensor& a, const Scalar& b) { mul_(a, b); return a; }
Tensor& operator/=(Tensor& a, const Tensor& b) { div_(a, b); return a; }
Tensor& operator/=(Tensor& a, const Scalar& b) { div_(a, b); return a; }

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::add(const Tensor& other, const Scalar& alpha) const { return ember::add(*this, other, alpha); }
Tensor Tensor::add(const Scalar& other, const Scalar& alpha) const { return ember::add(*this, other, alpha); }
Tensor Tensor::sub(const Tensor& other, const Scalar& alpha) const { return ember::sub(*this, other, alpha); }
Tensor Tensor::sub(const Scalar& other, const Scalar& alpha) const { return ember::sub(*this, other, alpha); }
Tensor Tensor::mul(const Tensor& other) const { return ember::mul(*this, other); }
Tensor Tensor::mul(const Scalar& other) const { return ember::mul(*this, other); }
Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> mode) const { return ember::div(*this, other, mode); }
Tensor Tensor::div(const Scalar& other, std::optional<std::string_view> mode) const { return ember::div(*this, other, mode); }
Tensor& Tensor::add_(const Tensor& other, const Scalar& alpha) { ember::add_(*this, other, alpha); return *this; }
Tensor& Tensor::add_(const Scalar& other, const Scalar& alpha) { ember::add_(*this, other, alpha); return *this; }
Tensor& Tensor::sub_(const Tensor& other, const Scalar& alpha) { ember::sub_(*this, other, alpha); return *this; }
Tensor& Tensor::sub_(const Scalar& other, const Scalar& alpha) { ember::sub_(*this, other, alpha); return *this; }
Tensor& Tensor::mul_(const Tensor& other) { ember::mul_(*this, other); return *this; }
Tensor& Tensor::mul_(const Scalar& other) { ember::mul_(*this, other); return *this; }
Tensor& Tensor::div_(const Tensor& other, std::optional<std::string_view> mode) { ember::div_(*this, other, mode); return *this; }
Tensor& Tensor::div_(const Scalar& other, std::optional<std::string_view> mode) { ember::div_(*this, other, mode); return *this; }
Tensor Tensor::remainder(const Tensor& other) const { return ember::remainder(*this, other); }
Tensor Tensor::remainder(const Scalar& other) const { return ember::remainder(*this, other); }
Tensor Tensor::fmod(const Tensor& other) const { return ember::fmod(*this, other); }
Tensor Tensor::fmod(const Scalar& other) const { return ember::fmod(*this, other); }
Tensor Tensor::pow(const Tensor& exponent) const { return ember::pow(*this, exponent); }
Tensor Tensor::pow(const Scalar& exponent) const { return ember::pow(*this, exponent); }
Tensor Tensor::atan2(const Tensor& other) const { return ember::atan2(*this, other); }
Tensor Tensor::maximum(const Tensor& other) const { return ember::maximum(*this, other); }
Tensor Tensor::minimum(const Tensor& other) const { return ember::minimum(*this, other); }
Tensor Tensor::fmax(const Tensor& other) const { return ember::fmax(*this, other); }
Tensor Tensor::fmin(const Tensor& other) const { return ember::fmin(*this, other); }
Tensor& Tensor::remainder_(const Tensor& other) { ember::remainder_(*this, other); return *this; }
Tensor& Tensor::remainder_(const Scalar& other) { ember::remainder_(*this, other); return *this; }
Tensor& Tensor::fmod_(const Tensor& other) { ember::fmod_(*this, other); return *this; }
Tensor& Tensor::fmod_(const Scalar& other) { ember::fmod_(*this, other); return *this; }
Tensor& Tensor::pow_(const Tensor& exponent) { ember::pow_(*this, exponent); return *this; }
Tensor& Tensor::pow_(const Scalar& exponent) { ember::pow_(*this, exponent); return *this; }
Tensor& Tensor::atan2_(const Tensor& other) { ember::atan2_(*this, other); return *this; }

}  // namespace ember
