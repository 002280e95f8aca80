// Matrix products: worked-out values, layouts, edge cases, gradients and error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/test_util.h"
#include "ember/core/parallel.h"

namespace ember {
namespace {

// [[1, 2, 3], [4, 5, 6]] and [[7, 8], [9, 10], [11, 12]]: their product is
// [[58, 64], [139, 154]].
Tensor a23(ScalarType dtype = kFloat) { return tensor({{1, 2, 3}, {4, 5, 6}}).to(dtype); }
Tensor b32(ScalarType dtype = kFloat) { return tensor({{7, 8}, {9, 10}, {11, 12}}).to(dtype); }

// Reference product in double, for any layout.
Tensor naive_mm(const Tensor& a, const Tensor& b) {
  Tensor ad = a.to(kDouble), bd = b.to(kDouble);
  Tensor out = zeros({a.size(0), b.size(1)}, kDouble);
  double* o = out.data_ptr<double>();
  for (int64_t i = 0; i < a.size(0); ++i)
    for (int64_t j = 0; j < b.size(1); ++j) {
      double s = 0;
      for (int64_t k = 0; k < a.size(1); ++k) s += ad[i][k].item<double>() * bd[k][j].item<double>();
      o[i * b.size(1) + j] = s;
    }
  return out;
}

TEST(Mm, WorkedValuesEveryDtype) {
  for (ScalarType dtype : {kByte, kChar, kShort, kInt, kLong, kHalf, kBFloat16, kFloat, kDouble}) {
    Tensor c = mm(a23(dtype), b32(dtype));
    EXPECT_EQ(c.dtype(), dtype);
    EXPECT_EQ(c.sizes(), IntArrayRef({2, 2}));
    // int8 wraps 139 and 154 to -117 and -102; bfloat16 holds all four exactly.
    if (dtype == kChar) expect_values(c, {58, 64, -117, -102});
    else expect_values(c, {58, 64, 139, 154});
  }
}

TEST(Mm, EveryLayoutGivesTheSameProduct) {
  Tensor a = a23(), b = b32();
  Tensor at = a.t().contiguous().t();                                   // column-major
  Tensor bs = full({3, 4}, 0.0f).slice(1, 0, std::nullopt, 2);          // stride (4, 2): a copy
  bs.copy_(b);
  Tensor bexp = tensor({{1.0f, 2.0f}}).expand({3, 2});                  // row stride 0
  for (const Tensor& x : {a, at})
    for (const Tensor& y : {b, bs}) expect_values(mm(x, y), {58, 64, 139, 154});
  expect_values(mm(a, bexp), {6, 12, 15, 30});
}

TEST(Mm, LargeAgainstReference) {
  Tensor a = randn({37, 70}, kFloat), b = randn({33, 70}, kFloat).t();  // b transposed
  Tensor ref = naive_mm(a, b);
  std::vector<double> got = values(mm(a, b)), want = values(ref);
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << i;
  // gemv shapes: one row, one column.
  expect_values(mm(a.narrow(0, 0, 1), b), std::vector<double>(want.begin(), want.begin() + 33), 1e-4);
  std::vector<double> col;
  for (int64_t i = 0; i < 37; ++i) col.push_back(want[i * 33]);
  expect_values(mm(a, b.narrow(1, 0, 1)), col, 1e-4);
}

TEST(Mm, IntegerArithmeticWraps) {
  Tensor a = tensor({{100, 100}}).to(kChar), b = tensor({{2}, {1}}).to(kChar);
  // 100*2 + 100*1 = 300 = 44 (mod 256) as int8 arithmetic gives.
  expect_values(mm(a, b), {44});
  Tensor big = full({1, 2}, std::numeric_limits<int64_t>::max(), kLong);
  expect_values(mm(big, full({2, 1}, 2, kLong)), {-4});
}

TEST(Mm, ZeroInnerDimGivesZeros) {
  Tensor c = mm(empty({3, 0}), empty({0, 4}));
  EXPECT_EQ(c.sizes(), IntArrayRef({3, 4}));
  expect_values(c, std::vector<double>(12, 0.0));
  expect_values(mm(empty({2, 0}, kInt), empty({0, 2}, kInt)), {0, 0, 0, 0});
  EXPECT_EQ(mm(empty({0, 3}), empty({3, 4})).sizes(), IntArrayRef({0, 4}));
  // addmm with k = 0 is beta * self.
  expect_values(addmm(full({2, 2}, 3.0), empty({2, 0}), empty({0, 2}), 2), {6, 6, 6, 6});
}

TEST(Addmm, BetaAlphaAndBroadcastSelf) {
  Tensor self = tensor({1.0f, -1.0f});
  expect_values(addmm(self, a23(), b32()), {59, 63, 140, 153});
  expect_values(addmm(self, a23(), b32(), 2, 0.5), {31, 30, 71.5, 75});
  // Transposed operands through the method form: (b^T a^T) = (a b)^T.
  expect_values(ones({2, 2}).addmm(b32().t(), a23().t(), 0), {58, 139, 64, 154});
  // beta = 0 ignores self: NaN does not propagate.
  Tensor nan_self = full({2, 2}, std::nan(""));
  expect_values(addmm(nan_self, a23(), b32(), 0), {58, 64, 139, 154});
  expect_values(addmm(tensor({1, 2}).to(kInt), a23(kInt), b32(kInt), 3, 2), {119, 134, 281, 314});
}

TEST(Matmul, EveryRankCase) {
  Tensor v = tensor({1.0f, 2.0f, 3.0f});
  expect_values(matmul(v, v), {14});
  EXPECT_EQ(matmul(v, v).dim(), 0);
  expect_values(matmul(a23(), v), {14, 32});
  expect_values(matmul(tensor({1.0f, 2.0f}), a23()), {9, 12, 15});
  expect_values(matmul(a23(), b32()), {58, 64, 139, 154});
  // (2, 2, 3) @ (3, 2): the same matrix twice.
  Tensor a = a23().unsqueeze(0).expand({2, 2, 3});
  Tensor c = matmul(a, b32());
  EXPECT_EQ(c.sizes(), IntArrayRef({2, 2, 2}));
  expect_values(c, {58, 64, 139, 154, 58, 64, 139, 154});
  // (3) @ (2, 3, 2) and (2, 2, 3) @ (3).
  EXPECT_EQ(matmul(v, b32().unsqueeze(0).expand({2, 3, 2})).sizes(), IntArrayRef({2, 2}));
  expect_values(matmul(a, v), {14, 32, 14, 32});
  // Batch dims broadcast: (2, 1, 2, 3) @ (4, 3, 2) -> (2, 4, 2, 2).
  Tensor d = matmul(a23().expand({2, 1, 2, 3}), b32().expand({4, 3, 2}));
  EXPECT_EQ(d.sizes(), IntArrayRef({2, 4, 2, 2}));
  expect_values(d.sum(), {8 * (58 + 64 + 139 + 154)});
  // An empty batch and k = 0.
  EXPECT_EQ(matmul(empty({0, 2, 3}), b32()).sizes(), IntArrayRef({0, 2, 2}));
  expect_values(matmul(empty({2, 2, 0}), empty({0, 2})), std::vector<double>(8, 0.0));
}

TEST(Matmul, BatchedIntegerUsesThePoolAndMatchesReference) {
  int saved = get_num_threads();
  set_num_threads(2);
  Tensor a = randint_like(empty({8, 33, 17}, kInt), -5, 5), b = randint_like(empty({17, 9}, kInt), -5, 5);
  Tensor c = matmul(a, b);
  for (int64_t batch : {0, 7}) expect_values(c[batch], values(naive_mm(a[batch], b)));
  set_num_threads(saved);
}

TEST(Vectors, DotVdotMvOuter) {
  Tensor x = tensor({1.0, 2.0, 3.0}, kDouble), y = tensor({4.0, -5.0, 6.0}, kDouble);
  expect_values(dot(x, y), {12});
  expect_values(vdot(x, y), {12});
  expect_values(mv(a23(kDouble), y), {12, 27});
  expect_values(addmv(tensor({1.0, 1.0}, kDouble), a23(kDouble), y, 2, -1), {-10, -25});
  Tensor o = outer(x, tensor({1.0, 10.0}, kDouble));
  EXPECT_EQ(o.sizes(), IntArrayRef({3, 2}));
  expect_values(o, {1, 10, 2, 20, 3, 30});
  // outer promotes like mul.
  EXPECT_EQ(outer(tensor({1, 2}), tensor({1.5f})).dtype(), kFloat);
  EXPECT_EQ(outer(x, tensor({1.0f})).dtype(), kDouble);
  expect_values(ger(tensor({true, false}), tensor({true})), {1, 0});
  expect_values(dot(empty({0}), empty({0})), {0});
  // A broadcast (stride 0) vector.
  expect_values(mv(a23(), tensor({1.0f}).expand({3})), {6, 15});
}

TEST(Baddbmm, Values) {
  Tensor b1 = a23().unsqueeze(0).expand({2, 2, 3}).contiguous();
  Tensor b2 = b32().unsqueeze(0).expand({2, 3, 2});
  Tensor out = baddbmm(ones({2, 2}), b1, b2, 1, 2);
  EXPECT_EQ(out.sizes(), IntArrayRef({2, 2, 2}));
  expect_values(out, {117, 129, 279, 309, 117, 129, 279, 309});
  expect_values(bmm(b1, b2).sum(), {2 * (58 + 64 + 139 + 154)});
}

TEST(Einsum, CommonPatterns) {
  Tensor m = tensor({{1.0, 2.0}, {3.0, 4.0}}, kDouble);
  expect_values(einsum("ii", {m}), {5});
  expect_values(einsum("ii->i", {m}), {1, 4});
  expect_values(einsum("ij->ji", {m}), {1, 3, 2, 4});
  expect_values(einsum("ij->", {m}), {10});
  expect_values(einsum("ij->j", {m}), {4, 6});
  expect_values(einsum("ij,jk->ik", {a23(kDouble), b32(kDouble)}), {58, 64, 139, 154});
  expect_values(einsum("ij,jk", {a23(kDouble), b32(kDouble)}), {58, 64, 139, 154});
  // Implicit output is alphabetical: "ba,cb" -> "ac", the transpose of the product.
  expect_values(einsum("ba,cb", {b32(kDouble), a23(kDouble)}), {58, 139, 64, 154});
  expect_values(einsum("i,i->", {tensor({1, 2, 3}), tensor({4, 5, 6})}), {32});
  expect_values(einsum("i,j->ij", {tensor({1.0, 2.0}), tensor({3.0, 4.0})}), {3, 4, 6, 8});
  Tensor q = randn({2, 3, 4, 5}, kDouble), k = randn({2, 3, 6, 5}, kDouble);
  Tensor s = einsum("bhqd,bhkd->bhqk", {q, k});
  EXPECT_EQ(s.sizes(), IntArrayRef({2, 3, 4, 6}));
  expect_values(s, values(matmul(q, k.transpose(-1, -2))), 1e-12);
  Tensor e = einsum("...ij,...jk->...ik", {a23(kDouble).expand({4, 2, 3}), b32(kDouble)});
  EXPECT_EQ(e.sizes(), IntArrayRef({4, 2, 2}));
  expect_values(einsum("ij,jk,kl->il", {a23(kDouble), b32(kDouble), m}), {250, 372, 601, 894});
}

TEST(Linear, ValuesAndShapes) {
  Tensor x = a23(), w = b32().t();  // w: (out 2, in 3)
  expect_values(linear(x, w), {58, 64, 139, 154});
  expect_values(linear(x, w, tensor({1.0f, 2.0f})), {59, 66, 140, 156});
  EXPECT_EQ(linear(x.unsqueeze(0).expand({4, 2, 3}), w, tensor({1.0f, 2.0f})).sizes(), IntArrayRef({4, 2, 2}));
  expect_values(linear(tensor({1.0f, 2.0f, 3.0f}), w), {58, 64});
}

TEST(Gradients, MmAndMatmul) {
  Tensor a = a23(kDouble).requires_grad_(), b = b32(kDouble).requires_grad_();
  Tensor c = mm(a, b);
  EXPECT_EQ(c.grad_fn()->name(), "MmBackward0");
  c.sum().backward();
  // d sum(a @ b) / d a[i][k] = sum_j b[k][j]; / d b[k][j] = sum_i a[i][k].
  expect_values(a.grad(), {15, 19, 23, 15, 19, 23});
  expect_values(b.grad(), {5, 5, 7, 7, 9, 9});
  Tensor x = a23(kDouble).expand({4, 2, 3}).clone().requires_grad_(), v = tensor({1.0, 2.0, 3.0}, kDouble).requires_grad_();
  matmul(x, v).sum().backward();
  expect_values(v.grad(), {20, 28, 36});
  expect_values(x.grad()[3], {1, 2, 3, 1, 2, 3});
  EXPECT_EQ(addmm(ones({2}, kDouble), a, b).grad_fn()->name(), "AddmmBackward0");
  Tensor a3 = ones({2, 2, 3}, kDouble).requires_grad_(), b3 = ones({2, 3, 2}, kDouble).requires_grad_();
  EXPECT_EQ(bmm(a3, b3).grad_fn()->name(), "BmmBackward0");
  EXPECT_EQ(baddbmm(ones({2}, kDouble), a3, b3).grad_fn()->name(), "BaddbmmBackward0");
  EXPECT_EQ(addmv(v, b, tensor({1.0, 2.0}, kDouble)).grad_fn()->name(), "AddmvBackward0");
  EXPECT_EQ(mv(a, v).grad_fn()->name(), "MvBackward0");
  EXPECT_EQ(dot(v, v).grad_fn()->name(), "DotBackward0");
}

TEST(Gradients, DotAndEinsumAreTwiceDifferentiable) {
  Tensor x = tensor({1.0, 2.0, 3.0}).requires_grad_();
  Tensor y = dot(x, x);  // y = |x|^2, dy/dx = 2x, d(sum dy/dx)/dx = 2
  Tensor g = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  expect_values(g, {2, 4, 6});
  expect_values(autograd::grad({g.sum()}, {x})[0], {2, 2, 2});
  Tensor z = einsum("i,i->", {x, x});
  Tensor gz = autograd::grad({z}, {x}, {}, std::nullopt, true)[0];
  expect_values(gz, {2, 4, 6});
  expect_values(autograd::grad({gz.sum()}, {x})[0], {2, 2, 2});
}

TEST(Gradients, EinsumDiagonalAndBroadcastLabels) {
  Tensor m = tensor({{1.0, 2.0}, {3.0, 4.0}}).requires_grad_();
  einsum("ii->", {m}).backward();
  expect_values(m.grad(), {1, 0, 0, 1});
  Tensor r = tensor({{2.0}, {3.0}}).requires_grad_(), w = ones({4, 5}).requires_grad_();
  einsum("ij,jk->ik", {r, w}).sum().backward();  // j: size 1 in r broadcasts against 4
  expect_values(r.grad(), {20, 20});
  expect_values(w.grad(), std::vector<double>(20, 5.0));
}

TEST(Errors, NameTheOpAndShapes) {
  expect_error([] { mm(ones({2, 3}), ones({4, 5})); }, "mm", "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
  expect_error([] { mm(ones({2, 3}), ones({3, 5}, kDouble)); }, "mm", "expected scalar type Float but found Double");
  expect_error([] { mm(ones({2, 3}, kBool), ones({3, 5}, kBool)); }, "mm", "Bool");
  expect_error([] { mm(ones({3}), ones({3, 5})); }, "mm", "must be a matrix");
  expect_error([] { bmm(ones({2, 2, 3}), ones({3, 3, 5})); }, "bmm", "batch2");
  expect_error([] { mv(ones({2, 3}), ones({4})); }, "mv", "size mismatch");
  expect_error([] { dot(ones({3}), ones({4})); }, "dot", "inconsistent tensor size");
  expect_error([] { vdot(ones({3}), ones({3}, kDouble)); }, "vdot", "same dtype");
  expect_error([] { matmul(ones({}), ones({3})); }, "matmul", "at least 1D");
  expect_error([] { matmul(ones({2, 2, 3}), ones({3, 3, 5})); }, "matmul", "must match");
  expect_error([] { matmul(ones({2, 2, 3}), ones({2, 4, 5})); }, "matmul", "cannot be multiplied");
  expect_error([] { matmul(ones({3}), ones({3}, kDouble)); }, "matmul", "expected scalar type Float but found Double");
  expect_error([] { addmm(ones({3, 4}), ones({2, 3}), ones({3, 5})); }, "addmm", "cannot be expanded");
  expect_error([] { addmv(ones({3}), ones({2, 3}), ones({3})); }, "addmv", "cannot be expanded");
  expect_error([] { baddbmm(ones({2, 2, 4}), ones({2, 3}), ones({2, 3, 4})); }, "baddbmm", "3D");
  expect_error([] { outer(ones({2, 3}), ones({3})); }, "outer", "1-D");
  expect_error([] { linear(ones({2, 3}), ones({4, 5})); }, "linear", "cannot be multiplied");
  expect_error([] { linear(ones({2, 3}), ones({4, 3}), ones({5})); }, "linear", "cannot be expanded");
  expect_error([] { linear(ones({2, 3}), ones({1, 4, 3})); }, "linear", "1-D or 2-D");
  expect_error([] { einsum("ij,jk->ik", {ones({2, 3}), ones({4, 5})}); }, "einsum", "subscript j has size 4");
  expect_error([] { einsum("ij,jk->ik", {ones({2, 3})}); }, "einsum", "more operands were specified");
  expect_error([] { einsum("ij", {ones({2, 3}), ones({3})}); }, "einsum", "more operands were provided");
  expect_error([] { einsum("i1", {ones({2, 3})}); }, "einsum", "invalid subscript given at index 1");
  expect_error([] { einsum("ij->ii", {ones({2, 3})}); }, "einsum", "appears more than once");
  expect_error([] { einsum("ij->z", {ones({2, 3})}); }, "einsum", "does not appear");
  expect_error([] { einsum("ijk", {ones({2, 3})}); }, "einsum", "no ellipsis was given");
  expect_error([] { einsum("i..", {ones({2, 3})}); }, "einsum", "not part of any ellipsis");
  expect_error([] { einsum("ij", {}); }, "einsum", "at least one operand");
}

}  // namespace
}  // namespace ember
