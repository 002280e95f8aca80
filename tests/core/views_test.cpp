// Views share storage with their base; geometry and error messages as LibTorch.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include "test_util.h"

namespace ember {
namespace {

Tensor iota(IntArrayRef shape) { return arange(product(shape), kFloat).view(shape); }

TEST(Views, ViewSharesStorageAndInfersMinusOne) {
  Tensor a = iota({2, 6});
  Tensor v = a.view({3, -1});
  EXPECT_EQ(v.sizes(), IntArrayRef({3, 4}));
  EXPECT_EQ(v.data_ptr(), a.data_ptr());
  v.index_put_({0, 0}, 100.0);
  EXPECT_EQ(a.index({0, 0}).item<float>(), 100.0f);
  EXPECT_EQ(a._version(), v._version());
}

TEST(Views, ViewOfTransposedNeedsReshape) {
  Tensor a = iota({2, 3}).t();
  expect_error([&] { a.view({6}); }, "view", "reshape");
  Tensor r = a.reshape({6});
  EXPECT_TRUE(r.is_contiguous());
  expect_values(r, {0, 3, 1, 4, 2, 5});
  // A reshape that can be a view is one.
  Tensor b = iota({4, 3});
  EXPECT_EQ(b.reshape({2, 6}).data_ptr(), b.data_ptr());
}

TEST(Views, ViewErrors) {
  Tensor a = iota({2, 3});
  expect_error([&] { a.view({4, 2}); }, "view", "invalid for input of size 6");
  expect_error([&] { a.view({-1, -1}); }, "view", "only one dimension can be inferred");
  expect_error([&] { a.view({-3, 2}); }, "view", "invalid shape dimension");
}

TEST(Views, ViewAsDtype) {
  Tensor a = full({4}, 1.0f);
  Tensor bits = a.view(kInt);
  EXPECT_EQ(bits.index({0}).item<int64_t>(), 0x3f800000);
  Tensor bytes = a.view(kByte);
  EXPECT_EQ(bytes.sizes(), IntArrayRef({16}));
  EXPECT_EQ(bytes.index({3}).item<int64_t>(), 0x3f);
  expect_error([&] { arange(6, kFloat).view({2, 3}).t().view(kDouble); }, "view", "stride 1");
  expect_error([&] { arange(3, kFloat).view(kDouble); }, "view", "divisible");
}

TEST(Views, PermuteTransposeT) {
  Tensor a = iota({2, 3, 4});
  Tensor p = a.permute({2, 0, 1});
  EXPECT_EQ(p.sizes(), IntArrayRef({4, 2, 3}));
  EXPECT_EQ(p.strides(), IntArrayRef({1, 12, 4}));
  EXPECT_EQ(p.index({3, 1, 2}).item<float>(), a.index({1, 2, 3}).item<float>());
  Tensor n = a.permute({-1, -3, -2});
  EXPECT_EQ(n.strides(), p.strides());
  expect_error([&] { a.permute({0, 1}); }, "permute", "number of dims");
  expect_error([&] { a.permute({0, 1, 1}); }, "permute", "repeated dim");
  expect_error([&] { a.permute({0, 1, 3}); }, "permute", "range of [-3, 2]");
  EXPECT_EQ(a.transpose(0, -1).sizes(), IntArrayRef({4, 3, 2}));
  expect_error([&] { a.t(); }, "t", "<= 2 dimensions");
  EXPECT_EQ(iota({5}).t().sizes(), IntArrayRef({5}));
  EXPECT_EQ(a.mT().sizes(), IntArrayRef({2, 4, 3}));
}

TEST(Views, NarrowSelectSlice) {
  Tensor a = iota({4, 5});
  expect_values(a.narrow(1, 1, 2).reshape({-1}), {1, 2, 6, 7, 11, 12, 16, 17});
  expect_values(a.narrow(0, -1, 1).reshape({-1}), {15, 16, 17, 18, 19});
  expect_error([&] { a.narrow(0, 2, 3); }, "narrow", "exceeds dimension size");
  expect_values(a.select(1, -1), {4, 9, 14, 19});
  expect_error([&] { a.select(0, 4); }, "select", "out of bounds for dimension 0 with size 4");
  Tensor s = a.slice(1, 1, std::nullopt, 2);
  EXPECT_EQ(s.sizes(), IntArrayRef({4, 2}));
  EXPECT_EQ(s.strides(), IntArrayRef({5, 2}));
  expect_values(s.select(0, 0), {1, 3});
  // Python clamping of bounds, empty results for crossed bounds.
  EXPECT_EQ(a.slice(0, -100, 100).size(0), 4);
  EXPECT_EQ(a.slice(0, 3, 1).size(0), 0);
  expect_error([&] { a.slice(0, 0, 4, 0); }, "slice", "step must be positive");
  expect_error([&] { full({}, 1.0).select(0, 0); }, "select", "0-dim");
}

TEST(Views, ExpandAndExpandAs) {
  Tensor a = iota({3, 1});
  Tensor e = a.expand({2, 3, 4});
  EXPECT_EQ(e.strides(), IntArrayRef({0, 1, 0}));
  EXPECT_EQ(e.index({1, 2, 3}).item<float>(), 2.0f);
  EXPECT_EQ(a.expand({-1, 5}).sizes(), IntArrayRef({3, 5}));
  EXPECT_EQ(a.expand_as(zeros({3, 7})).sizes(), IntArrayRef({3, 7}));
  expect_error([&] { a.expand({4, 4}); }, "expand", "must match the existing size (3)");
  expect_error([&] { a.expand({4}); }, "expand", "number of sizes provided");
  expect_error([&] { a.expand({-1, 3, 1}); }, "expand", "-1 is not allowed");
}

TEST(Views, SqueezeUnsqueezeFlattenUnflatten) {
  Tensor a = iota({1, 3, 1, 2});
  EXPECT_EQ(a.squeeze().sizes(), IntArrayRef({3, 2}));
  EXPECT_EQ(a.squeeze(2).sizes(), IntArrayRef({1, 3, 2}));
  EXPECT_EQ(a.squeeze(1).sizes(), a.sizes());  // not size 1: unchanged
  EXPECT_EQ(a.unsqueeze(-1).sizes(), IntArrayRef({1, 3, 1, 2, 1}));
  EXPECT_TRUE(a.unsqueeze(4).is_contiguous());
  expect_error([&] { a.unsqueeze(6); }, "unsqueeze", "range of [-5, 4]");
  EXPECT_EQ(a.flatten().sizes(), IntArrayRef({6}));
  EXPECT_EQ(a.flatten(1, 2).sizes(), IntArrayRef({1, 3, 2}));
  EXPECT_EQ(full({}, 2.0).flatten().sizes(), IntArrayRef({1}));
  expect_error([&] { a.flatten(2, 1); }, "flatten", "cannot come after");
  Tensor u = iota({2, 12}).unflatten(1, {3, -1});
  EXPECT_EQ(u.sizes(), IntArrayRef({2, 3, 4}));
  expect_error([&] { iota({2, 12}).unflatten(1, {5, -1}); }, "unflatten", "invalid for input of size 12");
  Tensor z = full({}, 3.0);
  EXPECT_EQ(z.squeeze().dim(), 0);
  EXPECT_EQ(z.unsqueeze(0).sizes(), IntArrayRef({1}));
}

TEST(Views, Diagonal) {
  Tensor a = iota({3, 4});
  expect_values(a.diagonal(), {0, 5, 10});
  expect_values(a.diagonal(1), {1, 6, 11});
  expect_values(a.diagonal(-1), {4, 9});
  EXPECT_EQ(a.diagonal(10).numel(), 0);
  Tensor b = iota({2, 3, 3});
  expect_values(b.diagonal(0, 1, 2).select(0, 1), {9, 13, 17});
  expect_error([&] { a.diagonal(0, 1, 1); }, "diagonal", "cannot be identical");
}

TEST(Views, AsStridedAndUnfold) {
  Tensor a = iota({6});
  Tensor w = a.as_strided({2, 3}, {1, 2}, 0);
  expect_values(w.reshape({-1}), {0, 2, 4, 1, 3, 5});
  expect_error([&] { a.as_strided({2, 3}, {1, 2}, 1); }, "as_strided", "storage has only");
  Tensor u = a.unfold(0, 3, 2);
  EXPECT_EQ(u.sizes(), IntArrayRef({2, 3}));
  expect_values(u.select(0, 1), {2, 3, 4});
  expect_error([&] { a.unfold(0, 7, 1); }, "unfold", "maximum size");
  expect_error([&] { a.unfold(0, 2, 0); }, "unfold", "step");
}

TEST(Views, MovedimAndInPlaceMetadata) {
  Tensor a = iota({2, 3, 4});
  EXPECT_EQ(a.movedim(0, -1).sizes(), IntArrayRef({3, 4, 2}));
  EXPECT_EQ(movedim(a, IntArrayRef({0, 1}), IntArrayRef({2, 0})).sizes(), IntArrayRef({3, 4, 2}));
  Tensor b = iota({1, 3});
  b.squeeze_();
  EXPECT_EQ(b.sizes(), IntArrayRef({3}));
  b.unsqueeze_(1);
  EXPECT_EQ(b.sizes(), IntArrayRef({3, 1}));
  b.t_();
  EXPECT_EQ(b.sizes(), IntArrayRef({1, 3}));
}

TEST(Views, ZeroSizeTensors) {
  Tensor a = zeros({0, 3});
  EXPECT_EQ(a.view({3, 0}).sizes(), IntArrayRef({3, 0}));
  EXPECT_EQ(a.reshape({0, 1, 3}).sizes(), IntArrayRef({0, 1, 3}));
  expect_error([&] { a.reshape({0, -1, 3}); }, "reshape", "invalid for input of size 0");
  expect_error([&] { a.view({-1, 0}); }, "view", "invalid for input of size 0");
  EXPECT_EQ(a.t().sizes(), IntArrayRef({3, 0}));
  EXPECT_TRUE(a.t().is_contiguous());
}

TEST(Views, BroadcastTensors) {
  auto out = broadcast_tensors({zeros({3, 1}), zeros({4}), full({}, 1.0)});
  for (const Tensor& t : out) EXPECT_EQ(t.sizes(), IntArrayRef({3, 4}));
  expect_error([&] { broadcast_tensors({zeros({3}), zeros({4})}); }, "broadcast_tensors", "must match");
}

}  // namespace
}  // namespace ember
