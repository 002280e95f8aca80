// Logical and bitwise ops: dtype checks and promotion; kernels in cpu/compare_kernel (logical)
// and cpu/binary_kernel (bitwise). None records autograd: the results are bool or integral.
#include "ember/ops/logical.h"

#include "cpu/compare_kernel.h"
#include "ops/binary_compute.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"

namespace ember {

using cpu::BinaryOp;
using cpu::CompareOp;
using ops::write_inplace;

namespace {

Tensor logical(CompareOp op, const char* name, const Tensor& a, const Tensor& b) {
  return ops::compare_compute(op, name, a, b);
}

// Bitwise ops take integral and bool dtypes; shifts integral only.
Tensor bitwise(BinaryOp op, const char* name, const Tensor& a, const Tensor& b, ScalarType dtype) {
  bool shift = op == BinaryOp::LeftShift || op == BinaryOp::RightShift;
  EMBER_CHECK(is_integral_type(dtype, /*include_bool=*/!shift), name, "not implemented for ", dtype,
              " (inputs ", a.dtype(), " and ", b.dtype(), " promote to it); it needs ",
              shift ? "integral" : "integral or bool", " tensors");
  return ops::binary_compute(op, name, a, b, dtype);
}

Tensor bitwise(BinaryOp op, const char* name, const Tensor& a, const Tensor& b) {
  ops::check_defined(name, a);
  ops::check_defined(name, b);
  return bitwise(op, name, a, b, result_type(a, b));
}
Tensor bitwise(BinaryOp op, const char* name, const Tensor& a, const Scalar& b) {
  ops::check_defined(name, a);
  ScalarType dtype = result_type(a, b);
  return bitwise(op, name, a, ops::scalar_operand(b, dtype), dtype);
}
Tensor bitwise(BinaryOp op, const char* name, const Scalar& a, const Tensor& b) {
  ops::check_defined(name, b);
  ScalarType dtype = result_type(a, b);
  return bitwise(op, name, ops::scalar_operand(a, dtype), b, dtype);
}

}  // namespace

Tensor logical_and(const Tensor& self, const Tensor& other) { return logical(CompareOp::LogicalAnd, "logical_and", self, other); }
Tensor logical_or(const Tensor& self, const Tensor& other) { return logical(CompareOp::LogicalOr, "logical_or", self, other); }
Tensor logical_xor(const Tensor& self, const Tensor& other) { return logical(CompareOp::LogicalXor, "logical_xor", self, other); }
Tensor logical_not(const Tensor& self) {
  ops::check_defined("logical_not", self);
  Tensor out = empty(self.sizes(), kBool);
  cpu::logical_not_kernel(out, self);
  return out;
}
const Tensor& logical_and_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, logical_and(self, other), "logical_and_");
}
const Tensor& logical_or_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, logical_or(self, other), "logical_or_");
}
const Tensor& logical_xor_(const Tensor& self, const Tensor& other) {
  return write_inplace(self, logical_xor(self, other), "logical_xor_");
}
const Tensor& logical_not_(const Tensor& self) { return write_inplace(self, logical_not(self), "logical_not_"); }

Tensor bitwise_and(const Tensor& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseAnd, "bitwise_and", self, other); }
Tensor bitwise_and(const Tensor& self, const Scalar& other) { return bitwise(BinaryOp::BitwiseAnd, "bitwise_and", self, other); }
Tensor bitwise_and(const Scalar& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseAnd, "bitwise_and", self, other); }
Tensor bitwise_or(const Tensor& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseOr, "bitwise_or", self, other); }
Tensor bitwise_or(const Tensor& self, const Scalar& other) { return bitwise(BinaryOp::BitwiseOr, "bitwise_or", self, other); }
Tensor bitwise_or(const Scalar& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseOr, "bitwise_or", self, other); }
Tensor bitwise_xor(const Tensor& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseXor, "bitwise_xor", self, other); }
Tensor bitwise_xor(const Tensor& self, const Scalar& other) { return bitwise(BinaryOp::BitwiseXor, "bitwise_xor", self, other); }
Tensor bitwise_xor(const Scalar& self, const Tensor& other) { return bitwise(BinaryOp::BitwiseXor, "bitwise_xor", self, other); }
Tensor bitwise_left_shift(const Tensor& self, const Tensor& other) { return bitwise(BinaryOp::LeftShift, "bitwise_left_shift", self, other); }
Tensor bitwise_left_shift(const Tensor& self, const Scalar& other) { return bitwise(BinaryOp::LeftShift, "bitwise_left_shift", self, other); }
Tensor bitwise_left_shift(const Scalar& self, const Tensor& other) { return bitwise(BinaryOp::LeftShift, "bitwise_left_shift", self, other); }
Tensor bitwise_right_shift(const Tensor& self, const Tensor& other) { return bitwise(BinaryOp::RightShift, "bitwise_right_shift", self, other); }
Tensor bitwise_right_shift(const Tensor& self, const Scalar& other) { return bitwise(BinaryOp::RightShift, "bitwise_right_shift", self, other); }
Tensor bitwise_right_shift(const Scalar& self, const Tensor& other) { return bitwise(BinaryOp::RightShift, "bitwise_right_shift", self, other); }
Tensor bitwise_not(const Tensor& self) {
  ops::check_defined("bitwise_not", self);
  EMBER_CHECK(is_integral_type(self.dtype(), true), "bitwise_not", "not implemented for ", self.dtype(),
              "; it needs integral or bool tensors (logical_not takes any dtype)");
  Tensor out = empty(self.sizes(), self.dtype());
  cpu::bitwise_not_kernel(out, self);
  return out;
}

const Tensor& bitwise_and_(const Tensor& self, const Tensor& other) { return write_inplace(self, bitwise_and(self, other), "bitwise_and_"); }
const Tensor& bitwise_and_(const Tensor& self, const Scalar& other) { return write_inplace(self, bitwise_and(self, other), "bitwise_and_"); }
const Tensor& bitwise_or_(const Tensor& self, const Tensor& other) { return write_inplace(self, bitwise_or(self, other), "bitwise_or_"); }
const Tensor& bitwise_or_(const Tensor& self, const Scalar& other) { return write_inplace(self, bitwise_or(self, other), "bitwise_or_"); }
const Tensor& bitwise_xor_(const Tensor& self, const Tensor& other) { return write_inplace(self, bitwise_xor(self, other), "bitwise_xor_"); }
const Tensor& bitwise_xor_(const Tensor& self, const Scalar& other) { return write_inplace(self, bitwise_xor(self, other), "bitwise_xor_"); }
const Tensor& bitwise_not_(const Tensor& self) { return write_inplace(self, bitwise_not(self), "bitwise_not_"); }
const Tensor& bitwise_left_shift_(const Tensor& self, const Tensor& other) { return write_inplace(self, bitwise_left_shift(self, other), "bitwise_left_shift_"); }
const Tensor& bitwise_left_shift_(const Tensor& self, const Scalar& other) { return write_inplace(self, bitwise_left_shift(self, other), "bitwise_left_shift_"); }
const Tensor& bitwise_right_shift_(const Tensor& self, const Tensor& other) { return write_inplace(self, bitwise_right_shift(self, other), "bitwise_right_shift_"); }
const Tensor& bitwise_right_shift_(const Tensor& self, const Scalar& other) { return write_inplace(self, bitwise_right_shift(self, other), "bitwise_right_shift_"); }

// A Scalar on the left commutes (1 & x is x.bitwise_and(1)), as LibTorch's operators.
Tensor operator&(const Tensor& a, const Tensor& b) { return bitwise_and(a, b); }
Tensor operator&(const Tensor& a, const Scalar& b) { return bitwise_and(a, b); }
Tensor operator&(const Scalar& a, const Tensor& b) { return bitwise_and(b, a); }
Tensor operator|(const Tensor& a, const Tensor& b) { return bitwise_or(a, b); }
Tensor operator|(const Tensor& a, const Scalar& b) { return bitwise_or(a, b); }
Tensor operator|(const Scalar& a, const Tensor& b) { return bitwise_or(b, a); }
Tensor operator^(const Tensor& a, const Tensor& b) { return bitwise_xor(a, b); }
Tensor operator^(const Tensor& a, const Scalar& b) { return bitwise_xor(a, b); }
Tensor operator^(const Scalar& a, const Tensor& b) { return bitwise_xor(b, a); }
Tensor operator~(const Tensor& a) { return bitwise_not(a); }
Tensor operator<<(const Tensor& a, const Tensor& b) { return bitwise_left_shift(a, b); }
Tensor operator<<(const Tensor& a, const Scalar& b) { return bitwise_left_shift(a, b); }
Tensor operator>>(const Tensor& a, const Tensor& b) { return bitwise_right_shift(a, b); }
Tensor operator>>(const Tensor& a, const Scalar& b) { return bitwise_right_shift(a, b); }
Tensor& operator&=(Tensor& a, const Tensor& b) { bitwise_and_(a, b); return a; }
Tensor& operator&=(Tensor& a, const Scalar& b) { bitwise_and_(a, b); return a; }
Tensor& operator|=(Tensor& a, const Tensor& b) { bitwise_or_(a, b); return a; }
Tensor& operator|=(Tensor& a, const Scalar& b) { bitwise_or_(a, b); return a; }
Tensor& operator^=(Tensor& a, const Tensor& b) { bitwise_xor_(a, b); return a; }
Tensor& operator^=(Tensor& a, const Scalar& b) { bitwise_xor_(a, b); return a; }
Tensor& operator<<=(Tensor& a, const Tensor& b) { bitwise_left_shift_(a, b); return a; }
Tensor& operator<<=(Tensor& a, const Scalar& b) { bitwise_left_shift_(a, b); return a; }
Tensor& operator>>=(Tensor& a, const Tensor& b) { bitwise_right_shift_(a, b); return a; }
Tensor& operator>>=(Tensor& a, const Scalar& b) { bitwise_right_shift_(a, b); return a; }

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::logical_and(const Tensor& other) const { return ember::logical_and(*this, other); }
Tensor Tensor::logical_or(const Tensor& other) const { return ember::logical_or(*this, other); }
Tensor Tensor::logical_xor(const Tensor& other) const { return ember::logical_xor(*this, other); }
Tensor Tensor::logical_not() const { return ember::logical_not(*this); }
Tensor& Tensor::logical_and_(const Tensor& other) { ember::logical_and_(*this, other); return *this; }
Tensor& Tensor::logical_or_(const Tensor& other) { ember::logical_or_(*this, other); return *this; }
Tensor& Tensor::logical_xor_(const Tensor& other) { ember::logical_xor_(*this, other); return *this; }
Tensor& Tensor::logical_not_() { ember::logical_not_(*this); return *this; }
#define EMBER_BITWISE_METHODS(name)                                                                 \
  Tensor Tensor::name(const Tensor& other) const { return ember::name(*this, other); }             \
  Tensor Tensor::name(const Scalar& other) const { return ember::name(*this, other); }             \
  Tensor& Tensor::name##_(const Tensor& other) { ember::name##_(*this, other); return *this; }     \
  Tensor& Tensor::name##_(const Scalar& other) { ember::name##_(*this, other); return *this; }
EMBER_BITWISE_METHODS(bitwise_and)
EMBER_BITWISE_METHODS(bitwise_or)
EMBER_BITWISE_METHODS(bitwise_xor)
EMBER_BITWISE_METHODS(bitwise_left_shift)
EMBER_BITWISE_METHODS(bitwise_right_shift)
#undef EMBER_BITWISE_METHODS
Tensor Tensor::bitwise_not() const { return ember::bitwise_not(*this); }
Tensor& Tensor::bitwise_not_() { ember::bitwise_not_(*this); return *this; }
// LibTorch's Python-dunder spellings.
Tensor Tensor::__and__(const Tensor& other) const { return ember::bitwise_and(*this, other); }
Tensor Tensor::__and__(const Scalar& other) const { return ember::bitwise_and(*this, other); }
Tensor Tensor::__or__(const Tensor& other) const { return ember::bitwise_or(*this, other); }
Tensor Tensor::__or__(const Scalar& other) const { return ember::bitwise_or(*this, other); }
Tensor Tensor::__xor__(const Tensor& other) const { return ember::bitwise_xor(*this, other); }
Tensor Tensor::__xor__(const Scalar& other) const { return ember::bitwise_xor(*this, other); }
Tensor Tensor::__lshift__(const Tensor& other) const { return ember::bitwise_left_shift(*this, other); }
Tensor Tensor::__lshift__(const Scalar& other) const { return ember::bitwise_left_shift(*this, other); }
Tensor Tensor::__rshift__(const Tensor& other) const { return ember::bitwise_right_shift(*this, other); }
Tensor Tensor::__rshift__(const Scalar& other) const { return ember::bitwise_right_shift(*this, other); }

}  // namespace ember
