#pragma once
// Binary arithmetic with broadcasting and PyTorch type promotion: add, sub, mul, div,
// remainder, fmod, pow, atan2, maximum/minimum, fmax/fmin, and the arithmetic operators. Scalars on either side follow the wrapped-number promotion rule (`int_tensor * 2.5`
// is float, `float16_tensor + 1.0` stays float16).
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor mul(const Tensor& self, const Tensor& other);
Tensor mul(const Tensor& self, const Scalar& other);
// rounding_mode: nullopt (true division, integer inputs give the default float dtype),
// "trunc" or "floor".
Tensor div(const Tensor& self, const Tensor& other,
           std::optional<std::string_view> rounding_mode = std::nullopt);
Tensor div(const Tensor& self, const Scalar& other,
           std::optional<std::string_view> rounding_mode = std::nullopt);

// Python's %: the result has the divisor's sign. Integer division by zero throws (as
// PyTorch's ZeroDivisionError); bool is not supported.
Tensor remainder(const Tensor& self, const Tensor& other);
Tensor remainder(const Tensor& self, const Scalar& other);
Tensor remainder(const Scalar& self, const Tensor& other);
// C's fmod: the result has the dividend's sign.
Tensor fmod(const Tensor& self, const Tensor& other);
Tensor fmod(const Tensor& self, const Scalar& other);
// Integer powers stay integral (wrapping on overflow); an integral tensor raised to a
// negative integral Scalar throws, while negative exponent tensors give 0 (or +-1 for
// bases +-1), as PyTorch.
Tensor pow(const Tensor& self, const Tensor& exponent);
Tensor pow(const Tensor& self, const Scalar& exponent);
Tensor pow(const Scalar& self, const Tensor& exponent);
// Integral inputs give the default float dtype.
Tensor atan2(const Tensor& self, const Tensor& other);
// Elementwise max/min; maximum/minimum propagate NaN, fmax/fmin ignore it.
Tensor maximum(const Tensor& self, const Tensor& other);
Tensor minimum(const Tensor& self, const Tensor& other);
Tensor fmax(const Tensor& self, const Tensor& other);
Tensor fmin(const Tensor& self, const Tensor& other);

// In-place forms write into self; the result dtype must be castable to self's dtype.
const Tensor& add_(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
const Tensor& add_(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
const Tensor& sub_(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
const Tensor& sub_(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
const Tensor& mul_(const Tensor& self, const Tensor& other);
const Tensor& mul_(const Tensor& self, const Scalar& other);
const Tensor& div_(const Tensor& self, const Tensor& other,
                   std::optional<std::string_view> rounding_mode = std::nullopt);
const Tensor& div_(const Tensor& self, const Scalar& other,
                   std::optional<std::string_view> rounding_mode = std::nullopt);
const Tensor& remainder_(const Tensor& self, const Tensor& other);
const Tensor& remainder_(const Tensor& self, const Scalar& other);
const Tensor& fmod_(const Tensor& self, const Tensor& other);
const Tensor& fmod_(const Tensor& self, const Scalar& other);
const Tensor& pow_(const Tensor& self, const Tensor& exponent);
const Tensor& pow_(const Tensor& self, const Scalar& exponent);
const Tensor& atan2_(const Tensor& self, const Tensor& other);

// out= forms (at::add_out): the result is written into `out`, which is resized to the broadcast
// shape when its shape differs; the result dtype must be castable to out's dtype. As in
// LibTorch they do not record autograd history (an error when an argument requires grad).
Tensor& add_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor& mul_out(Tensor& out, const Tensor& self, const Tensor& other);

// A Scalar on the left of -, / and % fills a tensor shaped and typed like the right operand,
// then applies the in-place op (LibTorch's definition): `2.5 - int_tensor` is int, and
// `1.5 / int_tensor` throws because the float quotient can't be written into an int tensor.
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, const Scalar& b);
Tensor operator+(const Scalar& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Scalar& b);
Tensor operator-(const Scalar& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Scalar& b);
Tensor operator*(const Scalar& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Scalar& b);
Tensor operator/(const Scalar& a, const Tensor& b);
Tensor operator%(const Tensor& a, const Tensor& b);
Tensor operator%(const Tensor& a, const Scalar& b);
Tensor operator%(const Scalar& a, const Tensor& b);
Tensor operator-(const Tensor& a);
Tensor& operator+=(Tensor& a, const Tensor& b);
Tensor& operator+=(Tensor& a, const Scalar& b);
Tensor& operator-=(Tensor& a, const Tensor& b);
Tensor& operator-=(Tensor& a, const Scalar& b);
Tensor& operator*=(Tensor& a, const Tensor& b);
Tensor& operator*=(Tensor& a, const Scalar& b);
Tensor& operator/=(Tensor& a, const Tensor& b);
Tensor& operator/=(Tensor& a, const Scalar& b);

}  // namespace ember
