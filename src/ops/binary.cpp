// add, sub, mul, div: checks, promotion, kernel call and backward, each in one place.
#include "ember/ops/binary.h"

#include "autograd/record.h"
#include "cpu/binary_kernel.h"
#include "ember/ops/copy.h"
#include "ember/ops/unary.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::BinaryOp;
using ops::inplace_operand;
using ops::write_inplace;

namespace {

// Runs the kernel on promoted, broadcast operands into a fresh output of dtype `dtype`.
Tensor compute(BinaryOp op, const char* name, const Tensor& a, const Tensor& b, ScalarType dtype,
               const Scalar& alpha = 1) {
  DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  Tensor out = empty(shape, dtype);
  cpu::binary_kernel(op, out, expand(ops::in_dtype(a, dtype), shape), expand(ops::in_dtype(b, dtype), shape), alpha);
  return out;
}

void check_alpha(const char* op, ScalarType dtype, const Scalar& alpha) {
  EMBER_CHECK(is_floating_type(dtype) || !alpha.is_floating_point(), op,
              "for integral input tensors, argument alpha must not be a floating point number (got ",
              alpha, ")");
  EMBER_CHECK(dtype != kBool || alpha.is_boolean() || alpha.toDouble() == 1.0, op,
              "boolean alpha only supported for Boolean results");
}

void check_integer_divisor(const Tensor& b, ScalarType dtype) {
  if (!is_integral_type(dtype, true)) return;
  Tensor d = b.to(kLong).contiguous();
  const int64_t* p = d.data_ptr<int64_t>();
  for (int64_t i = 0; i < d.numel(); ++i)
    EMBER_CHECK(p[i] != 0, "div", "ZeroDivisionError: integer division by zero");
}

Tensor add_impl(const Tensor& a, const Tensor& b, const Scalar& alpha, ScalarType dtype, const char* name) {
  check_alpha(name, dtype, alpha);
  Tensor out = compute(BinaryOp::Add, name, a, b, dtype, alpha);
  if (autograd::any_requires_grad(a, b)) {
    autograd::record(std::string_view(name) == "sub" ? "SubBackward0" : "AddBackward0", {a, b}, {out}, {},
                     [alpha](BackwardContext& ctx, const variable_list& g) {
                       return variable_list{ctx.needs_input_grad(0) ? g[0] : Tensor(),
                                            ctx.needs_input_grad(1) ? (alpha.toDouble() == 1.0 ? g[0] : g[0] * alpha) : Tensor()};
                     });
  }
  return out;
}

Tensor mul_impl(const Tensor& a, const Tensor& b, ScalarType dtype) {
  Tensor out = compute(BinaryOp::Mul, "mul", a, b, dtype);
  if (autograd::any_requires_grad(a, b)) {
    autograd::record("MulBackward0", {a, b}, {out}, {a, b}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] * ctx.saved(1) : Tensor(),
                           ctx.needs_input_grad(1) ? g[0] * ctx.saved(0) : Tensor()};
    });
  }
  return out;
}

// Result dtype of div: true division of integers gives the default float dtype.
ScalarType div_dtype(ScalarType promoted, std::optional<std::string_view> mode) {
  if (!mode && is_integral_type(promoted, true)) return get_default_dtype();
  return promoted;
}

Tensor div_impl(const Tensor& a, const Tensor& b, ScalarType promoted, std::optional<std::string_view> mode) {
  EMBER_CHECK(!mode || *mode == "trunc" || *mode == "floor", "div",
              "expected rounding_mode to be one of None, 'trunc', or 'floor' but found '", *mode, "'");
  ScalarType dtype = div_dtype(promoted, mode);
  if (mode) check_integer_divisor(b, dtype);
  BinaryOp op = !mode ? BinaryOp::Div : *mode == "trunc" ? BinaryOp::DivTrunc : BinaryOp::DivFloor;
  Tensor out = compute(op, "div", a, b, dtype);
  if (autograd::any_requires_grad(a, b)) {
    if (mode) {
      // Rounded division is piecewise constant: its gradient is zero (as PyTorch).
      autograd::record(*mode == "trunc" ? "DivBackward1" : "DivBackward1", {a, b}, {out}, {},
                       [](BackwardContext& ctx, const variable_list& g) {
                         return variable_list{ctx.needs_input_grad(0) ? g[0] * 0 : Tensor(),
                                              ctx.needs_input_grad(1) ? g[0] * 0 : Tensor()};
                       });
    } else {
      autograd::record("DivBackward0", {a, b}, {out}, {a, b}, [](BackwardContext& ctx, const variable_list& g) {
        Tensor b = ctx.saved(1);
        return variable_list{ctx.needs_input_grad(0) ? g[0] / b : Tensor(),
                             ctx.needs_input_grad(1) ? -g[0] * ctx.saved(0) / (b * b) : Tensor()};
      });
    }
  }
  return out;
}

}  // namespace

Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  ops::check_defined("add", self);
  ops::check_defined("add", other);
  return add_impl(self, other, alpha, result_type(self, other), "add");
}
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("add", self);
  ScalarType dtype = result_type(self, other);
  return add_impl(self, ops::scalar_operand(other, dtype), alpha, dtype, "add");
}
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  ops::check_defined("sub", self);
  ops::check_defined("sub", other);
  EMBER_CHECK(self.dtype() != kBool || other.dtype() != kBool, "sub",
              "subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
              "or `logical_xor()` operator instead.");
  return add_impl(self, other, -alpha, result_type(self, other), "sub");
}
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("sub", self);
  ScalarType dtype = result_type(self, other);
  return add_impl(self, ops::scalar_operand(other, dtype), -alpha, dtype, "sub");
}
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha) { return sub(other, self, alpha); }
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  ops::check_defined("rsub", self);
  ScalarType dtype = result_type(self, other);
  return sub(ops::scalar_operand(other, dtype), self, alpha);
}
Tensor mul(const Tensor& self, const Tensor& other) {
  ops::check_defined("mul", self);
  ops::check_defined("mul", other);
  return mul_impl(self, other, result_type(self, other));
}
Tensor mul(const Tensor& self, const Scalar& other) {
  ops::check_defined("mul", self);
  ScalarType dtype = result_type(self, other);
  return mul_impl(self, ops::scalar_operand(other, dtype), dtype);
}
Tensor div(const Tensor& self, const Tensor& other, std::optional<std::string_view> mode) {
  ops::check_defined("div", self);
  ops::check_defined("div", other);
  return div_impl(self, other, result_type(self, other), mode);
}
Tensor div(const Tensor& self, const Scalar& other, std::optional<std::string_view> mode) {
  ops::check_defined("div", self);
  ScalarType dtype = result_type(self, other);
  return div_impl(self, ops::scalar_operand(other, dtype), dtype, mode);
}

const Tensor& add_(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_inplace(self, add(inplace_operand(self, other), other, alpha), "add_");
}
const Tensor& add_(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return write_inplace(self, add(inplace_operand(self), other, alpha), "add_");
}
const Tensor& sub_(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_inplace(self, sub(inplace_operand(self, other), other, alpha), "sub_");
}
const Tensor& sub_(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return write_inplace(self, sub(inplace_operand(self), other, alpha), "sub_");
}
const Tensor& mul_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, mul(inplace_operand(self, other), other), "mul_");
}
const Tensor& mul_(const Tensor& self, const Scalar& other) {
  return write_inplace(self, mul(inplace_operand(self), other), "mul_");
}
const Tensor& div_(const Tensor& self, const Tensor& other, std::optional<std::string_view> mode) {
  return write_inplace(self, div(inplace_operand(self, other), other, mode), "div_");
}
const Tensor& div_(const Tensor& self, const Scalar& other, std::optional<std::string_view> mode) {
  return write_inplace(self, div(inplace_operand(self), other, mode), "div_");
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, b); }
Tensor operator+(const Scalar& a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, b); }
Tensor operator-(const Scalar& a, const Tensor& b) { return rsub(b, a); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, b); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, b); }
Tensor operator/(const Scalar& a, const Tensor& b) {
  return div(ops::scalar_operand(a, result_type(b, a)), b);
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

}  // namespace ember
