// Custom autograd functions (Function<T>, AutogradContext, IValue), double backward through
// them, and the errors of their misuse.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::AutogradContext;
using autograd::Function;
using autograd::IValue;
using autograd::variable_list;

// y = x^3 * c, backward written in ember ops (so it is differentiable again).
struct CubeScaled : Function<CubeScaled> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x, double c) {
    ctx->save_for_backward({x});
    ctx->saved_data["c"] = c;
    ctx->saved_data["tag"] = "cube";
    ctx->saved_data["shape"] = std::vector<int64_t>(x.sizes().begin(), x.sizes().end());
    return x * x * x * c;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    Tensor x = ctx->get_saved_variables()[0];
    double c = ctx->saved_data["c"].toDouble();
    EXPECT_EQ(ctx->saved_data["tag"].toStringRef(), "cube");
    EXPECT_EQ(ctx->saved_data["shape"].toIntVector(), std::vector<int64_t>({2}));
    return {grads[0] * x * x * (3 * c), Tensor()};
  }
};

TEST(CustomFunction, ForwardBackwardAndDoubleBackward) {
  Tensor x = tensor({1.0, 2.0}, kDouble).set_requires_grad(true);
  Tensor y = CubeScaled::apply(x, 2.0);
  expect_values(y, {2, 16});
  EXPECT_NE(y.grad_fn()->name().find("CppNode<"), std::string::npos);
  EXPECT_NE(y.grad_fn()->name().find("CubeScaled"), std::string::npos);
  Tensor g = autograd::grad({y.sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  expect_values(g, {6, 24});  // 6 x^2
  Tensor gg = autograd::grad({g.sum()}, {x})[0];
  expect_values(gg, {12, 24});  // 12 x
  EXPECT_TRUE(autograd::gradcheck([](const variable_list& in) { return variable_list{CubeScaled::apply(in[0], 2.0)}; },
                                  {x}));
  EXPECT_TRUE(autograd::gradgradcheck(
      [](const variable_list& in) { return variable_list{CubeScaled::apply(in[0], 2.0)}; }, {x}));
}

// Two outputs, one non-differentiable; saves an output; uses needs_input_grad.
struct SquareAndFlag : Function<SquareAndFlag> {
  static variable_list forward(AutogradContext* ctx, const Tensor& a, const Tensor& b) {
    Tensor out = a * a + b;
    Tensor flag = (out * 0);
    ctx->save_for_backward({a, out});
    ctx->mark_non_differentiable({flag});
    return {out, flag};
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    variable_list saved = ctx->get_saved_variables();
    EXPECT_TRUE(saved[1].defined());
    return {ctx->needs_input_grad(0) ? grads[0] * saved[0] * 2 : Tensor(),
            ctx->needs_input_grad(1) ? grads[0] : Tensor()};
  }
};

TEST(CustomFunction, MultipleOutputsNonDifferentiableAndNeedsInputGrad) {
  Tensor a = tensor({3.0}, kDouble).set_requires_grad(true);
  Tensor b = tensor({1.0}, kDouble);  // no grad needed
  variable_list out = SquareAndFlag::apply(a, b);
  EXPECT_TRUE(out[0].requires_grad());
  EXPECT_FALSE(out[1].requires_grad());
  EXPECT_FALSE(out[0].grad_fn()->needs_input_grad(1));
  out[0].sum().backward();
  expect_values(a.grad(), {6});
}

// Modifies its input in place and returns it.
struct DoubleInPlace : Function<DoubleInPlace> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    x.mul_(2);
    ctx->mark_dirty({x});
    return x;
  }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0] * 2}; }
};

TEST(CustomFunction, MarkDirtyRebasesTheInput) {
  Tensor x = tensor({1.0, 2.0}, kDouble).set_requires_grad(true);
  Tensor y = x * 1;
  Tensor r = DoubleInPlace::apply(y);
  EXPECT_TRUE(r.is_same(y));
  expect_values(y, {2, 4});
  EXPECT_NE(y.grad_fn()->name().find("DoubleInPlace"), std::string::npos);
  (y * tensor({1.0, 10.0}, kDouble)).sum().backward();
  expect_values(x.grad(), {2, 20});
  // Through a view: the base is rebased.
  Tensor x2 = tensor({1.0, 2.0, 3.0}, kDouble).set_requires_grad(true);
  Tensor base = x2 * 1;
  DoubleInPlace::apply(base.slice(0, 1, 3));
  expect_values(base, {1, 4, 6});
  base.sum().backward();
  expect_values(x2.grad(), {1, 2, 2});
  // A leaf requiring grad cannot be modified in place.
  expect_error([&] { DoubleInPlace::apply(x); }, "Function::apply", "leaf Variable");
}

struct Passthrough : Function<Passthrough> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x) {
    ctx->set_materialize_grads(false);
    return x;
  }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0] * 5}; }
};

TEST(CustomFunction, InputReturnedAsIsGetsANewHistory) {
  Tensor x = tensor({1.0}, kDouble).set_requires_grad(true);
  Tensor y = Passthrough::apply(x);
  EXPECT_FALSE(y.is_same(x));
  EXPECT_FALSE(y.is_leaf());
  EXPECT_TRUE(x.is_leaf());
  y.sum().backward();
  expect_values(x.grad(), {5});
}

struct WrongCount : Function<WrongCount> {
  static Tensor forward(AutogradContext*, const Tensor& x) { return x * 1; }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0], grads[0]}; }
};

struct ModifiesSaved : Function<ModifiesSaved> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x) {
    ctx->save_for_backward({x});
    return x * 1;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    return {grads[0] * ctx->get_saved_variables()[0]};
  }
};

TEST(CustomFunction, Errors) {
  Tensor x = tensor({1.0}, kDouble).set_requires_grad(true);
  expect_error([&] { WrongCount::apply(x).sum().backward(); }, "backward", "incorrect number of gradients");
  Tensor y = x * 1;
  Tensor z = ModifiesSaved::apply(y);
  y.mul_(3);
  expect_error([&] { z.sum().backward(); }, "backward", "modified by an inplace operation");
  Tensor w = ModifiesSaved::apply(x * 1);
  w.sum().backward();
  expect_error([&] { w.sum().backward(); }, "backward", "second time");
  IValue v(2.5);
  EXPECT_TRUE(v.isDouble());
  expect_error([&] { v.toTensor(); }, "IValue", "expected Tensor but got Double");
  EXPECT_EQ(IValue(int64_t{3}).toDouble(), 3.0);
  EXPECT_TRUE(IValue(true).toBool());
  EXPECT_TRUE(IValue(x).toTensor().is_same(x));
  // No input requires grad: nothing is recorded.
  EXPECT_FALSE(CubeScaled::apply(tensor({1.0}, kDouble), 1.0).requires_grad());
}

}  // namespace
}  // namespace ember
