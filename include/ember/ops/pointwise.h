#pragma once
// Pointwise selection and interpolation: where, clamp (clamp_min, clamp_max), lerp. All
// operands broadcast together.
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

// condition ? self : other. condition is bool (uint8 is accepted, deprecated, as LibTorch);
// self and other promote (`where(c, int_tensor, 2.5)` is float).
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other);
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other);
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other);
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other);

// min(max(self, min), max); at least one bound. Integral or bool self with floating bounds
// gives the promoted floating dtype; a floating self keeps its dtype. If min > max the result
// is max. A NaN self stays NaN; both Scalar bounds given and one NaN gives NaN everywhere.
// (ember also clamps float16 and bool with both bounds, where LibTorch 1.13 has no CPU kernel.)
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min,
             const std::optional<Scalar>& max = std::nullopt);
Tensor clamp(const Tensor& self, const std::optional<Tensor>& min,
             const std::optional<Tensor>& max = std::nullopt);
Tensor clamp_min(const Tensor& self, const Scalar& min);
Tensor clamp_min(const Tensor& self, const Tensor& min);
Tensor clamp_max(const Tensor& self, const Scalar& max);
Tensor clamp_max(const Tensor& self, const Tensor& max);
const Tensor& clamp_(const Tensor& self, const std::optional<Scalar>& min,
                     const std::optional<Scalar>& max = std::nullopt);
const Tensor& clamp_(const Tensor& self, const std::optional<Tensor>& min,
                     const std::optional<Tensor>& max = std::nullopt);
const Tensor& clamp_min_(const Tensor& self, const Scalar& min);
const Tensor& clamp_min_(const Tensor& self, const Tensor& min);
const Tensor& clamp_max_(const Tensor& self, const Scalar& max);
const Tensor& clamp_max_(const Tensor& self, const Tensor& max);

// self + weight * (end - self), floating dtypes; end (and a weight tensor) must have self's
// dtype. (ember also takes float16, which LibTorch 1.13 has no CPU kernel for.)
Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight);
Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight);
const Tensor& lerp_(const Tensor& self, const Tensor& end, const Scalar& weight);
const Tensor& lerp_(const Tensor& self, const Tensor& end, const Tensor& weight);

}  // namespace ember
