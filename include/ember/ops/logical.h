#pragma once
// Logical ops (any dtypes, truth = "!= 0", bool result) and bitwise ops (integral and bool
// dtypes; shifts integral only), with their operators & | ^ ~ << >>. Not differentiable.
#include "ember/core/tensor.h"

namespace ember {

Tensor logical_and(const Tensor& self, const Tensor& other);
Tensor logical_or(const Tensor& self, const Tensor& other);
Tensor logical_xor(const Tensor& self, const Tensor& other);
Tensor logical_not(const Tensor& self);
// In-place forms write 1 / 0 into self's dtype.
const Tensor& logical_and_(const Tensor& self, const Tensor& other);
const Tensor& logical_or_(const Tensor& self, const Tensor& other);
const Tensor& logical_xor_(const Tensor& self, const Tensor& other);
const Tensor& logical_not_(const Tensor& self);

Tensor bitwise_and(const Tensor& self, const Tensor& other);
Tensor bitwise_and(const Tensor& self, const Scalar& other);
Tensor bitwise_and(const Scalar& self, const Tensor& other);
Tensor bitwise_or(const Tensor& self, const Tensor& other);
Tensor bitwise_or(const Tensor& self, const Scalar& other);
Tensor bitwise_or(const Scalar& self, const Tensor& other);
Tensor bitwise_xor(const Tensor& self, const Tensor& other);
Tensor bitwise_xor(const Tensor& self, const Scalar& other);
Tensor bitwise_xor(const Scalar& self, const Tensor& other);
Tensor bitwise_not(const Tensor& self);
// Shift amounts outside [0, bits of the dtype) give 0 (left) or the sign fill (right).
// (LibTorch 1.13's scalar CPU path leaves these to the hardware's shift-count masking, which
// is undefined behaviour in C++ and disagrees with its own vectorised path; ember follows the
// defined behaviour that later PyTorch adopted.)
Tensor bitwise_left_shift(const Tensor& self, const Tensor& other);
Tensor bitwise_left_shift(const Tensor& self, const Scalar& other);
Tensor bitwise_left_shift(const Scalar& self, const Tensor& other);
Tensor bitwise_right_shift(const Tensor& self, const Tensor& other);
Tensor bitwise_right_shift(const Tensor& self, const Scalar& other);
Tensor bitwise_right_shift(const Scalar& self, const Tensor& other);

const Tensor& bitwise_and_(const Tensor& self, const Tensor& other);
const Tensor& bitwise_and_(const Tensor& self, const Scalar& other);
const Tensor& bitwise_or_(const Tensor& self, const Tensor& other);
const Tensor& bitwise_or_(const Tensor& self, const Scalar& other);
const Tensor& bitwise_xor_(const Tensor& self, const Tensor& other);
const Tensor& bitwise_xor_(const Tensor& self, const Scalar& other);
const Tensor& bitwise_not_(const Tensor& self);
const Tensor& bitwise_left_shift_(const Tensor& self, const Tensor& other);
const Tensor& bitwise_left_shift_(const Tensor& self, const Scalar& other);
const Tensor& bitwise_right_shift_(const Tensor& self, const Tensor& other);
const Tensor& bitwise_right_shift_(const Tensor& self, const Scalar& other);

Tensor operator&(const Tensor& a, const Tensor& b);
Tensor operator&(const Tensor& a, const Scalar& b);
Tensor operator&(const Scalar& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Scalar& b);
Tensor operator|(const Scalar& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Scalar& b);
Tensor operator^(const Scalar& a, const Tensor& b);
Tensor operator~(const Tensor& a);
// Shift operators: an ember addition (LibTorch spells them __lshift__ / __rshift__).
Tensor operator<<(const Tensor& a, const Tensor& b);
Tensor operator<<(const Tensor& a, const Scalar& b);
Tensor operator>>(const Tensor& a, const Tensor& b);
Tensor operator>>(const Tensor& a, const Scalar& b);
Tensor& operator&=(Tensor& a, const Tensor& b);
Tensor& operator&=(Tensor& a, const Scalar& b);
Tensor& operator|=(Tensor& a, const Tensor& b);
Tensor& operator|=(Tensor& a, const Scalar& b);
Tensor& operator^=(Tensor& a, const Tensor& b);
Tensor& operator^=(Tensor& a, const Scalar& b);
Tensor& operator<<=(Tensor& a, const Tensor& b);
Tensor& operator<<=(Tensor& a, const Scalar& b);
Tensor& operator>>=(Tensor& a, const Tensor& b);
Tensor& operator>>=(Tensor& a, const Scalar& b);

}  // namespace ember
