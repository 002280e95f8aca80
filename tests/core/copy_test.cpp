// clone / contiguous / copy_ / to / fill_: values, dtype conversion, layouts, overlap.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include "test_util.h"

namespace ember {
namespace {

TEST(Copy, CloneKeepsDenseStridesContiguousMakesContiguous) {
  Tensor a = arange(6, kFloat).view({2, 3}).t();
  Tensor c = a.clone();
  EXPECT_EQ(c.strides(), a.strides());  // MemoryFormat::Preserve
  EXPECT_NE(c.data_ptr(), a.data_ptr());
  expect_values(c, {0, 3, 1, 4, 2, 5});
  Tensor k = a.contiguous();
  EXPECT_TRUE(k.is_contiguous());
  expect_values(k, {0, 3, 1, 4, 2, 5});
  Tensor already = arange(3, kFloat);
  EXPECT_TRUE(already.contiguous().is_same(already));
  // A non-dense view (stride 2) clones into contiguous memory.
  Tensor sliced = arange(8, kFloat).slice(0, 0, std::nullopt, 2);
  EXPECT_TRUE(sliced.clone().is_contiguous());
}

TEST(Copy, CopyBroadcastsAndConverts) {
  Tensor dst = zeros({2, 3}, kInt);
  dst.copy_(tensor({1.9, -2.7, 3.0}));
  expect_values(dst, {1, -2, 3, 1, -2, 3});
  Tensor t = zeros({3, 2}, kDouble);
  t.t().copy_(arange(6, kFloat).view({2, 3}));
  expect_values(t, {0, 3, 1, 4, 2, 5});
  expect_error([&] { dst.copy_(zeros({4})); }, "expand", "must match");
  Tensor e = zeros({1}).expand({3});
  expect_error([&] { e.copy_(ones({3})); }, "copy_", "single memory location");
}

TEST(Copy, CopyBumpsVersionAndHandlesOverlap) {
  Tensor a = arange(6, kFloat);
  uint32_t v = a._version();
  a.slice(0, 1).copy_(a.slice(0, 0, 5));  // overlapping shift right by one
  expect_values(a, {0, 0, 1, 2, 3, 4});
  EXPECT_GT(a._version(), v);
}

TEST(Copy, ConversionsFollowPyTorch) {
  expect_values(tensor({-1.5, 0.0, 2.5, 300.0}).to(kByte), {255, 0, 2, 44});
  expect_values(tensor({0.0, -0.5, std::nan("")}).to(kBool), {0, 1, 1});
  expect_values(tensor({true, false}).to(kFloat), {1, 0});
  // Half and bfloat16 round to nearest even.
  expect_values(tensor({1.0 + 1.0 / 2048, 65504.0, 1e-8}).to(kHalf), {1.0, 65504.0, 0.0});
  expect_values(tensor({1.00390625, 3.0e38}).to(kBFloat16), {1.0, 3.0040552704739099e38}, 1e31);
  Tensor same = arange(3, kFloat);
  EXPECT_TRUE(same.to(kFloat).is_same(same));
  EXPECT_FALSE(same.to(kFloat, false, /*copy=*/true).is_same(same));
  EXPECT_EQ(same.to(zeros({1}, kLong)).dtype(), kLong);
  expect_error([&] { same.to(Device(kCUDA)); }, "to", "no backend");
}

TEST(Copy, FillAndZero) {
  Tensor a = empty({2, 2}, kShort);
  a.fill_(7);
  expect_values(a, {7, 7, 7, 7});
  a.t().select(0, 0).fill_(-1);
  expect_values(a, {-1, 7, -1, 7});
  a.zero_();
  expect_values(a, {0, 0, 0, 0});
  a.fill_(full({}, 3));
  expect_values(a, {3, 3, 3, 3});
  expect_error([&] { a.fill_(ones({2})); }, "fill_", "0-dimension");
  expect_error([&] { a.fill_(70000); }, "fill_", "without overflow");
}

}  // namespace
}  // namespace ember
