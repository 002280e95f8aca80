// eq, ne, lt, le, gt, ge: promotion to a common dtype, broadcast, bool result.
#include "ember/ops/compare.h"

#include "cpu/compare_kernel.h"
#include "ops/binary_compute.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"

namespace ember {

using cpu::CompareOp;

namespace ops {
Tensor compare_compute(CompareOp op, const char* name, const Tensor& a, const Tensor& b) {
  ops::check_defined(name, a);
  ops::check_defined(name, b);
  ScalarType dtype = result_type(a, b);
  DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  Tensor out = empty(shape, kBool);
  cpu::compare_kernel(op, out, ops::expanded_to(ops::in_dtype(a, dtype), shape),
                      ops::expanded_to(ops::in_dtype(b, dtype), shape));
  return out;
}
}  // namespace ops

namespace {

Tensor compare(CompareOp op, const char* name, const Tensor& a, const Tensor& b) {
  return ops::compare_compute(op, name, a, b);
}

Tensor compare(CompareOp op, const char* name, const Tensor& a, const Scalar& b) {
  ops::check_defined(name, a);
  return compare(op, name, a, ops::scalar_operand(b, result_type(a, b)));
}

}  // namespace

Tensor eq(const Tensor& self, const Tensor& other) { return compare(CompareOp::Eq, "eq", self, other); }
Tensor eq(const Tensor& self, const Scalar& other) { return compare(CompareOp::Eq, "eq", self, other); }
Tensor ne(const Tensor& self, const Tensor& other) { return compare(CompareOp::Ne, "ne", self, other); }
Tensor ne(const Tensor& self, const Scalar& other) { return compare(CompareOp::Ne, "ne", self, other); }
Tensor lt(const Tensor& self, const Tensor& other) { return compare(CompareOp::Lt, "lt", self, other); }
Tensor lt(const Tensor& self, const Scalar& other) { return compare(CompareOp::Lt, "lt", self, other); }
Tensor le(const Tensor& self, const Tensor& other) { return compare(CompareOp::Le, "le", self, other); }
Tensor le(const Tensor& self, const Scalar& other) { return compare(CompareOp::Le, "le", self, other); }
Tensor gt(const Tensor& self, const Tensor& other) { return compare(CompareOp::Gt, "gt", self, other); }
Tensor gt(const Tensor& self, const Scalar& other) { return compare(CompareOp::Gt, "gt", self, other); }
Tensor ge(const Tensor& self, const Tensor& other) { return compare(CompareOp::Ge, "ge", self, other); }
Tensor ge(const Tensor& self, const Scalar& other) { return compare(CompareOp::Ge, "ge", self, other); }

// A Scalar on the left flips the comparison, as LibTorch's operators (2 < x is x.gt(2)).
Tensor operator==(const Tensor& a, const Tensor& b) { return eq(a, b); }
Tensor operator==(const Tensor& a, const Scalar& b) { return eq(a, b); }
Tensor operator==(const Scalar& a, const Tensor& b) { return eq(b, a); }
Tensor operator!=(const Tensor& a, const Tensor& b) { return ne(a, b); }
Tensor operator!=(const Tensor& a, const Scalar& b) { return ne(a, b); }
Tensor operator!=(const Scalar& a, const Tensor& b) { return ne(b, a); }
Tensor operator<(const Tensor& a, const Tensor& b) { return lt(a, b); }
Tensor operator<(const Tensor& a, const Scalar& b) { return lt(a, b); }
Tensor operator<(const Scalar& a, const Tensor& b) { return gt(b, a); }
Tensor operator<=(const Tensor& a, const Tensor& b) { return le(a, b); }
Tensor operator<=(const Tensor& a, const Scalar& b) { return le(a, b); }
Tensor operator<=(const Scalar& a, const Tensor& b) { return ge(b, a); }
Tensor operator>(const Tensor& a, const Tensor& b) { return gt(a, b); }
Tensor operator>(const Tensor& a, const Scalar& b) { return gt(a, b); }
Tensor operator>(const Scalar& a, const Tensor& b) { return lt(b, a); }
Tensor operator>=(const Tensor& a, const Tensor& b) { return ge(a, b); }
Tensor operator>=(const Tensor& a, const Scalar& b) { return ge(a, b); }
Tensor operator>=(const Scalar& a, const Tensor& b) { return le(b, a); }

// ---- Tensor methods ---------------------------------------------------------------------
// The in-place forms write the bool result into self's dtype (always castable).
#define EMBER_COMPARE_METHODS(name)                                                                 \
  Tensor Tensor::name(const Tensor& other) const { return ember::name(*this, other); }             \
  Tensor Tensor::name(const Scalar& other) const { return ember::name(*this, other); }             \
  Tensor& Tensor::name##_(const Tensor& other) {                                                   \
    ops::write_inplace(*this, ember::name(*this, other), #name "_");                                \
    return *this;                                                                                   \
  }                                                                                                 \
  Tensor& Tensor::name##_(const Scalar& other) {                                                   \
    ops::write_inplace(*this, ember::name(*this, other), #name "_");                                \
    return *this;                                                                                   \
  }
EMBER_COMPARE_METHODS(eq)
EMBER_COMPARE_METHODS(ne)
EMBER_COMPARE_METHODS(lt)
EMBER_COMPARE_METHODS(le)
EMBER_COMPARE_METHODS(gt)
EMBER_COMPARE_METHODS(ge)
#undef EMBER_COMPARE_METHODS

}  // namespace ember
