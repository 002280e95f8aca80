#pragma once
// Type promotion, exactly PyTorch's: promote_types for two dtypes, and result_type for a mix
// of tensors (dim > 0 outranks 0-dim, which outranks Python-like scalars, unless a lower-ranked
// operand is of a higher category: bool < integral < floating).
#include "ember/core/scalar.h"
#include "ember/core/scalar_type.h"
#include "ember/core/tensor.h"

namespace ember {

ScalarType promote_types(ScalarType a, ScalarType b);

// Accumulates operands as PyTorch's ResultTypeState.
class ResultTypeState {
 public:
  void add(const Tensor& t);
  void add(const Scalar& s);
  ScalarType result() const;

 private:
  ScalarType dim_result_ = ScalarType::Undefined;
  ScalarType zero_dim_result_ = ScalarType::Undefined;
  ScalarType wrapped_result_ = ScalarType::Undefined;
};

ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, const Scalar& b);
ScalarType result_type(const Scalar& a, const Tensor& b);
ScalarType result_type(const Scalar& a, const Scalar& b);
ScalarType result_type(TensorList tensors);

// Whether a value of dtype `from` may be written into `to` without narrowing category
// (PyTorch's can_cast: float -> int and int -> bool are refused for in-place/out= ops).
bool can_cast(ScalarType from, ScalarType to);

}  // namespace ember
