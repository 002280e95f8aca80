// Reductions: worked-out values, accuracy, edge cases, gradients and error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <ember/ember.h>

#include "core/test_util.h"

namespace ember {
namespace {

Tensor iota(IntArrayRef shape, ScalarType dtype = kFloat) { return arange(product(shape), dtype).view(shape); }

TEST(Reduce, FloatSumOfTenMillionOnesIsExact) {
  EXPECT_EQ(ones({10000000}).sum().item<float>(), 1e7f);
  // Outer-dim (column) and transposed layouts are pairwise too.
  Tensor cols = ones({2000000, 8}).sum({0});
  expect_values(cols, std::vector<double>(8, 2e6));
  EXPECT_EQ(ones({8, 2000000}).t().sum().item<float>(), 1.6e7f);
}

TEST(Reduce, LargeFloatSumDoesNotDrift) {
  // sum of 0..n-1 = n(n-1)/2; naive float accumulation is off by far more than 1e-6 relative.
  int64_t n = 1 << 22;
  double exact = static_cast<double>(n) * (n - 1) / 2;
  EXPECT_NEAR(arange(n, kFloat).sum().item<double>(), exact, exact * 1e-6);
}

TEST(Reduce, SumDtypesAndDims) {
  Tensor a = iota({2, 3}, kInt);
  EXPECT_EQ(a.sum().dtype(), kLong);
  EXPECT_EQ(a.sum().item<int64_t>(), 15);
  expect_values(a.sum({0}), {3, 5, 7});
  expect_values(a.sum({-1}, true), {3, 12});
  EXPECT_EQ(a.sum({-1}, true).sizes(), IntArrayRef({2, 1}));
  EXPECT_EQ(ones({3}, kBool).sum().item<int64_t>(), 3);
  EXPECT_EQ(a.sum(kDouble).dtype(), kDouble);
  // Integer sums wrap like int64.
  Tensor big = full({2}, std::numeric_limits<int64_t>::max(), kLong);
  EXPECT_EQ(big.sum().item<int64_t>(), -2);
}

TEST(Reduce, EmptyReductions) {
  Tensor e = empty({0, 3});
  EXPECT_EQ(e.sum().item<float>(), 0.0f);
  EXPECT_EQ(e.prod().item<float>(), 1.0f);
  EXPECT_TRUE(std::isnan(e.mean().item<float>()));
  expect_values(e.sum({0}), {0, 0, 0});
  EXPECT_EQ(e.amax({1}).sizes(), IntArrayRef({0}));
  expect_error([&] { e.max(); }, "max", "Expected reduction dim to be specified");
  expect_error([&] { e.amax({0}); }, "amax", "non-zero size");
  EXPECT_TRUE(e.all().item<bool>());
  EXPECT_FALSE(e.any().item<bool>());
}

TEST(Reduce, MeanProd) {
  Tensor a = iota({2, 3});
  expect_values(a.mean({1}), {1, 4});
  EXPECT_NEAR(a.mean().item<double>(), 2.5, 1e-6);
  expect_values(tensor({{1, 2}, {3, 4}}).prod(1), {2, 12});
  EXPECT_EQ(tensor({{1, 2}, {3, 4}}).prod().dtype(), kLong);
  expect_error([] { mean(ones({3}, kInt)); }, "mean", "Int");
  expect_error([] { prod(ones({3}, kHalf)); }, "prod", "Half");
}

TEST(Reduce, MaxMinAndIndices) {
  Tensor a = tensor({{3.0, 1.0, 3.0}, {-1.0, 5.0, 2.0}}, kDouble);
  EXPECT_EQ(a.max().item<double>(), 5.0);
  EXPECT_EQ(a.max().dim(), 0);
  auto [values, indices] = a.max(1);
  expect_values(values, {3, 5});
  expect_values(indices, {0, 1});  // first of the tied 3s
  auto [mins, at] = a.min(0, true);
  EXPECT_EQ(mins.sizes(), IntArrayRef({1, 3}));
  expect_values(at, {1, 0, 1});
  expect_values(a.amax({0, 1}), {5});
  expect_values(a.argmax(), {4});
  expect_values(a.argmin(1), {1, 0});
  // NaN propagates and its index wins.
  Tensor n = tensor({1.0, double(NAN), 3.0});
  EXPECT_TRUE(std::isnan(n.max().item<double>()));
  EXPECT_EQ(std::get<1>(n.max(0)).item<int64_t>(), 1);
  EXPECT_EQ(n.argmin().item<int64_t>(), 1);
}

TEST(Reduce, VarStdNormLogsumexp) {
  Tensor a = tensor({1.0, 2.0, 3.0, 4.0}, kDouble);
  EXPECT_NEAR(a.var().item<double>(), 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(a.var(IntArrayRef{0}, std::optional<int64_t>(0)).item<double>(), 1.25, 1e-12);
  EXPECT_NEAR(a.std(false).item<double>(), std::sqrt(1.25), 1e-12);
  auto [v, m] = var_mean(a);
  EXPECT_NEAR(m.item<double>(), 2.5, 1e-12);
  EXPECT_TRUE(std::isnan(tensor({1.0}).var().item<double>()));
  Tensor b = tensor({3.0, -4.0, 0.0}, kDouble);
  EXPECT_EQ(b.norm().item<double>(), 5.0);
  EXPECT_EQ(b.norm(1).item<double>(), 7.0);
  EXPECT_EQ(b.norm(INFINITY).item<double>(), 4.0);
  EXPECT_EQ(b.norm(-INFINITY).item<double>(), 0.0);
  EXPECT_EQ(b.norm(0).item<double>(), 2.0);
  EXPECT_NEAR(b.norm(3).item<double>(), std::cbrt(91.0), 1e-12);
  // Stable for large values: no overflow to inf.
  EXPECT_NEAR(tensor({1000.0, 1000.0}, kDouble).logsumexp({0}).item<double>(), 1000.0 + std::log(2.0), 1e-9);
  EXPECT_EQ(ones({2}, kInt).logsumexp({0}).dtype(), kFloat);
  expect_error([] { norm(ones({3}, kInt)); }, "norm", "Int");
  expect_error([] { var(ones({3}, kInt)); }, "var", "floating");
}

TEST(Reduce, LogicalCountScans) {
  Tensor u = tensor({{0, 1}, {2, 3}}, kByte);
  EXPECT_EQ(u.all().dtype(), kByte);
  EXPECT_EQ(ones({2}, kInt).all().dtype(), kBool);
  expect_values(u.all(1), {0, 1});
  expect_values(u.any(0), {1, 1});
  EXPECT_EQ(u.count_nonzero().item<int64_t>(), 3);
  expect_values(u.count_nonzero(IntArrayRef{0}), {1, 2});
  Tensor a = tensor({{1, 2, 3}, {4, 5, 6}});
  expect_values(a.cumsum(1), {1, 3, 6, 4, 9, 15});
  expect_values(a.cumsum(0), {1, 2, 3, 5, 7, 9});
  expect_values(a.cumprod(1), {1, 2, 6, 4, 20, 120});
  EXPECT_EQ(a.to(kInt).cumsum(0).dtype(), kLong);
  expect_values(a.t().cumsum(0), {1, 4, 3, 9, 6, 15});  // non-contiguous input
  expect_error([] { cumsum(ones({3}, kHalf), 0); }, "cumsum", "Half");
}

TEST(Reduce, MedianMode) {
  Tensor a = tensor({3.0, 1.0, 2.0, 4.0}, kDouble);
  EXPECT_EQ(a.median().item<double>(), 2.0);  // lower median
  auto [value, index] = a.median(0);
  EXPECT_EQ(value.item<double>(), 2.0);
  EXPECT_EQ(index.item<int64_t>(), 2);
  EXPECT_TRUE(std::isnan(tensor({1.0, double(NAN)}).median().item<double>()));
  auto [mv, mi] = tensor({1, 2, 2, 1, 3}).mode(0);
  EXPECT_EQ(mv.item<int64_t>(), 1);  // smallest of the most frequent
  EXPECT_EQ(mi.item<int64_t>(), 3);  // its last occurrence
}

TEST(Reduce, Gradients) {
  Tensor x = tensor({1.0, 0.0, 3.0, 2.0}, kDouble).set_requires_grad(true);
  x.prod().backward();
  expect_values(x.grad(), {0, 6, 0, 0});  // one zero: only it gets the product of the others
  EXPECT_EQ(x.prod().grad_fn()->name(), "ProdBackward0");

  Tensor y = tensor({1.0, 3.0, 3.0, 2.0}, kDouble).set_requires_grad(true);
  y.amax().backward();
  expect_values(y.grad(), {0, 0.5, 0.5, 0});

  Tensor z = tensor({1.0, 2.0, 3.0, 4.0}, kDouble).set_requires_grad(true);
  z.var().backward();
  expect_values(z.grad(), {-1.0, -1.0 / 3, 1.0 / 3, 1.0}, 1e-12);

  Tensor w = tensor({{1.0, 5.0}, {7.0, 2.0}}, kDouble).set_requires_grad(true);
  std::get<0>(w.max(1)).sum().backward();
  expect_values(w.grad(), {0, 1, 1, 0});

  Tensor c = tensor({1.0, 2.0, 3.0}, kDouble).set_requires_grad(true);
  c.cumsum(0).sum().backward();
  expect_values(c.grad(), {3, 2, 1});

  Tensor zero = zeros({3}, kDouble).set_requires_grad(true);
  zero.norm().backward();
  expect_values(zero.grad(), {0, 0, 0});  // zero-safe
}

TEST(Reduce, VarDoubleBackward) {
  // g = d var / dx = 2 (x - mean) / (n - 1); d g_0 / dx_j = 2/(n-1) (delta_0j - 1/n), n = 4.
  // (keepdim: the formula then needs no view ops, whose backward lives in another family.)
  Tensor x = tensor({1.0, 2.0, 4.0, 8.0}, kDouble).set_requires_grad(true);
  Tensor g = autograd::grad({x.var(IntArrayRef{0}, true, true)}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  expect_values(g, {-11.0 / 6, -7.0 / 6, 1.0 / 6, 17.0 / 6}, 1e-12);  // mean 3.75
  (g * tensor({1.0, 0.0, 0.0, 0.0}, kDouble)).sum().backward();
  expect_values(x.grad(), {0.5, -1.0 / 6, -1.0 / 6, -1.0 / 6}, 1e-12);
}

TEST(Reduce, NormDoubleBackward) {
  // d/dx sum(x / |x|) = 1/|x| - sum(x) x / |x|^3 at x = (3, 4).
  Tensor x = tensor({3.0, 4.0}, kDouble).set_requires_grad(true);
  Tensor g = autograd::grad({x.norm()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  expect_values(g, {0.6, 0.8}, 1e-12);
  g.sum().backward();
  expect_values(x.grad(), {0.2 - 21.0 / 125, 0.2 - 28.0 / 125}, 1e-12);
}

// Every differentiable reduction: first and second derivatives against finite differences,
// on a non-contiguous float64 input without zeros or ties.
TEST(Reduce, GradcheckAndGradgradcheck) {
  Tensor base = tensor({{0.9, -1.3, 2.2, 0.4}, {1.7, -0.6, 1.1, -2.4}, {0.3, 2.9, -1.8, 1.4}}, kDouble);
  Tensor x = base.t().set_requires_grad(true);  // [4, 3], transposed
  Tensor positive = (base.abs() + 0.5).set_requires_grad(true);
  std::vector<std::pair<const char*, std::function<Tensor(const Tensor&)>>> ops = {
      {"sum", [](const Tensor& t) { return t.sum({0}); }},
      {"mean", [](const Tensor& t) { return t.mean({1}, true); }},
      {"prod", [](const Tensor& t) { return t.prod(1); }},
      {"prod full", [](const Tensor& t) { return t.prod(); }},
      {"max", [](const Tensor& t) { return std::get<0>(t.max(0)); }},
      {"amin", [](const Tensor& t) { return t.amin({1}); }},
      {"var", [](const Tensor& t) { return t.var(IntArrayRef{0}); }},
      {"std", [](const Tensor& t) { return t.std(IntArrayRef{1}, std::optional<int64_t>(0), true); }},
      {"var_mean", [](const Tensor& t) { auto [v, m] = var_mean(t, IntArrayRef{0}); return v + m * 3; }},
      {"std_mean", [](const Tensor& t) { auto [v, m] = std_mean(t); return v * m; }},
      {"norm 2", [](const Tensor& t) { return t.norm(2, {1}); }},
      {"norm 3", [](const Tensor& t) { return t.norm(3, {0}, true); }},
      {"norm 1.5", [](const Tensor& t) { return t.norm(1.5); }},
      {"logsumexp", [](const Tensor& t) { return t.logsumexp({0}); }},
      {"cumsum", [](const Tensor& t) { return t.cumsum(1); }},
      {"cumprod", [](const Tensor& t) { return t.cumprod(0); }},
      {"median", [](const Tensor& t) { return std::get<0>(t.median(1)); }},
  };
  for (auto& [name, f] : ops) {
    SCOPED_TRACE(name);
    auto fn = [f = f](const autograd::variable_list& in) { return autograd::variable_list{f(in[0])}; };
    const Tensor& input = std::string(name).rfind("norm", 0) == 0 ? positive : x;
    EXPECT_TRUE(autograd::gradcheck(fn, {input}));
    EXPECT_TRUE(autograd::gradgradcheck(fn, {input}));
  }
}

TEST(Reduce, ErrorsNameTheOp) {
  Tensor a = ones({2, 3});
  expect_error([&] { a.sum({2}); }, "sum", "out of range");
  expect_error([&] { a.sum({0, -2}); }, "sum", "multiple times");
  expect_error([&] { argmax(ones({2}, kBool)); }, "argmax", "Bool");
  expect_error([&] { median(empty({0, 2}), 0); }, "median", "non-zero size");
  expect_error([&] { norm(a, "nuc"); }, "norm", "nuc");
}

}  // namespace
}  // namespace ember
