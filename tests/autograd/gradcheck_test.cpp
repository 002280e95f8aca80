// gradcheck / gradgradcheck on ember ops, non-contiguous inputs, and reported failures.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::gradcheck;
using autograd::gradgradcheck;
using autograd::variable_list;

Tensor input(IntArrayRef sizes) {
  return arange(product(sizes), kDouble).add(0.5).div(3).reshape(sizes).set_requires_grad(true);
}

TEST(Gradcheck, PassesOnCorrectGradients) {
  auto fn = [](const variable_list& in) {
    return variable_list{(in[0] * in[1] / (in[1] + 2)).sum({1}), in[0].t() * 3};
  };
  EXPECT_TRUE(gradcheck(fn, {input({2, 3}), input({3})}));
  EXPECT_TRUE(gradgradcheck(fn, {input({2, 3}), input({3})}));
}

TEST(Gradcheck, NonContiguousInputs) {
  Tensor base = arange(12, kDouble).div(5).reshape({3, 4});
  Tensor x = base.t().detach().set_requires_grad(true);  // strides (1, 4)
  ASSERT_FALSE(x.is_contiguous());
  Tensor s = base.clone().slice(1, 0, 4, 2).detach().set_requires_grad(true);  // a gap every other element
  auto fn = [](const variable_list& in) { return variable_list{in[0].select(0, 1) * in[1].select(1, 0) * in[1].select(1, 1)}; };
  EXPECT_TRUE(gradcheck(fn, {x, s}));
  EXPECT_TRUE(gradgradcheck(fn, {x, s}));
  expect_error([&] { gradcheck(fn, {ones({1}, kDouble).expand({4, 3}).set_requires_grad(true), s}); },
               "gradcheck", "sharing memory");
}

TEST(Gradcheck, ViewOpsAndTheirBackwards) {
  auto check = [](const std::function<Tensor(const Tensor&)>& op) {
    auto fn = [op](const variable_list& in) { return variable_list{op(in[0]) * op(in[0])}; };
    EXPECT_TRUE(gradcheck(fn, {input({3, 4})}));
    EXPECT_TRUE(gradgradcheck(fn, {input({3, 4})}));
  };
  check([](const Tensor& x) { return x.select(0, -1); });
  check([](const Tensor& x) { return x.slice(1, 1, 4, 2); });
  check([](const Tensor& x) { return x.diagonal(1); });
  check([](const Tensor& x) { return x.unfold(1, 3, 1); });
  check([](const Tensor& x) { return x.as_strided({3, 3}, {1, 2}, 2); });
  check([](const Tensor& x) { return x.expand({2, 3, 4}); });
  check([](const Tensor& x) { return x.permute({1, 0}).reshape({2, 6}); });
  check([](const Tensor& x) { return x.unsqueeze(1).squeeze(1).flatten(); });
  // In-place through views inside the function.
  check([](const Tensor& x) {
    Tensor y = x.clone();
    y.select(1, 2).mul_(y.select(1, 0).clone());
    y.slice(0, 0, 2).copy_(x.slice(0, 1, 3) * 2);
    return y;
  });
}

TEST(Gradcheck, ReportsMismatches) {
  // A custom function with a wrong backward (factor 3 instead of 2).
  struct Wrong : autograd::Function<Wrong> {
    static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x) {
      ctx->save_for_backward({x});
      return x * x;
    }
    static variable_list backward(autograd::AutogradContext* ctx, variable_list g) {
      return {g[0] * ctx->get_saved_variables()[0] * 3};
    }
  };
  auto fn = [](const variable_list& in) { return variable_list{Wrong::apply(in[0])}; };
  Tensor x = input({2});
  EXPECT_FALSE(gradcheck(fn, {x}, 1e-6, 1e-5, 1e-3, /*raise_exception=*/false));
  expect_error([&] { gradcheck(fn, {x}); }, "gradcheck", "numerical 0.333");
  expect_error([&] { gradcheck(fn, {tensor({1.0})}); }, "gradcheck", "no input requires grad");
}

}  // namespace
}  // namespace ember
