// Shared shape helpers and type promotion (the LibTorch oracle check is in difftest/).
#include <gtest/gtest.h>

#include <ember/ember.h>

#include "test_util.h"

namespace ember {
namespace {

TEST(Shape, WrapDim) {
  EXPECT_EQ(wrap_dim(-1, 3, "op"), 2);
  EXPECT_EQ(wrap_dim(0, 0, "op"), 0);
  EXPECT_EQ(wrap_dim(-1, 0, "op"), 0);
  expect_error([] { wrap_dim(3, 3, "myop"); }, "myop", "[-3, 2], but got 3");
  expect_error([] { wrap_dim(1, 0, "myop"); }, "myop", "[-1, 0]");
}

TEST(Shape, BroadcastShapes) {
  EXPECT_EQ(broadcast_shapes({3, 1}, {4}, "op"), DimVector({3, 4}));
  EXPECT_EQ(broadcast_shapes({}, {2, 2}, "op"), DimVector({2, 2}));
  EXPECT_EQ(broadcast_shapes({0, 1}, {1, 5}, "op"), DimVector({0, 5}));
  expect_error([] { broadcast_shapes({3}, {4}, "add"); }, "add", "size of tensor a (3) must match the size of tensor b (4)");
}

TEST(Shape, ContiguityAndViewStrides) {
  EXPECT_EQ(contiguous_strides({2, 3, 4}), DimVector({12, 4, 1}));
  EXPECT_TRUE(is_contiguous_layout({2, 1, 3}, {3, 99, 1}));
  EXPECT_FALSE(is_contiguous_layout({2, 3}, {1, 2}));
  auto s = compute_view_strides({2, 3}, {1, 2}, {2, 3, 1});
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(compute_view_strides({2, 3}, {1, 2}, {6}).has_value());
  EXPECT_EQ(infer_size({-1, 4}, 12, "view"), DimVector({3, 4}));
}

TEST(TypePromotion, Rules) {
  EXPECT_EQ(promote_types(kByte, kChar), kShort);
  EXPECT_EQ(promote_types(kHalf, kBFloat16), kFloat);
  EXPECT_EQ(promote_types(kBool, kInt), kInt);
  EXPECT_EQ(promote_types(kLong, kHalf), kHalf);
  Tensor i = zeros({2}, kInt), h = zeros({2}, kHalf);
  EXPECT_EQ(result_type(i, 2.5), kFloat);           // float scalar into int tensor
  EXPECT_EQ(result_type(h, 2.5), kHalf);            // same category: tensor wins
  EXPECT_EQ(result_type(i, full({}, 1.0, kDouble)), kDouble);  // 0-dim of higher category
  EXPECT_EQ(result_type(zeros({2}, kFloat), full({}, 1.0, kDouble)), kFloat);
  EXPECT_EQ(result_type(zeros({2}, kBool), 3), kLong);
  EXPECT_FALSE(can_cast(kFloat, kInt));
  EXPECT_FALSE(can_cast(kInt, kBool));
  EXPECT_TRUE(can_cast(kInt, kFloat));
}

}  // namespace
}  // namespace ember
