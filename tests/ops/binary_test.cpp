// Tests for the binary family: src/ops/binary.cpp, compare.cpp, logical.cpp, pointwise.cpp and
// their kernels (src/cpu/binary_kernel, compare_kernel, pointwise_kernel, elementwise_loop.h):
// worked values, dtype rules, integer corners, NaN, the loop's fast paths against its strided
// path, node names, gradients (gradcheck + gradgradcheck) and error messages. LibTorch
// agreement over all dtypes and layouts is tests/difftest/binary_difftest.cpp.
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/test_util.h"

namespace ember {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Tensor doubles(const std::vector<double>& v, ScalarType dtype = kDouble) { return tensor(v, kDouble).to(dtype); }

// Like expect_values, but NaN must match NaN.
void expect_values_nan(const Tensor& t, const std::vector<double>& expected, double tol = 0) {
  std::vector<double> got = values(t);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(expected[i])) EXPECT_TRUE(std::isnan(got[i])) << "at " << i << ": " << got[i];
    else if (std::isinf(expected[i])) EXPECT_EQ(got[i], expected[i]) << "at " << i;
    else EXPECT_NEAR(got[i], expected[i], tol) << "at " << i;
  }
}

std::string grad_fn_name(const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "none"; }

// gradcheck and gradgradcheck of f at double inputs (each requiring grad).
void check_gradients(const std::function<Tensor(const std::vector<Tensor>&)>& f, std::vector<Tensor> inputs) {
  for (Tensor& t : inputs) t = t.detach().set_requires_grad(true);
  auto fn = [&](const autograd::variable_list& x) { return autograd::variable_list{f(x)}; };
  EXPECT_TRUE(autograd::gradcheck(fn, inputs));
  EXPECT_TRUE(autograd::gradgradcheck(fn, inputs));
}

// ---- arithmetic --------------------------------------------------------------------------

TEST(Binary, RemainderAndFmodSigns) {
  Tensor a = doubles({-7, 7, -7, 7, 5.5, -5.5}), b = doubles({2, -2, -2, 3, 2, 2});
  expect_values(remainder(a, b), {1, -1, -1, 1, 1.5, 0.5});
  expect_values(fmod(a, b), {-1, 1, -1, 1, 1.5, -1.5});
  Tensor ia = a.slice(0, 0, 4).to(kInt), ib = b.slice(0, 0, 4).to(kInt);
  expect_values(remainder(ia, ib), {1, -1, -1, 1});
  expect_values(fmod(ia, ib), {-1, 1, -1, 1});
  expect_values(ia % 3, {2, 1, 2, 1});
  expect_values(fmod(doubles({1.0}), 0.0).isnan(), {1});
  EXPECT_EQ(remainder(ia, 2.5).dtype(), kFloat);
}

TEST(Binary, IntegerDivisionByMinusOneWraps) {
  // INT_MIN / -1 overflows; x86's idiv would trap. ember wraps (two's complement), remainder 0.
  int64_t min64 = std::numeric_limits<int64_t>::min();
  Tensor a = tensor({min64, int64_t{7}}), b = tensor({int64_t{-1}, int64_t{-1}});
  EXPECT_EQ(div(a, b, "trunc")[0].item<int64_t>(), min64);
  EXPECT_EQ(div(a, b, "floor")[0].item<int64_t>(), min64);
  EXPECT_EQ(remainder(a, b)[0].item<int64_t>(), 0);
  EXPECT_EQ(fmod(a, b)[1].item<int64_t>(), 0);
  Tensor i32 = tensor({std::numeric_limits<int32_t>::min()}, kInt);
  EXPECT_EQ(div(i32, -1, "trunc").item<int32_t>(), std::numeric_limits<int32_t>::min());
}

TEST(Binary, IntegerDivisionByZeroThrows) {
  Tensor a = tensor({1, 2, 3}, kInt);
  expect_error([&] { remainder(a, tensor({1, 0, 1}, kInt)); }, "remainder", "ZeroDivisionError");
  expect_error([&] { fmod(a, 0); }, "fmod", "ZeroDivisionError");
  expect_error([&] { div(a, 0, "floor"); }, "div", "ZeroDivisionError");
  // Floating division by zero is inf / nan, and an empty result divides nothing.
  expect_values_nan(div(a, 0), {kInf, kInf, kInf});
  EXPECT_EQ(remainder(empty({0, 3}, kInt), zeros({3}, kInt)).numel(), 0);
}

TEST(Binary, DivDtypes) {
  Tensor i = tensor({7, -7}, kInt);
  Tensor q = div(i, 2);
  EXPECT_EQ(q.dtype(), kFloat);
  expect_values(q, {3.5, -3.5});
  expect_values(div(i, 2, "floor"), {3, -4});
  expect_values(div(i, 2, "trunc"), {3, -3});
  EXPECT_EQ(div(i, 2, "floor").dtype(), kInt);
  EXPECT_EQ(div(tensor({true}), tensor({true})).dtype(), kFloat);
  expect_error([&] { div(tensor({true}), tensor({true}), "floor"); }, "div", "Bool");
  // LibTorch's Scalar-on-the-left operators fill a tensor like the right operand.
  EXPECT_EQ((2.5 - i).dtype(), kInt);
  expect_values(2.5 - i, {-5, 9});
  expect_error([&] { (void)(1.5 / i); }, "div_", "can't be cast");
  expect_values(7.0 / doubles({2, 4}), {3.5, 1.75});
}

TEST(Binary, BoolArithmetic) {
  Tensor t = tensor({true, true, false, false}), f = tensor({true, false, true, false});
  expect_values(add(t, f), {1, 1, 1, 0});
  EXPECT_EQ(add(t, f, 2).dtype(), kBool);
  expect_values(add(t, f, 0), {1, 1, 0, 0});
  expect_values(mul(t, f), {1, 0, 0, 0});
  EXPECT_EQ(mul(t, 2.5).dtype(), kFloat);
  expect_error([&] { sub(t, f); }, "sub", "two bool tensors");
  expect_error([&] { sub(t, tensor({1, 2, 3, 4})); }, "sub", "bool tensor");
  expect_error([&] { sub(tensor({1, 2}), true); }, "sub", "bool tensor");
  expect_error([&] { add(doubles({1}), doubles({1}), true); }, "add", "boolean alpha");
  expect_error([&] { add(tensor({1}), tensor({1}), 0.5); }, "add", "alpha");
}

TEST(Binary, IntegerOverflowWraps) {
  Tensor big = tensor({std::numeric_limits<int32_t>::max()}, kInt);
  EXPECT_EQ((big + 1).item<int32_t>(), std::numeric_limits<int32_t>::min());
  EXPECT_EQ((big * 2).item<int32_t>(), -2);
  EXPECT_EQ(add(big, big, 3).item<int32_t>(), static_cast<int32_t>(uint32_t(0x7fffffff) * 4u));
  EXPECT_EQ(pow(tensor({int8_t{3}}, kChar), 5).item<int64_t>(), static_cast<int8_t>(243));
}

TEST(Binary, PowIntegerSemantics) {
  Tensor base = tensor({-7, -1, 0, 3, 5, 1, -1}, kInt);
  Tensor exp = tensor({2, 0, 3, 2, -2, -5, -3}, kInt);
  expect_values(pow(base, exp), {49, 1, 0, 9, 0, 1, -1});
  EXPECT_EQ(pow(base, exp).dtype(), kInt);
  expect_values(pow(2, tensor({-1, 0, 3})), {0, 1, 8});
  int64_t min64 = std::numeric_limits<int64_t>::min();
  expect_values(pow(tensor({int64_t{-1}, int64_t{-1}}), tensor({min64, min64 + 1})), {1, -1});
  expect_values(pow(tensor({2, 3}), 0.5), {std::sqrt(2.0), std::sqrt(3.0)}, 1e-6);
  EXPECT_EQ(pow(tensor({true, false}), 2).dtype(), kLong);
  expect_values(pow(tensor({true, false}), 2), {1, 0});
  // uint8 ** int8 promotes to int16.
  EXPECT_EQ(pow(tensor({2}, kByte), tensor({3}, kChar)).dtype(), kShort);
  expect_error([&] { pow(base, -1); }, "pow", "negative integer powers");
  expect_error([&] { pow(tensor({true}), tensor({true})); }, "pow", "Bool");
}

TEST(Binary, PowFloatingFastPaths) {
  Tensor x = doubles({0.25, 4.0, -0.0, -kInf});
  expect_values_nan(pow(x, 0.5), {0.5, 2.0, -0.0, kNaN});  // sqrt: sqrt(-inf) is NaN
  expect_values(pow(x.slice(0, 0, 2), -0.5), {2.0, 0.5});
  expect_values(pow(x.slice(0, 0, 2), 2), {0.0625, 16});
  expect_values(pow(x.slice(0, 0, 2), 3), {0.015625, 64});
  expect_values(pow(x.slice(0, 0, 2), -1), {4, 0.25});
  expect_values(pow(x.slice(0, 0, 2), -2), {16, 0.0625});
  expect_values(pow(x.slice(0, 0, 2), 0), {1, 1});
  expect_values(pow(doubles({kNaN}), 0), {1});
  expect_values(pow(doubles({2, 3}, kHalf), 2.0), {4, 9});
  EXPECT_EQ(pow(doubles({2}, kHalf), 2.0).dtype(), kHalf);
}

TEST(Binary, Atan2) {
  Tensor y = doubles({1, -1, 0, 1}), x = doubles({1, 1, -1, 0});
  expect_values(atan2(y, x), {M_PI / 4, -M_PI / 4, M_PI, M_PI / 2}, 1e-15);
  EXPECT_EQ(atan2(tensor({1}), tensor({1})).dtype(), kFloat);
  // float16 is supported (LibTorch 1.13 has no CPU kernel for it).
  expect_values(atan2(doubles({1}, kHalf), doubles({1}, kHalf)), {M_PI / 4}, 1e-3);
}

TEST(Binary, MaximumMinimumNaN) {
  Tensor a = doubles({1, kNaN, 3, kNaN}), b = doubles({2, 1, kNaN, kNaN});
  expect_values_nan(maximum(a, b), {2, kNaN, kNaN, kNaN});
  expect_values_nan(minimum(a, b), {1, kNaN, kNaN, kNaN});
  expect_values_nan(fmax(a, b), {2, 1, 3, kNaN});
  expect_values_nan(fmin(a, b), {1, 1, 3, kNaN});
  expect_values(maximum(tensor({true, false}), tensor({false, false})), {1, 0});
  EXPECT_EQ(maximum(tensor({1}, kInt), doubles({0.5}, kFloat)).dtype(), kFloat);
}

TEST(Binary, InPlaceForms) {
  Tensor x = doubles({-5, 5});
  x.remainder_(3);
  expect_values(x, {1, 2});
  x.pow_(2);
  expect_values(x, {1, 4});
  x.fmod_(doubles({3, 3}));
  expect_values(x, {1, 1});
  x.atan2_(doubles({1, -1}));
  expect_values(x, {M_PI / 4, 3 * M_PI / 4}, 1e-15);
  Tensor i = tensor({1, 2}, kInt);
  expect_error([&] { i.pow_(0.5); }, "pow_", "can't be cast");
  expect_error([&] { i.atan2_(i); }, "atan2_", "can't be cast");
}

// ---- the elementwise loop: fast paths agree with the strided path --------------------------

TEST(Binary, LoopPathsAgree) {
  Tensor a = arange(24, kDouble).reshape({4, 6}) - 11.5;
  Tensor b = arange(24, kDouble).reshape({4, 6}) * 0.25 + 0.5;
  Tensor expected = remainder(a, b);  // contiguous: the vectorisable path
  // Transposed operands walk the byte-strided path; the broadcast scalar its own fast path.
  expect_values(remainder(a.t().contiguous().t(), b.t().contiguous().t()), values(expected));
  expect_values(remainder(a, 2.5), values(remainder(a, full({4, 6}, 2.5, kDouble))));
  expect_values(remainder(2.5, b), values(remainder(full({4, 6}, 2.5, kDouble), b)));
  // A non-contiguous output (in place into a transposed view).
  Tensor out = zeros({6, 4}, kDouble).t();
  out.copy_(a);
  out.remainder_(b);
  expect_values(out, values(expected));
}

// ---- comparisons, logical, bitwise ---------------------------------------------------------

TEST(Compare, PromotionAndNaN) {
  Tensor i = tensor({1, 2, 3}, kInt);
  expect_values(eq(i, 2.5), {0, 0, 0});
  expect_values(i < 2.5, {1, 1, 0});
  expect_values(2 < i, {0, 0, 1});
  expect_values(2 >= i, {1, 1, 0});
  expect_values(i != 2, {1, 0, 1});
  EXPECT_EQ(eq(i, i).dtype(), kBool);
  Tensor n = doubles({kNaN, 1});
  expect_values(eq(n, n), {0, 1});
  expect_values(ne(n, n), {1, 0});
  expect_values(lt(n, 2), {0, 1});
  // In place: 1 / 0 in self's dtype.
  Tensor j = tensor({1, 2, 3}, kInt);
  j.gt_(1);
  EXPECT_EQ(j.dtype(), kInt);
  expect_values(j, {0, 1, 1});
  Tensor b = tensor({1.0, 2.0}).expand({3, 2});
  expect_values(le(b, tensor({1.5, 1.5})), {1, 0, 1, 0, 1, 0});
}

TEST(Logical, TruthValues) {
  Tensor a = doubles({0, 1, kNaN, -2}), b = tensor({0, 0, 1, 5}, kInt);
  expect_values(logical_and(a, b), {0, 0, 1, 1});
  expect_values(logical_or(a, b), {0, 1, 1, 1});
  expect_values(logical_xor(a, b), {0, 1, 0, 0});
  expect_values(logical_not(a), {1, 0, 0, 0});
  Tensor c = doubles({0, 3});
  c.logical_not_();
  EXPECT_EQ(c.dtype(), kDouble);
  expect_values(c, {1, 0});
}

TEST(Logical, Bitwise) {
  Tensor a = tensor({12, -1, 5}, kInt), b = tensor({10, 6, 0}, kInt);
  expect_values(a & b, {8, 6, 0});
  expect_values(a | b, {14, -1, 5});
  expect_values(a ^ b, {6, -7, 5});
  expect_values(~a, {-13, 0, -6});
  expect_values(1 & a, {0, 1, 1});
  expect_values(tensor({true, false}) ^ true, {0, 1});
  EXPECT_EQ((tensor({true}) & 1).dtype(), kLong);
  EXPECT_EQ((tensor({true}) & true).dtype(), kBool);
  Tensor c = tensor({1, 2}, kInt);
  c |= 4;
  expect_values(c, {5, 6});
  expect_error([&] { bitwise_and(doubles({1}), doubles({1})); }, "bitwise_and", "Double");
  expect_error([&] { (void)~doubles({1}); }, "bitwise_not", "Double");
  expect_error([&] { tensor({true}).bitwise_and_(tensor({1})); }, "bitwise_and_", "can't be cast");
}

TEST(Logical, Shifts) {
  Tensor a = tensor({1, -8, 3}, kInt);
  expect_values(a << 2, {4, -32, 12});
  expect_values(a >> 1, {0, -4, 1});
  expect_values(bitwise_left_shift(1, tensor({0, 4, 31}, kInt)), {1, 16, std::numeric_limits<int32_t>::min()});
  // Out-of-range amounts: 0 for <<, the sign fill for >> (no undefined behaviour).
  Tensor amounts = tensor({-1, 32, 40}, kInt);
  expect_values(bitwise_left_shift(tensor({1, 1, 1}, kInt), amounts), {0, 0, 0});
  expect_values(bitwise_right_shift(tensor({-8, -8, 8}, kInt), amounts), {-1, -1, 0});
  expect_values(tensor({200}, kByte) << 1, {144});
  expect_values(tensor({uint8_t{200}}, kByte) >> tensor({uint8_t{9}}, kByte), {0});
  Tensor c = tensor({1, 2}, kLong);
  c <<= 3;
  expect_values(c, {8, 16});
  expect_error([&] { (void)(doubles({1}) << 1); }, "bitwise_left_shift", "integral");
  expect_error([&] { bitwise_right_shift(tensor({true}), tensor({true})); }, "bitwise_right_shift", "Bool");
}

// ---- where, clamp, lerp --------------------------------------------------------------------

TEST(Pointwise, Where) {
  Tensor cond = tensor({true, false, true});
  expect_values(where(cond, doubles({1, 2, 3}), doubles({-1, -2, -3})), {1, -2, 3});
  Tensor w = where(cond, tensor({1, 2, 3}, kInt), 2.5);
  EXPECT_EQ(w.dtype(), kFloat);
  expect_values(w, {1, 2.5, 3});
  EXPECT_EQ(where(cond, 1, 0).dtype(), kLong);
  EXPECT_EQ(where(cond, 1.0, 0.0).dtype(), kFloat);
  EXPECT_EQ(where(cond, true, false).dtype(), kBool);
  // The condition broadcasts too: [3] against [2, 1] gives [2, 3].
  Tensor bc = where(cond, doubles({1, 2}).reshape({2, 1}), 0.0);
  EXPECT_EQ(bc.sizes(), IntArrayRef({2, 3}));
  expect_values(bc, {1, 0, 1, 2, 0, 2});
  expect_values(where(tensor({1, 0}, kByte), 1, 2), {1, 2});
  expect_error([&] { where(tensor({1, 0}), 1, 2); }, "where", "boolean");
  expect_error([&] { doubles({1, 2}).where(cond, 0.0); }, "where");
}

TEST(Pointwise, ClampDtypesAndEdges) {
  Tensor i = tensor({-3, 0, 3}, kInt);
  expect_values(clamp(i, -1, 1), {-1, 0, 1});
  EXPECT_EQ(clamp(i, -1, 1).dtype(), kInt);
  EXPECT_EQ(clamp(i, 0.5).dtype(), kFloat);
  expect_values(clamp(i, 0.5), {0.5, 0.5, 3});
  EXPECT_EQ(clamp(tensor({true, false}), 0, 1).dtype(), kLong);
  EXPECT_EQ(clamp(doubles({1}, kHalf), 0.5, 2.0).dtype(), kHalf);  // float keeps its dtype
  expect_values(clamp(i, 2, -2), {-2, -2, -2});                       // min > max: max wins
  expect_values(clamp(i, std::nullopt, 0), {-3, 0, 0});
  expect_values_nan(clamp(doubles({kNaN, 5}), 0, 1), {kNaN, 1});
  expect_values_nan(clamp(doubles({0.5, 5}), kNaN, 1), {kNaN, kNaN});
  expect_values(clamp_min(doubles({0.5, 5}), kNaN), {0.5, 5});
  // Tensor bounds broadcast with self: [3] x [2, 1] -> [2, 3].
  Tensor t = clamp(doubles({-1, 0, 1}), doubles({-0.5, 0.5}).reshape({2, 1}), doubles({0.5}));
  EXPECT_EQ(t.sizes(), IntArrayRef({2, 3}));
  expect_values(t, {-0.5, 0, 0.5, 0.5, 0.5, 0.5});
  expect_values_nan(clamp(doubles({1, 1}), doubles({kNaN, 0}), doubles({2, kNaN})), {kNaN, kNaN});
  expect_values_nan(clamp_min(doubles({1, kNaN}), doubles({kNaN, 0})), {kNaN, kNaN});
  // bool with both bounds and float16 with Scalar bounds: ember additions.
  expect_values(clamp(tensor({true, false}), tensor({true, true}), tensor({true, false})), {1, 0});
  expect_values(clamp(doubles({-2, 2}, kHalf), -1, 1), {-1, 1});
  Tensor x = doubles({-2, 2});
  x.clamp_(-1, 1);
  expect_values(x, {-1, 1});
  x.clamp_max_(0.5).clamp_min_(doubles({0, 0}));
  expect_values(x, {0, 0.5});
  expect_error([&] { clamp(i, std::optional<Scalar>(), std::optional<Scalar>()); }, "clamp", "at least one");
  expect_error([&] { clamp(i, std::optional<Tensor>(), std::optional<Tensor>()); }, "clamp", "at least one");
  expect_error([&] { i.clamp_(0.5); }, "clamp_", "can't be cast");
}

TEST(Pointwise, Lerp) {
  Tensor a = doubles({0, 10, -4}), b = doubles({10, 20, 4});
  expect_values(lerp(a, b, 0.25), {2.5, 12.5, -2});
  expect_values(lerp(a, b, 1.0), {10, 20, 4});  // exact at weight 1 (the second form)
  expect_values(lerp(a, b, doubles({0, 1, 0.5})), {0, 20, 0});
  expect_values(lerp(doubles({1, 3}, kHalf), doubles({3, 5}, kHalf), 0.5), {2, 4});
  Tensor c = a.clone();
  c.lerp_(b, 0.5);
  expect_values(c, {5, 15, 0});
  expect_error([&] { lerp(tensor({1}), tensor({2}), 0.5); }, "lerp", "floating");
  expect_error([&] { lerp(a, b.to(kFloat), 0.5); }, "lerp", "`end`");
  expect_error([&] { lerp(a, b, doubles({0.5}, kFloat)); }, "lerp", "`weight`");
}

// ---- autograd --------------------------------------------------------------------------------

TEST(BinaryGrad, NodeNames) {
  Tensor a = doubles({1.5, -2, 3}).set_requires_grad(true), b = doubles({2, 1, 3}).set_requires_grad(true);
  EXPECT_EQ(grad_fn_name(add(a, 2)), "AddBackward1");
  EXPECT_EQ(grad_fn_name(sub(a, 2)), "SubBackward1");
  EXPECT_EQ(grad_fn_name(mul(a, 2)), "MulBackward1");
  EXPECT_EQ(grad_fn_name(div(a, 2)), "DivBackward1");
  EXPECT_EQ(grad_fn_name(div(a, b, "floor")), "DivBackward2");
  EXPECT_EQ(grad_fn_name(div(a, 2, "trunc")), "DivBackward3");
  EXPECT_EQ(grad_fn_name(rsub(a, 2)), "RsubBackward1");
  EXPECT_EQ(grad_fn_name(2.5 - a), "SubBackward0");
  EXPECT_EQ(grad_fn_name(pow(a, 2)), "PowBackward0");
  EXPECT_EQ(grad_fn_name(pow(a, b)), "PowBackward1");
  EXPECT_EQ(grad_fn_name(pow(2, b)), "PowBackward2");
  EXPECT_EQ(grad_fn_name(remainder(a, b)), "RemainderBackward1");
  EXPECT_EQ(grad_fn_name(remainder(a, 2)), "RemainderBackward0");
  EXPECT_EQ(grad_fn_name(fmod(a, b)), "FmodBackward1");
  EXPECT_EQ(grad_fn_name(fmod(a, 2)), "FmodBackward0");
  EXPECT_EQ(grad_fn_name(atan2(a, b)), "Atan2Backward0");
  EXPECT_EQ(grad_fn_name(maximum(a, b)), "MaximumBackward0");
  EXPECT_EQ(grad_fn_name(fmin(a, b)), "FminBackward0");
  EXPECT_EQ(grad_fn_name(clamp(a, 0, 1)), "ClampBackward1");
  EXPECT_EQ(grad_fn_name(clamp(a, b)), "ClampBackward0");
  EXPECT_EQ(grad_fn_name(clamp_min(a, 0)), "ClampMinBackward0");
  EXPECT_EQ(grad_fn_name(clamp_max(a, b)), "ClampMaxBackward1");
  EXPECT_EQ(grad_fn_name(lerp(a, b, 0.5)), "LerpBackward0");
  EXPECT_EQ(grad_fn_name(lerp(a, b, b)), "LerpBackward1");
  EXPECT_EQ(grad_fn_name(where(a > 0, a, b)), "WhereBackward0");
  EXPECT_EQ(grad_fn_name(a.clone().pow_(2)), "PowBackward0");
  EXPECT_FALSE((a > b).requires_grad());
  EXPECT_FALSE(logical_and(a, b).requires_grad());
}

TEST(BinaryGrad, MaximumTiesSplitInHalf) {
  Tensor a = doubles({1, 2, 3}).set_requires_grad(true), b = doubles({1, 3, 0}).set_requires_grad(true);
  maximum(a, b).sum().backward();
  expect_values(a.grad(), {0.5, 0, 1});
  expect_values(b.grad(), {0.5, 1, 0});
}

TEST(BinaryGrad, ClampPassesWhereInRange) {
  // The gradient passes where min <= x <= max, bounds included.
  Tensor x = doubles({-2, -1, 0, 1, 2}).set_requires_grad(true);
  clamp(x, -1, 1).sum().backward();
  expect_values(x.grad(), {0, 1, 1, 1, 0});
  Tensor y = doubles({0, 5}).set_requires_grad(true), lo = doubles({1, 0}).set_requires_grad(true),
         hi = doubles({0.5, 2}).set_requires_grad(true);
  clamp(y, lo, hi).sum().backward();
  expect_values(y.grad(), {0, 0});
  expect_values(lo.grad(), {0, 0});  // min > max: max wins, min gets nothing
  expect_values(hi.grad(), {1, 1});
}

TEST(BinaryGrad, PowAtZeroBase) {
  // d/dexp of 0 ** e is masked to 0 where e >= 0; d/dbase where e == 0 is 0.
  Tensor base = doubles({0, 0, 2}).set_requires_grad(true), e = doubles({0, 2, 0}).set_requires_grad(true);
  pow(base, e).sum().backward();
  expect_values(base.grad(), {0, 0, 0});
  expect_values(e.grad(), {0, 0, std::log(2.0)}, 1e-15);
  Tensor e2 = doubles({-1, 1}).set_requires_grad(true);
  pow(0, e2).sum().backward();
  expect_values_nan(e2.grad(), {-kInf, 0});
}

TEST(BinaryGrad, GradcheckAndGradgradcheck) {
  Tensor a = doubles({0.7, 1.3, 2.1, 0.4}), b = doubles({1.1, 0.6, 1.7, 2.3});
  Tensor w = doubles({0.2, 0.8, 0.45, 0.6});
  check_gradients([](auto& x) { return pow(x[0], x[1]); }, {a, b});
  check_gradients([](auto& x) { return pow(x[0], 2.5); }, {a});
  check_gradients([](auto& x) { return pow(1.7, x[0]); }, {a});
  check_gradients([](auto& x) { return remainder(x[0] * 3, x[1]); }, {a, b});
  check_gradients([](auto& x) { return fmod(x[0] * 3, x[1]); }, {a, b});
  check_gradients([](auto& x) { return atan2(x[0], x[1] - 1); }, {a, b});
  check_gradients([](auto& x) { return maximum(x[0], x[1]) * x[0]; }, {a, b});
  check_gradients([](auto& x) { return fmin(x[0], x[1]) * x[1]; }, {a, b});
  check_gradients([](auto& x) { return clamp(x[0], 0.5, 1.5) * x[0]; }, {a});
  check_gradients([](auto& x) { return clamp(x[0], x[1] - 0.5, x[1] + 0.3) * x[0]; }, {a, b});
  check_gradients([](auto& x) { return clamp_min(x[0], x[1]) * x[1]; }, {a, b});
  check_gradients([](auto& x) { return clamp_max(x[0], 1.0) * x[0]; }, {a});
  check_gradients([](auto& x) { return lerp(x[0], x[1], 0.3) * x[0]; }, {a, b});
  check_gradients([](auto& x) { return lerp(x[0], x[1], x[2]) * x[2]; }, {a, b, w});
  check_gradients([](auto& x) { return where(x[0] > 1, x[0] * x[1], x[1]); }, {a, b});
  check_gradients([](auto& x) { return div(x[0], x[1]) * x[0]; }, {a, b});
}

}  // namespace
}  // namespace ember
