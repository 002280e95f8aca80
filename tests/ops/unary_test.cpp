// Tests for src/ops/unary.cpp, src/ops/activation.cpp and src/cpu/unary_kernel.cpp: worked
// values, dtype rules, edge cases (NaN, infinities, integer wrap-around), the vector paths
// against the scalar one, gradient node names, second derivatives, and error messages.
#include <cmath>
#include <functional>
#include <limits>

#include "core/test_util.h"
#include "cpu/capability.h"

namespace ember {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Tensor doubles(const std::vector<double>& v) { return tensor(v, kDouble); }

// Like expect_values, but NaN must match NaN and infinities must match exactly.
void expect_values_nan(const Tensor& t, const std::vector<double>& values, double tol = 0) {
  ASSERT_EQ(t.numel(), static_cast<int64_t>(values.size()));
  Tensor d = t.to(kDouble).contiguous();
  const double* p = d.data_ptr<double>();
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(p[i])) << "at " << i << ": " << p[i];
    } else if (std::isinf(values[i])) {
      EXPECT_EQ(p[i], values[i]) << "at " << i;
    } else {
      EXPECT_NEAR(p[i], values[i], tol) << "at " << i;
    }
  }
}

TEST(Unary, WorkedValues) {
  Tensor x = doubles({-1.0, 0.0, 1.0});
  expect_values(exp(x), {std::exp(-1.0), 1.0, std::exp(1.0)}, 1e-15);
  expect_values(sigmoid(x), {0.2689414213699951, 0.5, 0.7310585786300049}, 1e-15);
  expect_values(tanh(x), {-0.7615941559557649, 0.0, 0.7615941559557649}, 1e-15);
  expect_values(erf(x), {-0.8427007929497149, 0.0, 0.8427007929497149}, 1e-15);
  expect_values(gelu(x), {-0.15865525393145707, 0.0, 0.8413447460685429}, 1e-15);
  expect_values(gelu(x, "tanh"), {-0.15880800939172324, 0.0, 0.8411919906082768}, 1e-15);
  expect_values(silu(x), {-0.2689414213699951, 0.0, 0.7310585786300049}, 1e-15);
  expect_values(mish(x), {-0.30340146137410895, 0.0, 0.8650983882673103}, 1e-15);
  expect_values(softplus(x), {0.31326168751822286, 0.6931471805599453, 1.3132616875182228}, 1e-15);
  expect_values(elu(x), {std::exp(-1.0) - 1, 0.0, 1.0}, 1e-15);
  expect_values(selu(x), {-1.1113307378125628, 0.0, 1.0507009873554805}, 1e-15);
  expect_values(celu(x, 2.0), {2 * (std::exp(-0.5) - 1), 0.0, 1.0}, 1e-15);
  expect_values(leaky_relu(x), {-0.01, 0.0, 1.0}, 1e-15);
  expect_values(hardsigmoid(x), {2.0 / 6, 0.5, 4.0 / 6}, 1e-15);
  expect_values(hardswish(x), {-2.0 / 6, 0.0, 4.0 / 6}, 1e-15);
  expect_values(softsign(x), {-0.5, 0.0, 0.5}, 1e-15);
  expect_values(relu6(doubles({-1, 3, 7})), {0, 3, 6});
  expect_values(hardtanh(doubles({-3, 0.5, 3}), -2, 2), {-2, 0.5, 2});
  expect_values(erfinv(doubles({-0.5, 0.0, 0.5, 0.9})),
                {-0.4769362762044699, 0.0, 0.4769362762044699, 1.1630871536766741}, 1e-14);
  expect_values(logit(doubles({0.25, 0.5})), {std::log(1.0 / 3), 0.0}, 1e-15);
  expect_values(logit(doubles({0.05, 0.5, 0.99}), 0.1), {std::log(0.1 / 0.9), 0.0, std::log(0.9 / 0.1)}, 1e-15);
  expect_values(exp2(doubles({3, -1})), {8, 0.5});
  expect_values(log10(doubles({1000})), {3}, 1e-15);
  expect_values(rsqrt(doubles({4})), {0.5});
}

TEST(Unary, Rounding) {
  Tensor x = doubles({-2.5, -0.5, 0.5, 1.5, 2.5, 2.7, -2.7});
  expect_values(round(x), {-2, -0.0, 0, 2, 2, 3, -3});  // half to even
  expect_values(floor(x), {-3, -1, 0, 1, 2, 2, -3});
  expect_values(ceil(x), {-2, -0.0, 1, 2, 3, 3, -2});
  expect_values(trunc(x), {-2, 0, 0, 1, 2, 2, -2});
  expect_values(frac(x), {-0.5, -0.5, 0.5, 0.5, 0.5, 0.7, -0.7}, 1e-15);
  expect_values(round(doubles({1.2345, -0.125, 1234.5}), 2), {1.23, -0.12, 1234.5}, 1e-12);
  expect_values(round(doubles({1234.5, 1250, -49}), -2), {1200, 1200, -0.0});
  // Integers: the identity, same dtype.
  Tensor i = tensor({-3, 4}, kInt);
  EXPECT_EQ(floor(i).dtype(), kInt);
  expect_values(round(i), {-3, 4});
}

TEST(Unary, DtypeRules) {
  EXPECT_EQ(exp(tensor({1, 2}, kInt)).dtype(), kFloat);
  EXPECT_EQ(sqrt(tensor({true, false}, kBool)).dtype(), kFloat);
  EXPECT_EQ(exp(tensor({1.0}, kHalf)).dtype(), kHalf);
  EXPECT_EQ(sigmoid(tensor({1.0}, kBFloat16)).dtype(), kBFloat16);
  EXPECT_EQ(abs(tensor({-3}, kChar)).dtype(), kChar);
  EXPECT_EQ(neg(tensor({3}, kLong)).dtype(), kLong);
  EXPECT_EQ(sign(tensor({true}, kBool)).dtype(), kBool);
  EXPECT_EQ(relu(tensor({-3, 3}, kShort)).dtype(), kShort);
  EXPECT_EQ(isnan(tensor({1.0})).dtype(), kBool);
  EXPECT_EQ(nan_to_num(tensor({1}, kInt)).dtype(), kInt);
  EXPECT_EQ(softsign(tensor({1}, kInt)).dtype(), kFloat);
  {
    set_default_dtype(kDouble);
    Tensor e = exp(tensor({1}, kInt));
    set_default_dtype(kFloat);
    EXPECT_EQ(e.dtype(), kDouble);
  }
  // Integer semantics: wrap-around as PyTorch, limits truncated to integers.
  expect_values(neg(tensor({1, 200}, kByte)), {255, 56});
  expect_values(abs(tensor({-128, -5}, kChar)), {-128, 5});
  expect_values(neg(tensor({std::numeric_limits<int64_t>::min() + 1}, kLong)), {9.223372036854775807e18});
  expect_values(sign(tensor({-7, 0, 9}, kInt)), {-1, 0, 1});
  expect_values(relu(tensor({-7, 0, 9}, kInt)), {0, 0, 9});
  expect_values(hardtanh(tensor({1, 2, 3}, kLong), 1.5, 2.5), {1, 2, 2});
  expect_values_nan(reciprocal(tensor({0, 2}, kInt)), {kInf, 0.5});
}

TEST(Unary, SpecialValues) {
  Tensor x = doubles({kNaN, kInf, -kInf, -0.0, 0.0});
  expect_values_nan(relu(x), {kNaN, kInf, 0, -0.0, 0});
  EXPECT_TRUE(std::signbit(relu(doubles({-0.0})).item<double>()));  // max(-0, 0) keeps -0
  expect_values_nan(sign(x), {0, 1, -1, 0, 0});
  expect_values_nan(hardtanh(x), {kNaN, 1, -1, -0.0, 0});
  expect_values_nan(sigmoid(x), {kNaN, 1, 0, 0.5, 0.5});
  expect_values_nan(gelu(x), {kNaN, kInf, kNaN, 0, 0});  // -inf * Phi(-inf) = -inf * 0
  expect_values_nan(frac(x), {kNaN, kNaN, kNaN, 0, 0});
  expect_values_nan(softplus(x), {kNaN, kInf, 0, std::log(2.0), std::log(2.0)}, 1e-15);
  expect_values_nan(log(doubles({0, -1})), {-kInf, kNaN});
  expect_values_nan(erfinv(doubles({1, -1, 1.5})), {kInf, -kInf, kNaN});
  expect_values(isnan(x), {1, 0, 0, 0, 0});
  expect_values(isinf(x), {0, 1, 1, 0, 0});
  expect_values(isfinite(x), {0, 0, 0, 1, 1});
  expect_values(isfinite(tensor({1, 2}, kInt)), {1, 1});
  expect_values(nan_to_num(x), {0, std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), 0, 0});
  expect_values(nan_to_num(x.to(kHalf)), {0, 65504, -65504, 0, 0});
  expect_values(nan_to_num(x, 1.5, 2.5, -3.5), {1.5, 2.5, -3.5, 0, 0});
  // Out of range replacements overflow to infinity in the tensor's dtype, as a C cast.
  expect_values_nan(nan_to_num(x.to(kFloat), 0.0, 1e40, -1e40), {0, kInf, -kInf, 0, 0});
}

// Every layout and 16-bit dtype goes through the same contiguous code: equal bits.
TEST(Unary, LayoutsGiveIdenticalResults) {
  Tensor base = randn({37, 19}, kFloat);
  Tensor t = base.transpose(0, 1);
  for (auto fn : std::vector<std::function<Tensor(const Tensor&)>>{
           [](const Tensor& x) { return exp(x); }, [](const Tensor& x) { return gelu(x); },
           [](const Tensor& x) { return tanh(x); }, [](const Tensor& x) { return mish(x); }}) {
    Tensor strided = fn(t).contiguous();
    Tensor contiguous = fn(t.contiguous());
    const float* a = strided.data_ptr<float>();
    const float* b = contiguous.data_ptr<float>();
    for (int64_t i = 0; i < t.numel(); ++i) ASSERT_EQ(a[i], b[i]) << "at " << i;
  }
}

// The AVX-512, AVX2 and scalar paths agree to within SLEEF's 1-ulp error bound: a few ulp of
// the result, or of 1 where the formula cancels (gelu of negative x is x * (1 + erf(...))).
TEST(Unary, VectorPathsMatchScalar) {
  using cpu::CpuCapability;
  struct Op {
    const char* name;
    std::function<Tensor(const Tensor&)> fn;
    double lo, hi;
  };
  std::vector<Op> ops = {
      {"exp", [](const Tensor& x) { return exp(x); }, -20, 20},
      {"exp2", [](const Tensor& x) { return exp2(x); }, -20, 20},
      {"expm1", [](const Tensor& x) { return expm1(x); }, -2, 2},
      {"log", [](const Tensor& x) { return log(x); }, 0.001, 100},
      {"log2", [](const Tensor& x) { return log2(x); }, 0.001, 100},
      {"log10", [](const Tensor& x) { return log10(x); }, 0.001, 100},
      {"log1p", [](const Tensor& x) { return log1p(x); }, -0.5, 100},
      {"sin", [](const Tensor& x) { return sin(x); }, -10, 10},
      {"cos", [](const Tensor& x) { return cos(x); }, -10, 10},
      {"tan", [](const Tensor& x) { return tan(x); }, -1.2, 1.2},
      {"asin", [](const Tensor& x) { return asin(x); }, -0.99, 0.99},
      {"acos", [](const Tensor& x) { return acos(x); }, -0.99, 0.99},
      {"atan", [](const Tensor& x) { return atan(x); }, -10, 10},
      {"sinh", [](const Tensor& x) { return sinh(x); }, -5, 5},
      {"cosh", [](const Tensor& x) { return cosh(x); }, -5, 5},
      {"tanh", [](const Tensor& x) { return tanh(x); }, -5, 5},
      {"erf", [](const Tensor& x) { return erf(x); }, -3, 3},
      {"erfc", [](const Tensor& x) { return erfc(x); }, -3, 3},
      {"sigmoid", [](const Tensor& x) { return sigmoid(x); }, -10, 10},
      {"silu", [](const Tensor& x) { return silu(x); }, -10, 10},
      {"gelu", [](const Tensor& x) { return gelu(x); }, -5, 5},
      {"gelu_tanh", [](const Tensor& x) { return gelu(x, "tanh"); }, -5, 5},
      {"relu", [](const Tensor& x) { return relu(x); }, -5, 5},
      {"neg", [](const Tensor& x) { return neg(x); }, -5, 5},
      {"abs", [](const Tensor& x) { return abs(x); }, -5, 5},
      {"sqrt", [](const Tensor& x) { return sqrt(x); }, 0, 5},
      {"rsqrt", [](const Tensor& x) { return rsqrt(x); }, 0.01, 5},
      {"reciprocal", [](const Tensor& x) { return reciprocal(x); }, 0.01, 5},
  };
  CpuCapability saved = cpu::cpu_capability();
  for (ScalarType dtype : {kFloat, kDouble}) {
    double rtol = dtype == kFloat ? 1e-6 : 1e-14;
    for (const Op& op : ops) {
      // 1000 + 3 elements: whole vectors and a tail for both widths.
      Tensor x = (rand({1003}, kDouble) * (op.hi - op.lo) + op.lo).to(dtype);
      cpu::set_cpu_capability(CpuCapability::Default);
      Tensor scalar = op.fn(x).to(kDouble);
      for (CpuCapability cap : {CpuCapability::Avx2, CpuCapability::Avx512}) {
        cpu::set_cpu_capability(cap);
        if (cpu::cpu_capability() != cap) continue;  // the CPU lacks it
        Tensor vec = op.fn(x).to(kDouble);
        const double* a = vec.data_ptr<double>();
        const double* b = scalar.data_ptr<double>();
        for (int64_t i = 0; i < x.numel(); ++i)
          ASSERT_NEAR(a[i], b[i], rtol * (std::abs(b[i]) + 1))
              << op.name << " " << dtype << " capability " << static_cast<int>(cap) << " at " << i;
      }
    }
  }
  cpu::set_cpu_capability(saved);
}

TEST(Unary, GradFnNames) {
  Tensor x = doubles({0.3, -0.4}).set_requires_grad(true);
  std::vector<std::pair<std::string, Tensor>> cases = {
      {"NegBackward0", -x},          {"NegBackward0", neg(x)},         {"AbsBackward0", abs(x)},
      {"ExpBackward0", exp(x)},      {"Log1PBackward0", log1p(x)},     {"RoundBackward0", round(x)},
      {"RoundBackward1", round(x, 1)}, {"ReluBackward0", relu(x)},     {"HardtanhBackward0", relu6(x)},
      {"EluBackward0", selu(x)},     {"CeluBackward0", celu(x)},       {"GeluBackward0", gelu(x, "tanh")},
      {"DivBackward0", softsign(x)}, {"NanToNumBackward0", nan_to_num(x)}, {"LogitBackward0", logit(x, 0.1)},
  };
  for (const auto& [name, y] : cases) {
    ASSERT_TRUE(y.grad_fn() != nullptr) << name;
    EXPECT_EQ(y.grad_fn()->name(), name);
  }
  EXPECT_FALSE(isnan(x).requires_grad());
}

// First and second derivatives against central differences, in double.
TEST(Unary, FirstAndSecondDerivatives) {
  struct Op {
    const char* name;
    std::function<Tensor(const Tensor&)> fn;
    std::vector<double> points;  // away from kinks
  };
  std::vector<double> general = {-1.7, -0.6, -0.15, 0.35, 0.8, 1.9};
  std::vector<double> unit = {0.1, 0.3, 0.55, 0.8};
  std::vector<double> positive = {0.2, 0.7, 1.3, 3.1};
  std::vector<Op> ops = {
      {"neg", [](const Tensor& x) { return neg(x); }, general},
      {"abs", [](const Tensor& x) { return abs(x) * x; }, general},
      {"reciprocal", [](const Tensor& x) { return reciprocal(x); }, positive},
      {"sqrt", [](const Tensor& x) { return sqrt(x); }, positive},
      {"rsqrt", [](const Tensor& x) { return rsqrt(x); }, positive},
      {"exp", [](const Tensor& x) { return exp(x); }, general},
      {"exp2", [](const Tensor& x) { return exp2(x); }, general},
      {"expm1", [](const Tensor& x) { return expm1(x); }, general},
      {"log", [](const Tensor& x) { return log(x); }, positive},
      {"log2", [](const Tensor& x) { return log2(x); }, positive},
      {"log10", [](const Tensor& x) { return log10(x); }, positive},
      {"log1p", [](const Tensor& x) { return log1p(x); }, positive},
      {"sin", [](const Tensor& x) { return sin(x); }, general},
      {"cos", [](const Tensor& x) { return cos(x); }, general},
      {"tan", [](const Tensor& x) { return tan(x); }, {-1.1, -0.3, 0.4, 1.0}},
      {"asin", [](const Tensor& x) { return asin(x); }, {-0.8, -0.2, 0.3, 0.7}},
      {"acos", [](const Tensor& x) { return acos(x); }, {-0.8, -0.2, 0.3, 0.7}},
      {"atan", [](const Tensor& x) { return atan(x); }, general},
      {"sinh", [](const Tensor& x) { return sinh(x); }, general},
      {"cosh", [](const Tensor& x) { return cosh(x); }, general},
      {"tanh", [](const Tensor& x) { return tanh(x); }, general},
      {"sigmoid", [](const Tensor& x) { return sigmoid(x); }, general},
      {"logit", [](const Tensor& x) { return logit(x); }, unit},
      {"logit_eps", [](const Tensor& x) { return logit(x, 0.2); }, {0.05, 0.3, 0.55, 0.9}},
      {"erf", [](const Tensor& x) { return erf(x); }, general},
      {"erfc", [](const Tensor& x) { return erfc(x); }, general},
      {"erfinv", [](const Tensor& x) { return erfinv(x); }, {-0.8, -0.2, 0.3, 0.7}},
      {"frac", [](const Tensor& x) { return frac(x) * x; }, general},
      {"nan_to_num", [](const Tensor& x) { return nan_to_num(x) * x; }, general},
      {"relu", [](const Tensor& x) { return relu(x) * x; }, general},
      {"relu6", [](const Tensor& x) { return relu6(x * 4) * x; }, general},
      {"hardtanh", [](const Tensor& x) { return hardtanh(x) * x; }, general},
      {"leaky_relu", [](const Tensor& x) { return leaky_relu(x, 0.2) * x; }, general},
      {"elu", [](const Tensor& x) { return elu(x, 0.7, 1.3, 0.9); }, general},
      {"selu", [](const Tensor& x) { return selu(x); }, general},
      {"celu", [](const Tensor& x) { return celu(x, 1.5); }, general},
      {"gelu", [](const Tensor& x) { return gelu(x); }, general},
      {"gelu_tanh", [](const Tensor& x) { return gelu(x, "tanh"); }, general},
      {"silu", [](const Tensor& x) { return silu(x); }, general},
      {"mish", [](const Tensor& x) { return mish(x); }, general},
      {"softplus", [](const Tensor& x) { return softplus(x, 2, 2); }, general},
      {"hardsigmoid", [](const Tensor& x) { return hardsigmoid(x * 2) * x; }, general},
      {"hardswish", [](const Tensor& x) { return hardswish(x * 2); }, general},
      {"softsign", [](const Tensor& x) { return softsign(x); }, general},
  };
  const double h = 1e-6;
  for (const Op& op : ops) {
    Tensor x = doubles(op.points).set_requires_grad(true);
    // g1 = f'(x) with a graph, g2 = f''(x).
    Tensor g1 = autograd::grad({op.fn(x).sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
    // A constant first derivative (neg) has no graph: its derivative is zero.
    Tensor g2 = g1.requires_grad() ? autograd::grad({g1.sum()}, {x})[0] : zeros_like(g1);
    Tensor xd = x.detach();
    Tensor fd1 = (op.fn(xd + h) - op.fn(xd - h)) / (2 * h);
    auto first = [&](const Tensor& at) {
      Tensor leaf = at.detach().set_requires_grad(true);
      return autograd::grad({op.fn(leaf).sum()}, {leaf})[0];
    };
    Tensor fd2 = (first(xd + h) - first(xd - h)) / (2 * h);
    const double* a1 = g1.data_ptr<double>();
    const double* b1 = fd1.data_ptr<double>();
    const double* a2 = g2.data_ptr<double>();
    const double* b2 = fd2.data_ptr<double>();
    for (size_t i = 0; i < op.points.size(); ++i) {
      EXPECT_NEAR(a1[i], b1[i], 1e-6 * (1 + std::abs(b1[i]))) << op.name << "' at " << op.points[i];
      EXPECT_NEAR(a2[i], b2[i], 1e-5 * (1 + std::abs(b2[i]))) << op.name << "'' at " << op.points[i];
    }
  }
}

TEST(Unary, PiecewiseGradients) {
  // relu'(0) = 0, abs'(0) = 0, hardtanh' is 0 at the limits, hardswish'(-3) = -0.5 (PyTorch).
  Tensor x = doubles({-3, -1, 0, 1, 3}).set_requires_grad(true);
  auto grad_of = [&](const Tensor& y) { return autograd::grad({y.sum()}, {x})[0]; };
  expect_values(grad_of(relu(x)), {0, 0, 0, 1, 1});
  expect_values(grad_of(abs(x)), {-1, -1, 0, 1, 1});
  expect_values(grad_of(hardtanh(x)), {0, 0, 1, 0, 0});
  expect_values(grad_of(hardswish(x)), {-0.5, 1.0 / 6, 0.5, 5.0 / 6, 1.5}, 1e-15);
  expect_values(grad_of(hardsigmoid(x)), {0, 1.0 / 6, 1.0 / 6, 1.0 / 6, 0}, 1e-15);
  expect_values(grad_of(floor(x)), {0, 0, 0, 0, 0});
  expect_values(grad_of(sign(x)), {0, 0, 0, 0, 0});
  // Large inputs: the masks never meet inf * 0.
  Tensor big = doubles({-1000, 1000, kInf}).set_requires_grad(true);
  expect_values(autograd::grad({elu(big).sum()}, {big})[0], {0, 1, 1});
  expect_values(autograd::grad({softplus(big).sum()}, {big})[0], {0, 1, 1});
  // logit: NaN outside [0, 1] without eps; zero outside [eps, 1 - eps] with it.
  Tensor p = doubles({-0.5, 0.5, 1.5}).set_requires_grad(true);
  expect_values_nan(autograd::grad({logit(p).sum()}, {p})[0], {kNaN, 4, kNaN});
  expect_values(autograd::grad({logit(p, 0.1).sum()}, {p})[0], {0, 4, 0});
}

TEST(Unary, InPlace) {
  Tensor x = doubles({0.0, 1.0});
  Tensor& r = x.exp_();
  EXPECT_EQ(&r, &x);
  expect_values(x, {1.0, std::exp(1.0)}, 1e-15);
  Tensor i = tensor({-2, 3}, kInt);
  i.relu_();
  expect_values(i, {0, 3});
  i.neg_().abs_();
  expect_values(i, {0, 3});
  Tensor t = doubles({-1.5, 0.5, 2.5}).unsqueeze(0).expand({2, 3}).contiguous().transpose(0, 1);
  hardtanh_(t);
  expect_values(t, {-1, -1, 0.5, 0.5, 1, 1});
  Tensor f = doubles({-2.5, 1.234});
  f.round_(1);
  expect_values(f, {-2.5, 1.2}, 1e-15);
}

TEST(Unary, Errors) {
  expect_error([] { neg(tensor({true}, kBool)); }, "neg", "logical_not");
  expect_error([] { -tensor({true}, kBool); }, "neg", "bool");
  expect_error([] { abs(tensor({true}, kBool)); }, "abs", "Bool");
  expect_error([] { floor(tensor({true}, kBool)); }, "floor", "Bool");
  expect_error([] { frac(tensor({1}, kInt)); }, "frac", "Int");
  expect_error([] { round(tensor({1}, kInt), 2); }, "round", "floating");
  expect_error([] { exp(Tensor()); }, "exp", "undefined");
  expect_error([] { tensor({1}, kInt).exp_(); }, "exp_", "Float");
  expect_error([] { relu(tensor({true}, kBool)); }, "relu", "Boolean");
  expect_error([] { hardtanh(tensor({1}, kByte), -1, 1); }, "hardtanh", "unsigned");
  expect_error([] { relu6(tensor({true}, kBool)); }, "relu6", "Bool");
  expect_error([] { gelu(tensor({1.0}), "fast"); }, "gelu", "none or tanh");
  expect_error([] { gelu(tensor({1}, kInt)); }, "gelu", "Int");
  expect_error([] { leaky_relu(tensor({1}, kLong)); }, "leaky_relu", "floating-point");
  expect_error([] { celu(tensor({1.0}), 0); }, "celu", "alpha cannot be 0");
  expect_error([] { softsign(tensor({true}, kBool)); }, "softsign", "Bool");
  expect_error([] { tensor({1.0}).set_requires_grad(true).sigmoid_(); }, "sigmoid_", "");
}

}  // namespace
}  // namespace ember
