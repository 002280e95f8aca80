// View ops under autograd: LibTorch's node names, gradients, double backward through the
// *_backward ops, and in-place writes through views (CopySlices).
#include <ember/ember.h>
#include <gtest/gtest.h>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::grad;

std::vector<double> values_of(const Tensor& t) {
  Tensor d = t.detach().to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

Tensor leaf(IntArrayRef sizes) {
  return arange(product(sizes), kDouble).reshape(sizes).set_requires_grad(true);
}

TEST(ViewAutograd, NodeNamesMatchLibTorch) {
  Tensor x = leaf({3, 4});
  Tensor x3 = leaf({2, 3, 4});
  auto name = [](const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : std::string("none"); };
  EXPECT_EQ(name(x.view({12})), "ViewBackward0");
  EXPECT_EQ(name(x.reshape({12})), "ReshapeAliasBackward0");
  EXPECT_EQ(name(x.t().reshape({12})), "UnsafeViewBackward0");
  EXPECT_EQ(name(x.permute({1, 0})), "PermuteBackward0");
  EXPECT_EQ(name(x.transpose(0, 1)), "TransposeBackward0");
  EXPECT_EQ(name(x.t()), "TBackward0");
  EXPECT_EQ(name(x.narrow(0, 1, 1)), "SliceBackward0");
  EXPECT_EQ(name(x.select(0, 1)), "SelectBackward0");
  EXPECT_EQ(name(x[0]), "SelectBackward0");
  EXPECT_EQ(name(x.slice(0, 1, 2)), "SliceBackward0");
  EXPECT_EQ(name(x.expand({2, 3, 4})), "ExpandBackward0");
  EXPECT_EQ(name(x.unsqueeze(0).squeeze()), "SqueezeBackward0");
  EXPECT_EQ(name(x.unsqueeze(0).squeeze(0)), "SqueezeBackward1");
  EXPECT_EQ(name(x.unsqueeze(0)), "UnsqueezeBackward0");
  EXPECT_EQ(name(x3.flatten(1)), "ReshapeAliasBackward0");
  EXPECT_EQ(name(x.unflatten(1, {2, 2})), "ViewBackward0");
  EXPECT_EQ(name(x.diagonal()), "DiagonalBackward0");
  EXPECT_EQ(name(x.as_strided({2}, {1})), "AsStridedBackward0");
  EXPECT_EQ(name(x.unfold(0, 2, 1)), "UnfoldBackward0");
  EXPECT_EQ(name(x3.movedim(0, 2)), "PermuteBackward0");
  EXPECT_EQ(name(x.alias()), "AliasBackward0");
  EXPECT_EQ(name(x.clone()), "CloneBackward0");
  EXPECT_EQ(name(x.contiguous()), "none");  // already contiguous: x itself
  EXPECT_EQ(name(x.t().contiguous()), "CloneBackward0");
  EXPECT_EQ(name(x.to(kFloat)), "ToCopyBackward0");
  EXPECT_EQ(name(x.view_as(x)), "ViewBackward0");
  EXPECT_EQ(name(x.mT()), "TransposeBackward0");
  EXPECT_FALSE(x.view(kLong).requires_grad());  // reinterpreting bits is not differentiable
  EXPECT_FALSE(x.to(kLong).requires_grad());
  EXPECT_TRUE(x.flatten(0, 0).is_same(x));
}

// d/dx sum(w * view(x)) = the weights scattered back to where each view element came from.
void expect_view_grad(const std::function<Tensor(const Tensor&)>& view_op, IntArrayRef in_sizes,
                      const std::vector<double>& expected) {
  Tensor x = leaf(in_sizes);
  Tensor v = view_op(x);
  Tensor w = arange(v.numel(), kDouble).add(1).reshape(v.sizes());
  (v * w).sum().backward();
  expect_values(x.grad(), expected);
}

TEST(ViewAutograd, Gradients) {
  expect_view_grad([](const Tensor& x) { return x.select(0, 1); }, {2, 3}, {0, 0, 0, 1, 2, 3});
  expect_view_grad([](const Tensor& x) { return x.slice(1, 0, 3, 2); }, {2, 3}, {1, 0, 2, 3, 0, 4});
  expect_view_grad([](const Tensor& x) { return x.t(); }, {2, 3}, {1, 3, 5, 2, 4, 6});
  expect_view_grad([](const Tensor& x) { return x.permute({1, 0}); }, {2, 3}, {1, 3, 5, 2, 4, 6});
  expect_view_grad([](const Tensor& x) { return x.expand({2, 2, 3}); }, {2, 3}, {8, 10, 12, 14, 16, 18});
  expect_view_grad([](const Tensor& x) { return x.diagonal(); }, {2, 3}, {1, 0, 0, 0, 2, 0});
  expect_view_grad([](const Tensor& x) { return x.diagonal(1); }, {2, 3}, {0, 1, 0, 0, 0, 2});
  // windows [0,1] [1,2] [2,3] of a length-4 vector: middle elements sum two weights.
  expect_view_grad([](const Tensor& x) { return x.unfold(0, 2, 1); }, {4}, {1, 2 + 3, 4 + 5, 6});
  expect_view_grad([](const Tensor& x) { return x.unfold(0, 2, 2); }, {5}, {1, 2, 3, 4, 0});
  // Overlapping as_strided outputs sum their gradients.
  expect_view_grad([](const Tensor& x) { return x.as_strided({2, 2}, {1, 1}); }, {3}, {1, 2 + 3, 4, });
  expect_view_grad([](const Tensor& x) { return x.view({3, 2}).unsqueeze(1).squeeze(); }, {2, 3},
                   {1, 2, 3, 4, 5, 6});
  expect_view_grad([](const Tensor& x) { return x.t().reshape({6}); }, {2, 3}, {1, 3, 5, 2, 4, 6});
}

TEST(ViewAutograd, DoubleBackwardThroughViewBackwardOps) {
  // f = sum(view(x)^2) -> df/dx = 2 * scatter(view(x)); differentiate sum(w * df/dx) again.
  std::vector<std::function<Tensor(const Tensor&)>> views = {
      [](const Tensor& x) { return x.select(1, 2); },
      [](const Tensor& x) { return x.slice(0, 1, 3); },
      [](const Tensor& x) { return x.diagonal(-1); },
      [](const Tensor& x) { return x.unfold(1, 2, 1); },
      [](const Tensor& x) { return x.as_strided({2, 2}, {4, 1}, 1); },
      [](const Tensor& x) { return x.t().expand({2, 4, 3}); },
  };
  for (const auto& view_op : views) {
    Tensor x = leaf({3, 4});
    Tensor v = view_op(x);
    Tensor g = grad({(v * v).sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
    EXPECT_TRUE(g.requires_grad());
    // d/dx sum(g * x) where g = 2 * A^T A x (A the linear view map): = 4 A^T A x, i.e. 2 g.
    Tensor gg = grad({(g * x).sum()}, {x})[0];
    expect_values(gg, values_of(g * 2));
  }
}

TEST(ViewAutograd, SelectBackwardIsDifferentiable) {
  Tensor g = tensor({1.0, 2.0, 3.0}, kDouble).set_requires_grad(true);
  Tensor s = select_backward(g, {2, 3}, 0, 1);
  EXPECT_EQ(s.grad_fn()->name(), "SelectBackwardBackward0");
  expect_values(s, {0, 0, 0, 1, 2, 3});
  (s * arange(6, kDouble).reshape({2, 3})).sum().backward();
  expect_values(g.grad(), {3, 4, 5});
  expect_error([&] { select_backward(Tensor(), {2}, 0, 0); }, "select_backward");
}

TEST(ViewAutograd, InPlaceThroughViewRebasesTheBase) {
  // y = x * 1; y[0] *= 2  =>  y = [2 x0; x1], dy/dx = diag(2, 1).
  Tensor x = leaf({2, 3});
  Tensor y = x * 1;
  Tensor v = y[0];
  v.mul_(2);
  EXPECT_EQ(y.grad_fn()->name(), "torch::autograd::CopySlices");
  EXPECT_FALSE(v.is_leaf());
  expect_values(y, {0, 2, 4, 3, 4, 5});
  (y * arange(6, kDouble).reshape({2, 3})).sum().backward();
  expect_values(x.grad(), {0, 2, 4, 3, 4, 5});
}

TEST(ViewAutograd, CopyIntoViewGivesGradientToSourceAndZeroToOverwritten) {
  Tensor x = leaf({2, 3});
  Tensor z = tensor({10.0, 20.0, 30.0}, kDouble).set_requires_grad(true);
  Tensor y = x * 1;
  y.select(0, 1).copy_(z);
  expect_values(y, {0, 1, 2, 10, 20, 30});
  Tensor w = arange(6, kDouble).add(1).reshape({2, 3});
  (y * w).sum().backward();
  expect_values(x.grad(), {1, 2, 3, 0, 0, 0});
  expect_values(z.grad(), {4, 5, 6});
}

TEST(ViewAutograd, FillingABufferMakesItDifferentiable) {
  // The "out = zeros; out[i] = f(x)" pattern: the buffer takes a history.
  Tensor x = tensor({1.0, 2.0}, kDouble).set_requires_grad(true);
  Tensor out = zeros({2, 2}, kDouble);
  out[0].copy_(x * 3);
  out[1].copy_(x * x);
  EXPECT_FALSE(out.is_leaf());
  EXPECT_TRUE(out.requires_grad());
  out.sum().backward();
  expect_values(x.grad(), {3 + 2 * 1.0, 3 + 2 * 2.0});
}

TEST(ViewAutograd, OtherViewsSeeTheWrite) {
  // A view taken before the write re-derives its history from the rebased base.
  Tensor x = leaf({2, 2});
  Tensor y = x * 1;
  Tensor row1 = y[1];
  Tensor col0 = y.select(1, 0);
  row1.mul_(3);  // y = [[x0, x1], [3 x2, 3 x3]]
  (col0 * tensor({1.0, 1.0}, kDouble)).sum().backward();  // col0 = [x0, 3 x2]
  expect_values(x.grad(), {1, 0, 3, 0});
}

TEST(ViewAutograd, InPlaceOnViewOfLeafThrows) {
  Tensor x = leaf({2, 2});
  expect_error([&] { x[0].mul_(2); }, "mul_", "a view of a leaf Variable that requires grad");
  expect_error([&] { x.mul_(2); }, "mul_", "a leaf Variable that requires grad");
  expect_error([&] { x[0].copy_(ones({2}, kDouble)); }, "copy_", "a view of a leaf Variable");
  {
    NoGradGuard no_grad;
    x[0].mul_(2);  // allowed without grad mode
  }
  expect_values(x, {0, 2, 2, 3});
}

TEST(ViewAutograd, ViewOfViewInPlaceAndDoubleBackward) {
  Tensor x = leaf({2, 3});
  Tensor y = x * x;                  // y = x^2
  y.t().select(0, 2).mul_(y.t().select(0, 0).detach() + 1);  // column 2 *= (column 0 + 1)
  // y[:,2] = x[:,2]^2 * (x[:,0]^2 + 1) with the factor treated as a constant.
  Tensor g = grad({y.sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  // dy/dx = 2x for columns 0,1; 2 x * (x0^2 + 1) for column 2.
  expect_values(g, {0, 2, 4 * 1, 6, 8, 10 * 10});
  Tensor gg = grad({g.sum()}, {x})[0];
  expect_values(gg, {2, 2, 2 * 1, 2, 2, 2 * 10});
}

TEST(ViewAutograd, InPlaceMetadataOps) {
  Tensor x = leaf({2, 3});
  Tensor y = x * 1;
  y.t_();
  EXPECT_EQ(y.sizes(), IntArrayRef({3, 2}));
  y.unsqueeze_(0);
  (y * arange(6, kDouble).reshape({1, 3, 2})).sum().backward();
  expect_values(x.grad(), {0, 2, 4, 1, 3, 5});
  expect_error([&] { x.t_(); }, "t_", "leaf Variable");
}

}  // namespace
}  // namespace ember
