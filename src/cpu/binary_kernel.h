#pragma once
// CPU kernels for binary arithmetic and bitwise ops. Operands arrive already in the output's
// dtype and expanded to its shape (broadcast dims carry stride 0); the op layer has checked
// that the dtype is one the op supports (a kernel asked for another throws).
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

enum class BinaryOp {
  Add,         // a + alpha * b (sub is add with -alpha); bool: a || b
  Mul,         // bool: a && b
  Div,         // true division (floating dtypes)
  DivTrunc,    // integral: divisor must be nonzero (checked by the op)
  DivFloor,
  Remainder,   // Python's %: the result takes the divisor's sign
  Fmod,        // C's fmod: the result takes the dividend's sign
  Pow,         // integral: PyTorch's powi (negative exponents give 0, or +-1 for bases +-1)
  Atan2,
  Maximum,     // NaN-propagating
  Minimum,
  Fmax,        // NaN-ignoring
  Fmin,
  BitwiseAnd,  // integral and bool
  BitwiseOr,
  BitwiseXor,
  LeftShift,   // integral; shift amounts outside [0, bits) give 0
  RightShift,  // integral; shift amounts outside [0, bits) give the sign fill
};

const char* to_string(BinaryOp op);

// out = a op b.
void binary_kernel(BinaryOp op, const Tensor& out, const Tensor& a, const Tensor& b,
                   const Scalar& alpha = 1);

// out = a ** exponent, with PyTorch's fast paths for exponents 0.5, 2, 3, -0.5, -1, -2 (they
// give sqrt/square/reciprocal results, which differ from pow in the last bit or at -0 / -inf).
void pow_scalar_kernel(const Tensor& out, const Tensor& a, const Scalar& exponent);

// out = ~a (integral), !a (bool).
void bitwise_not_kernel(const Tensor& out, const Tensor& a);

// Whether any element of t is zero (integer division checks its divisor with this).
bool has_zero(const Tensor& t);

}  // namespace ember::cpu
