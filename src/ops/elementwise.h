#pragma once
// Shared set-up of elementwise ops: result dtype (PyTorch promotion), broadcast shape, operands
// converted to the compute dtype, and scalars as 0-dim tensors. Every elementwise op uses
// these; none re-derives promotion or broadcasting.
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/core/type_promotion.h"
#include "ember/ops/views.h"

namespace ember::ops {

// A Scalar operand as a 0-dim tensor of `dtype`.
inline Tensor scalar_operand(const Scalar& s, ScalarType dtype) { return full({}, s, dtype); }

// Operand `t` in dtype `dtype` (a copy only when the dtype differs).
inline Tensor in_dtype(const Tensor& t, ScalarType dtype) {
  return t.dtype() == dtype ? t : t.to(dtype);
}

// t broadcast to `shape` (a view with stride-0 dims), or t itself when it already has that
// shape: the common same-shape case then allocates no view.
inline Tensor expanded_to(const Tensor& t, IntArrayRef shape) { return t.sizes() == shape ? t : expand(t, shape); }

inline void check_defined(const char* op, const Tensor& t) {
  EMBER_CHECK(t.defined(), op, "called with an undefined tensor");
}

// For in-place and out= forms: the computed dtype must be castable into the destination.
inline void check_castable(const char* op, ScalarType result, ScalarType dest) {
  EMBER_CHECK(can_cast(result, dest), op, "result type ", result,
              " can't be cast to the desired output type ", dest);
}

}  // namespace ember::ops
