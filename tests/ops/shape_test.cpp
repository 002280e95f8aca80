// Unit tests for src/ops/shape.cpp and src/ops/scatter_gather.cpp: worked-out values, edge
// cases, error messages, and gradients (first and second order).
#include "core/test_util.h"

namespace ember {
namespace {

Tensor arange_f(int64_t n, IntArrayRef shape) { return arange(n, kFloat).reshape(shape); }

Tensor grad_of(const Tensor& out, const Tensor& x, bool create_graph = false) {
  return autograd::grad({out}, {x}, {}, std::nullopt, create_graph)[0];
}

TEST(Cat, JoinsAlongDimAndPromotes) {
  Tensor a = arange_f(4, {2, 2});
  Tensor b = tensor({{7, 8}}).to(kInt);
  Tensor out = cat({a, b});
  EXPECT_EQ(out.dtype(), kFloat);
  EXPECT_EQ(out.sizes(), IntArrayRef({3, 2}));
  expect_values(out, {0, 1, 2, 3, 7, 8});
  expect_values(cat({a, a.t()}, -1), {0, 1, 0, 2, 2, 3, 1, 3});
}

TEST(Cat, SkipsLegacyEmptyOneDimTensors) {
  Tensor a = arange_f(4, {2, 2});
  Tensor out = cat({empty({0}, kDouble), a, empty({0}, kInt)}, 1);
  EXPECT_EQ(out.dtype(), kDouble);
  expect_values(out, {0, 1, 2, 3});
  EXPECT_EQ(cat({empty({0}), empty({0})}).sizes(), IntArrayRef({0}));
}

TEST(Cat, Errors) {
  expect_error([] { cat({empty({2, 3}), empty({2, 4})}); }, "cat", "sizes of tensors must match");
  expect_error([] { cat({empty({2, 3}), empty({2, 3, 1})}); }, "cat", "same number of dimensions");
  expect_error([] { cat({empty({}), empty({})}); }, "cat", "zero-dimensional");
  expect_error([] { cat(std::vector<Tensor>{}); }, "cat", "non-empty");
  expect_error([] { cat({empty({2})}, 1); }, "cat", "out of range");
}

TEST(Cat, GradientIsSlicesOfTheOutputGradient) {
  Tensor a = arange_f(4, {2, 2}).requires_grad_();
  Tensor b = arange_f(2, {2, 1}).requires_grad_();
  Tensor out = cat({a, b}, 1);
  EXPECT_EQ(out.grad_fn()->name(), "CatBackward0");
  Tensor w = arange_f(6, {2, 3});
  auto g = autograd::grad({sum(out * w)}, {a, b});
  expect_values(g[0], {0, 1, 3, 4});
  expect_values(g[1], {2, 5});
}

TEST(Stack, NewDimAndGradient) {
  Tensor a = arange_f(3, {3}).requires_grad_();
  Tensor b = tensor({5.f, 6.f, 7.f});
  Tensor out = stack({a, b}, -1);
  EXPECT_EQ(out.sizes(), IntArrayRef({3, 2}));
  EXPECT_EQ(out.grad_fn()->name(), "StackBackward0");
  expect_values(out, {0, 5, 1, 6, 2, 7});
  expect_values(grad_of(sum(out * arange_f(6, {3, 2})), a), {0, 2, 4});
  expect_error([] { stack({empty({2}), empty({3})}); }, "stack", "equal size");
}

TEST(HstackVstack, AtLeast1dAnd2d) {
  expect_values(hstack({tensor(1.f), tensor({2.f, 3.f})}), {1, 2, 3});
  Tensor v = vstack({tensor({1.f, 2.f}), tensor({{3.f, 4.f}})});
  EXPECT_EQ(v.sizes(), IntArrayRef({2, 2}));
  expect_values(v, {1, 2, 3, 4});
  Tensor x = tensor({1.f, 2.f}).requires_grad_();
  expect_values(grad_of(sum(vstack({x, x}) * tensor({{1.f, 2.f}, {3.f, 4.f}})), x), {4, 6});
}

TEST(Split, PiecesAreViewsAndGradientJoins) {
  Tensor x = arange_f(10, {5, 2});
  std::vector<Tensor> pieces = split(x, 2);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[2].sizes(), IntArrayRef({1, 2}));
  EXPECT_EQ(static_cast<float*>(pieces[1].data_ptr()), static_cast<float*>(x.data_ptr()) + 4);
  expect_values(pieces[2], {8, 9});
  std::vector<Tensor> sizes = x.split({1, 1}, -1);
  expect_values(sizes[1], {1, 3, 5, 7, 9});
  Tensor y = arange_f(10, {5, 2}).requires_grad_();
  std::vector<Tensor> p = y.split(2);
  EXPECT_EQ(p[0].grad_fn()->name(), "SplitBackward0");
  expect_values(grad_of(sum(p[1]) * 2, y), {0, 0, 0, 0, 2, 2, 2, 2, 0, 0});
  expect_error([&] { split(x, -1); }, "split", "non-negative");
  expect_error([&] { split_with_sizes(x, {1, 2}); }, "split_with_sizes", "sum exactly to 5");
}

TEST(ChunkUnbind, Values) {
  Tensor x = arange_f(5, {5});
  std::vector<Tensor> c = chunk(x, 3);
  ASSERT_EQ(c.size(), 3u);  // ceil(5 / 3) = 2: pieces of 2, 2, 1
  expect_values(c[2], {4});
  EXPECT_EQ(chunk(empty({0}), 3).size(), 3u);
  expect_error([&] { chunk(x, 0); }, "chunk", "greater than 0");
  Tensor y = arange_f(6, {2, 3}).requires_grad_();
  std::vector<Tensor> u = unbind(y, 1);
  ASSERT_EQ(u.size(), 3u);
  expect_values(u[1], {1, 4});
  EXPECT_EQ(u[0].grad_fn()->name(), "UnbindBackward0");
  expect_values(grad_of(sum(u[2]), y), {0, 0, 1, 0, 0, 1});
}

TEST(IndexSelect, ValuesGradientAndErrors) {
  Tensor x = arange_f(6, {2, 3}).requires_grad_();
  Tensor idx = tensor({2, 0, 2});
  Tensor out = index_select(x, 1, idx);
  EXPECT_EQ(out.grad_fn()->name(), "IndexSelectBackward0");
  expect_values(out, {2, 0, 2, 5, 3, 5});
  expect_values(grad_of(sum(out), x), {1, 0, 2, 1, 0, 2});
  expect_error([&] { index_select(x, 0, tensor({7})); }, "index_select",
               "index 7 is out of bounds for dimension 0 with size 2");
  expect_error([&] { index_select(x, 0, tensor({1.5})); }, "index_select", "int64");
}

TEST(Gather, ValuesAndDoubleBackward) {
  Tensor x = arange_f(6, {2, 3}).requires_grad_();
  Tensor idx = tensor({{2, 2}, {0, 1}});
  Tensor out = gather(x, 1, idx);
  expect_values(out, {2, 2, 3, 4});
  // d/dx sum(gather(x)^2) = scatter_add of 2*x[idx]; its derivative in x again is diagonal.
  Tensor g = grad_of(sum(out * out), x, /*create_graph=*/true);
  expect_values(g, {0, 0, 8, 6, 8, 0});
  expect_values(grad_of(sum(g), x), {0, 0, 4, 2, 2, 0});
  expect_error([&] { gather(x, 1, tensor({{3}})); }, "gather", "index 3 is out of bounds for dimension 1 with size 3");
  expect_error([&] { gather(x, 1, tensor({{-1}})); }, "gather", "index -1 is out of bounds");
  expect_error([&] { gather(x, 1, tensor({0})); }, "gather", "same number of dimensions");
}

TEST(Scatter, SrcValueReduceAndGradients) {
  Tensor x = zeros({2, 3}).requires_grad_();
  Tensor src = tensor({{1.f, 2.f}, {3.f, 4.f}}).requires_grad_();
  Tensor idx = tensor({{2, 0}, {1, 2}});
  Tensor out = scatter(x, 1, idx, src);
  EXPECT_EQ(out.grad_fn()->name(), "ScatterBackward0");
  expect_values(out, {2, 0, 1, 0, 3, 4});
  auto g = autograd::grad({sum(out * arange_f(6, {2, 3}))}, {x, src});
  expect_values(g[0], {0, 1, 0, 3, 0, 0});
  expect_values(g[1], {2, 0, 4, 5});
  expect_values(scatter(zeros({2, 3}), 1, idx, 9), {9, 0, 9, 0, 9, 9});
  Tensor dup = tensor({{0, 0}, {1, 1}});
  expect_values(scatter(ones({2, 3}), 1, dup, tensor({{2.f, 3.f}, {4.f, 5.f}}), "multiply"), {6, 1, 1, 1, 20, 1});
  expect_values(scatter(ones({2, 3}), 1, dup, 2, "add"), {5, 1, 1, 1, 5, 1});
  expect_error([] { scatter(ones({2, 3}), 1, tensor({{0}}), 1, "max"); }, "scatter", "add or multiply");
  expect_error([] { scatter(ones({2, 3}), 1, tensor({{0}}), ones({1, 1}, kDouble)); }, "scatter", "dtype");
}

TEST(ScatterAdd, RepeatedPositionsAddUp) {
  Tensor out = scatter_add(zeros({3}, kLong), 0, tensor({0, 2, 0, 0}), tensor({1, 2, 3, 4}));
  expect_values(out, {8, 0, 2});
}

TEST(ScatterReduce, AllReductions) {
  Tensor self = tensor({1.f, 10.f, 5.f});
  Tensor idx = tensor({0, 0, 2});
  Tensor src = tensor({2.f, 3.f, 7.f});
  expect_values(scatter_reduce(self, 0, idx, src, "sum"), {6, 10, 12});
  expect_values(scatter_reduce(self, 0, idx, src, "sum", false), {5, 10, 7});
  expect_values(scatter_reduce(self, 0, idx, src, "prod"), {6, 10, 35});
  expect_values(scatter_reduce(self, 0, idx, src, "mean"), {2, 10, 6});
  expect_values(scatter_reduce(self, 0, idx, src, "mean", false), {2.5, 10, 7});
  expect_values(scatter_reduce(self, 0, idx, src, "amax"), {3, 10, 7});
  expect_values(scatter_reduce(self, 0, idx, src, "amin", false), {2, 10, 7});
  // Integer mean rounds down.
  expect_values(scatter_reduce(tensor({0, 0}), 0, tensor({0, 0}), tensor({1, 2}), "mean", false), {1, 0});
  expect_error([&] { scatter_reduce(self, 0, idx, src, "max"); }, "scatter_reduce", "sum, prod, mean, amax or amin");
}

TEST(ScatterReduce, AmaxGradientSharesTies) {
  Tensor self = tensor({3.f, 1.f}).requires_grad_();
  Tensor src = tensor({3.f, 2.f}).requires_grad_();
  Tensor out = scatter_reduce(self, 0, tensor({0, 0}), src, "amax");
  auto g = autograd::grad({sum(out)}, {self, src});
  expect_values(g[0], {0.5, 1});
  expect_values(g[1], {0.5, 0});
}

TEST(ScatterReduce, ProdGradientWithAZero) {
  Tensor self = tensor({2.f}).requires_grad_();
  Tensor src = tensor({0.f, 3.f}).requires_grad_();
  auto g = autograd::grad({sum(scatter_reduce(self, 0, tensor({0, 0}), src, "prod"))}, {self, src});
  expect_values(g[0], {0});
  expect_values(g[1], {6, 0});
}

TEST(IndexAddCopyFill, Values) {
  Tensor x = zeros({3, 2});
  expect_values(index_add(x, 0, tensor({0, 2, 0}), arange_f(6, {3, 2}), 2), {8, 12, 0, 0, 4, 6});
  expect_values(index_copy(x, 0, tensor({2}), tensor({{5.f, 6.f}})), {0, 0, 0, 0, 5, 6});
  expect_values(index_fill(x, 1, tensor({-1}), 4), {0, 4, 0, 4, 0, 4});
  expect_values(index_fill(x, 0, tensor({1}), tensor(3.f)), {0, 0, 3, 3, 0, 0});
  expect_error([&] { index_add(x, 0, tensor({3}), ones({1, 2})); }, "index_add", "index 3 is out of bounds");
  expect_error([&] { index_add(x, 0, tensor({0, 1}), ones({1, 2})); }, "index_add", "number of indices");
  expect_error([&] { index_copy(x, 0, tensor({0}).to(kInt), ones({1, 2})); }, "index_copy", "int64");
  expect_error([&] { index_fill(x, 1, tensor({0}), ones({2})); }, "index_fill", "0-dimensional");
}

TEST(IndexAddCopyFill, Gradients) {
  Tensor x = zeros({3, 2}).requires_grad_();
  Tensor s = ones({2, 2}).requires_grad_();
  Tensor w = arange_f(6, {3, 2});
  auto g = autograd::grad({sum(index_copy(x, 0, tensor({2, 0}), s) * w)}, {x, s});
  expect_values(g[0], {0, 0, 2, 3, 0, 0});
  expect_values(g[1], {4, 5, 0, 1});
  g = autograd::grad({sum(index_add(x, 0, tensor({2, 2}), s, 3) * w)}, {x, s});
  expect_values(g[0], {0, 1, 2, 3, 4, 5});
  expect_values(g[1], {12, 15, 12, 15});
}

TEST(Masked, FillSelectScatter) {
  Tensor x = arange_f(6, {2, 3});
  Tensor m = tensor({true, false, true});
  expect_values(masked_fill(x, m, -1), {-1, 1, -1, -1, 4, -1});
  expect_values(masked_fill(x, m, tensor(7.)), {7, 1, 7, 7, 4, 7});
  expect_values(masked_select(x, m), {0, 2, 3, 5});
  expect_values(masked_scatter(x, m, tensor({10.f, 11.f, 12.f, 13.f, 14.f})), {10, 1, 11, 12, 4, 13});
  expect_error([&] { masked_fill(x, tensor({1.f, 0.f, 1.f}), 0); }, "masked_fill", "bool");
  expect_error([&] { masked_scatter(x, m, ones({3})); }, "masked_scatter", "number of ones in mask (4)");
  Tensor y = arange_f(6, {2, 3});
  y.masked_fill_(m, 0);
  expect_values(y, {0, 1, 0, 0, 4, 0});
  expect_error([&] { ones({3}).masked_fill_(tensor({{true}, {false}}), 0); }, "masked_fill_", "doesn't match");
}

TEST(Masked, Gradients) {
  Tensor x = arange_f(6, {2, 3}).requires_grad_();
  Tensor m = tensor({true, false, true});
  Tensor w = arange_f(6, {2, 3}) + 1;
  expect_values(grad_of(sum(masked_fill(x, m, 0) * w), x), {0, 2, 0, 0, 5, 0});
  expect_values(grad_of(sum(masked_select(x, m) * tensor({1.f, 2.f, 3.f, 4.f})), x), {1, 0, 2, 3, 0, 4});
  Tensor src = zeros({5}).requires_grad_();
  auto g = autograd::grad({sum(masked_scatter(x, m, src) * w)}, {x, src});
  expect_values(g[0], {0, 2, 0, 0, 5, 0});
  expect_values(g[1], {1, 3, 4, 6, 0});
}

TEST(Take, FlatIndexAndGradient) {
  Tensor x = arange_f(6, {2, 3}).requires_grad_();
  Tensor out = take(x, tensor({{5, -6}, {1, 1}}));
  EXPECT_EQ(out.sizes(), IntArrayRef({2, 2}));
  expect_values(out, {5, 0, 1, 1});
  expect_values(grad_of(sum(out), x), {1, 2, 0, 0, 0, 1});
  expect_error([&] { take(x, tensor({6})); }, "take", "index 6 is out of bounds");
}

TEST(AdvancedIndex, Gradients) {
  Tensor x = arange_f(6, {3, 2}).requires_grad_();
  Tensor out = x.index({tensor({2, 0, 2})});
  EXPECT_EQ(out.grad_fn()->name(), "IndexBackward0");
  expect_values(grad_of(sum(out), x), {1, 1, 0, 0, 2, 2});
  Tensor v = ones({2}).requires_grad_();
  Tensor put = index_put(x, {tensor({1})}, v * 5);
  EXPECT_EQ(put.grad_fn()->name(), "IndexPutBackward0");
  expect_values(put, {0, 1, 5, 5, 4, 5});
  auto g = autograd::grad({sum(put * arange_f(6, {3, 2}))}, {x, v});
  expect_values(g[0], {0, 1, 0, 0, 4, 5});
  expect_values(g[1], {10, 15});
}

TEST(InPlace, TakesHistory) {
  Tensor x = arange_f(6, {2, 3}).requires_grad_();
  Tensor y = x * 1;
  y.scatter_(1, tensor({{0}, {2}}), 0.5);
  EXPECT_EQ(y.grad_fn()->name(), "ScatterBackward1");
  expect_values(y, {0.5, 1, 2, 3, 4, 0.5});
  expect_values(grad_of(sum(y), x), {0, 1, 1, 1, 1, 0});
  expect_error([&] { x.index_fill_(0, tensor({0}), 1); }, "index_fill_", "leaf");
}

}  // namespace
}  // namespace ember
