#include "cpu/compare_kernel.h"

#include "cpu/convert.h"
#include "cpu/elementwise_loop.h"

namespace ember::cpu {

namespace {

template <class T>
void compare_typed(CompareOp op, const Tensor& out, const Tensor& a, const Tensor& b) {
  using M = opmath_t<T>;
  auto run = [&](auto f) {
    elementwise<bool, T, T>(out, {&a, &b}, [f](T x, T y) { return f(static_cast<M>(x), static_cast<M>(y)); });
  };
  // Truth values are "!= 0" (NaN is true), as PyTorch's logical ops.
  switch (op) {
    case CompareOp::Eq: return run([](M x, M y) { return x == y; });
    case CompareOp::Ne: return run([](M x, M y) { return x != y; });
    case CompareOp::Lt: return run([](M x, M y) { return x < y; });
    case CompareOp::Le: return run([](M x, M y) { return x <= y; });
    case CompareOp::Gt: return run([](M x, M y) { return x > y; });
    case CompareOp::Ge: return run([](M x, M y) { return x >= y; });
    case CompareOp::LogicalAnd: return run([](M x, M y) { return x != M(0) && y != M(0); });
    case CompareOp::LogicalOr: return run([](M x, M y) { return x != M(0) || y != M(0); });
    case CompareOp::LogicalXor: return run([](M x, M y) { return (x != M(0)) != (y != M(0)); });
  }
}

}  // namespace

void compare_kernel(CompareOp op, const Tensor& out, const Tensor& a, const Tensor& b) {
  if (out.numel() == 0) return;
  dispatch_all_types(a.dtype(), "compare_kernel", [&](auto tag) {
    compare_typed<typename decltype(tag)::type>(op, out, a, b);
  });
}

void logical_not_kernel(const Tensor& out, const Tensor& a) {
  if (out.numel() == 0) return;
  dispatch_all_types(a.dtype(), "logical_not", [&](auto tag) {
    using T = typename decltype(tag)::type;
    elementwise<bool, T>(out, {&a}, [](T x) { return !convert<bool>(x); });
  });
}

}  // namespace ember::cpu
