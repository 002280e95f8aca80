// Third derivatives of exp, sin, tanh, sigmoid and a matmul expression against closed forms.
// Move to tests/autograd/ once exp/sin/cos/tanh/sigmoid/matmul are merged (they come from the
// unary and linalg families).
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::grad;

const std::vector<double> kPoints = {-1.5, -0.3, 0.0, 0.7, 2.0};

// d^3 f / dx^3 elementwise, by three nested grads with create_graph.
Tensor third_derivative(const std::function<Tensor(const Tensor&)>& f, const Tensor& x) {
  Tensor g1 = grad({f(x).sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  Tensor g2 = grad({g1.sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  return grad({g2.sum()}, {x})[0];
}

void expect_third(const std::function<Tensor(const Tensor&)>& f, const std::function<double(double)>& closed) {
  Tensor x = tensor(kPoints, kDouble).set_requires_grad(true);
  std::vector<double> expected;
  for (double p : kPoints) expected.push_back(closed(p));
  expect_values(third_derivative(f, x), expected, 1e-10);
}

TEST(HigherOrder, Exp) {
  expect_third([](const Tensor& x) { return exp(x); }, [](double x) { return std::exp(x); });
}

TEST(HigherOrder, Sin) {
  expect_third([](const Tensor& x) { return sin(x); }, [](double x) { return -std::cos(x); });
}

TEST(HigherOrder, Tanh) {
  expect_third([](const Tensor& x) { return tanh(x); }, [](double x) {
    double t = std::tanh(x);
    return (1 - t * t) * (6 * t * t - 2);
  });
}

TEST(HigherOrder, Sigmoid) {
  expect_third([](const Tensor& x) { return sigmoid(x); }, [](double x) {
    double s = 1 / (1 + std::exp(-x));
    return s * (1 - s) * (1 - 6 * s + 6 * s * s);
  });
}

TEST(HigherOrder, MatmulCubed) {
  // f(x) = sum((A x)^3); the third derivative along v, v: D^3 f[v, v, .] = A^T (6 (A v)^2).
  std::vector<std::vector<double>> a = {{1, 2, 0}, {-1, 0.5, 3}};
  std::vector<double> v = {0.5, -1, 2};
  Tensor A = tensor({{1.0, 2.0, 0.0}, {-1.0, 0.5, 3.0}}, kDouble);
  Tensor vt = tensor(v, kDouble);
  Tensor x = tensor({0.3, -0.2, 0.1}, kDouble).set_requires_grad(true);
  Tensor ax = matmul(A, x);
  Tensor g1 = grad({(ax * ax * ax).sum()}, {x}, {}, std::nullopt, true)[0];
  Tensor g2 = grad({(g1 * vt).sum()}, {x}, {}, std::nullopt, true)[0];
  Tensor g3 = grad({(g2 * vt).sum()}, {x})[0];
  std::vector<double> expected(3, 0.0);
  for (size_t i = 0; i < a.size(); ++i) {
    double av = 0;
    for (size_t k = 0; k < 3; ++k) av += a[i][k] * v[k];
    for (size_t k = 0; k < 3; ++k) expected[k] += 6 * av * av * a[i][k];
  }
  expect_values(g3, expected, 1e-10);
  EXPECT_TRUE(autograd::gradgradcheck([&A](const autograd::variable_list& in) {
    Tensor y = matmul(A, in[0]);
    return autograd::variable_list{tanh(y) * sigmoid(y) + exp(sin(in[0])).sum()};
  }, {x}));
}

}  // namespace
}  // namespace ember
