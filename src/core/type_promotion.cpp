#include "ember/core/type_promotion.h"

namespace ember {

namespace {
int integer_rank(ScalarType t) {
  switch (t) {
    case kChar: return 1;
    case kShort: return 2;
    case kInt: return 3;
    case kLong: return 4;
    default: return 0;
  }
}
int float_rank(ScalarType t) { return t == kFloat ? 1 : t == kDouble ? 2 : 0; }
ScalarType promote_skip_undefined(ScalarType a, ScalarType b) {
  if (a == ScalarType::Undefined) return b;
  if (b == ScalarType::Undefined) return a;
  return promote_types(a, b);
}
}  // namespace

ScalarType promote_types(ScalarType a, ScalarType b) {
  if (a == b) return a;
  if (a == kBool) return b;
  if (b == kBool) return a;
  bool fa = is_floating_type(a), fb = is_floating_type(b);
  if (fa && fb) {
    // half and bfloat16 have no common 16-bit type: they meet at float.
    if (is_reduced_floating_type(a) && is_reduced_floating_type(b)) return kFloat;
    return float_rank(a) >= float_rank(b) ? a : b;
  }
  if (fa) return a;
  if (fb) return b;
  // Both integral. uint8 with a signed type: the smallest signed type holding both ranges.
  if (a == kByte) return b == kChar ? kShort : b;
  if (b == kByte) return a == kChar ? kShort : a;
  return integer_rank(a) >= integer_rank(b) ? a : b;
}

void ResultTypeState::add(const Tensor& t) {
  if (t.dim() > 0) {
    dim_result_ = promote_skip_undefined(dim_result_, t.dtype());
  } else {
    zero_dim_result_ = promote_skip_undefined(zero_dim_result_, t.dtype());
  }
}

void ResultTypeState::add(const Scalar& s) {
  // A wrapped number: floating scalars stand for the default dtype, integers for int64.
  ScalarType t = s.is_floating_point() ? get_default_dtype() : s.type();
  wrapped_result_ = promote_skip_undefined(wrapped_result_, t);
}

namespace {
// A lower-priority operand only matters when it is of a higher category (PyTorch's
// combine_categories).
ScalarType combine_categories(ScalarType higher, ScalarType lower) {
  if (is_floating_type(higher)) return higher;
  if (higher == kBool || is_floating_type(lower)) return promote_skip_undefined(higher, lower);
  if (higher != ScalarType::Undefined) return higher;
  return lower;
}
}  // namespace

ScalarType ResultTypeState::result() const {
  return combine_categories(dim_result_, combine_categories(zero_dim_result_, wrapped_result_));
}

ScalarType result_type(const Tensor& a, const Tensor& b) {
  ResultTypeState s;
  s.add(a);
  s.add(b);
  return s.result();
}
ScalarType result_type(const Tensor& a, const Scalar& b) {
  ResultTypeState s;
  s.add(a);
  s.add(b);
  return s.result();
}
ScalarType result_type(const Scalar& a, const Tensor& b) { return result_type(b, a); }
ScalarType result_type(const Scalar& a, const Scalar& b) {
  ResultTypeState s;
  s.add(a);
  s.add(b);
  return s.result();
}
ScalarType result_type(TensorList tensors) {
  ResultTypeState s;
  for (const Tensor& t : tensors) s.add(t);
  return s.result();
}

bool can_cast(ScalarType from, ScalarType to) {
  if (is_floating_type(from) && is_integral_type(to, true)) return false;
  if (from != kBool && to == kBool) return false;
  return true;
}

}  // namespace ember
