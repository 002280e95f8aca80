// Unit tests for src/ops/arrange.cpp: worked-out values, gradients of first and second order,
// and error messages that name the op.
#include <gtest/gtest.h>

#include "ember/ember.h"

namespace ember {
namespace {

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return {d.data_ptr<double>(), d.data_ptr<double>() + d.numel()};
}

void expect_error_names(const std::function<void()>& call, const std::string& op) {
  try {
    call();
    ADD_FAILURE() << "no error for " << op;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
  }
}

TEST(Arrange, FlipRollRot90) {
  Tensor x = arange(6).view({2, 3});
  EXPECT_EQ(values(flip(x, {1})), (std::vector<double>{2, 1, 0, 5, 4, 3}));
  EXPECT_EQ(values(flip(x.t(), {0, 1})), (std::vector<double>{5, 2, 4, 1, 3, 0}));
  EXPECT_EQ(values(roll(x, {1})), (std::vector<double>{5, 0, 1, 2, 3, 4}));
  EXPECT_EQ(values(roll(x, {-1, 1}, {1, 0})), (std::vector<double>{4, 5, 3, 1, 2, 0}));
  EXPECT_EQ(values(rot90(x)), (std::vector<double>{2, 5, 1, 4, 0, 3}));
  EXPECT_EQ(rot90(x).sizes(), IntArrayRef({3, 2}));
  EXPECT_EQ(values(rot90(x, -1, {1, 0})), values(rot90(x)));
}

TEST(Arrange, RepeatTileInterleave) {
  Tensor x = tensor({1, 2});
  EXPECT_EQ(values(x.repeat({2, 2})), (std::vector<double>{1, 2, 1, 2, 1, 2, 1, 2}));
  EXPECT_EQ(x.repeat({2, 2}).sizes(), IntArrayRef({2, 4}));
  EXPECT_EQ(x.tile({3}).sizes(), IntArrayRef({6}));
  EXPECT_EQ(values(repeat_interleave(x, 2)), (std::vector<double>{1, 1, 2, 2}));
  EXPECT_EQ(values(repeat_interleave(x, tensor({0, 3}), 0)), (std::vector<double>{2, 2, 2}));
  EXPECT_EQ(values(repeat_interleave(tensor({1, 2}))), (std::vector<double>{0, 1, 1}));
}

TEST(Arrange, TrilTriuOneHot) {
  Tensor x = ones({3, 3});
  EXPECT_EQ(values(tril(x)), (std::vector<double>{1, 0, 0, 1, 1, 0, 1, 1, 1}));
  EXPECT_EQ(values(triu(x, 1)), (std::vector<double>{0, 1, 1, 0, 0, 1, 0, 0, 0}));
  Tensor h = one_hot(tensor({2, 0}));
  EXPECT_EQ(h.sizes(), IntArrayRef({2, 3}));
  EXPECT_EQ(values(h), (std::vector<double>{0, 0, 1, 1, 0, 0}));
}

TEST(Arrange, Pad) {
  Tensor x = arange(3.0).view({1, 3});
  EXPECT_EQ(values(pad(x, {2, 1}, "reflect")), (std::vector<double>{2, 1, 0, 1, 2, 1}));
  EXPECT_EQ(values(pad(x, {2, 1}, "replicate")), (std::vector<double>{0, 0, 0, 1, 2, 2}));
  EXPECT_EQ(values(pad(x.view({1, 1, 3}), {1, 2}, "circular")), (std::vector<double>{2, 0, 1, 2, 0, 1}));
  EXPECT_EQ(values(constant_pad_nd(x, {-1, 1}, 7)), (std::vector<double>{1, 2, 7}));
}

// d/dx sum(w * f(x)) and then the second derivative through create_graph: for linear f the
// second derivative w.r.t. x is zero, and the gradient w.r.t. w of the first gradient is f(x)'s
// adjoint applied to ones, which checks that the backward itself is recorded.
void check_double_backward(const std::function<Tensor(const Tensor&)>& f, IntArrayRef shape) {
  Tensor x = arange(product(shape), kDouble).view(shape).set_requires_grad(true);
  Tensor y = f(x);
  Tensor w = ones(y.sizes(), kDouble).set_requires_grad(true);
  Tensor gx = autograd::grad({y}, {x}, {w}, std::nullopt, /*create_graph=*/true)[0];
  ASSERT_TRUE(gx.requires_grad());
  // gx = A^T w, so d sum(gx * x) / dw = A x = y.
  Tensor gw = autograd::grad({gx}, {w}, {x.detach()})[0];
  EXPECT_EQ(values(gw), values(y.detach()));
}

TEST(Arrange, DoubleBackward) {
  check_double_backward([](const Tensor& x) { return flip(x, {0}); }, {2, 3});
  check_double_backward([](const Tensor& x) { return roll(x, {1}, {1}); }, {2, 3});
  check_double_backward([](const Tensor& x) { return rot90(x, 1); }, {2, 3});
  check_double_backward([](const Tensor& x) { return x.repeat({2, 1}); }, {2, 3});
  check_double_backward([](const Tensor& x) { return repeat_interleave(x, tensor({1, 0, 2}), 1); }, {2, 3});
  check_double_backward([](const Tensor& x) { return tril(x); }, {2, 3});
  check_double_backward([](const Tensor& x) { return constant_pad_nd(x, {1, -1}); }, {2, 3});
  check_double_backward([](const Tensor& x) { return pad(x, {2, 1}, "reflect"); }, {2, 3});
}

TEST(Arrange, Errors) {
  Tensor x = ones({2, 3});
  expect_error_names([&] { flip(x, {0, 0}); }, "flip");
  expect_error_names([&] { roll(x, {}); }, "roll");
  expect_error_names([&] { rot90(x, 1, {0, 0}); }, "rot90");
  expect_error_names([&] { x.repeat({2}); }, "repeat");
  expect_error_names([&] { repeat_interleave(x, tensor({1, 2}), 1); }, "repeat_interleave");
  expect_error_names([&] { tril(ones({3})); }, "tril");
  expect_error_names([&] { one_hot(tensor({-1})); }, "one_hot");
  expect_error_names([&] { constant_pad_nd(x, {-2, -2}); }, "constant_pad_nd");
  expect_error_names([&] { pad(x.view({1, 2, 3}), {3, 3}, "reflect"); }, "pad");
}

}  // namespace
}  // namespace ember
