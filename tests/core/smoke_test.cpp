#include <gtest/gtest.h>
#include <ember/ember.h>
TEST(Smoke, Views) {
  ember::Tensor a = ember::empty({2, 3}, ember::kFloat);
  a.fill_(2.5);
  EXPECT_EQ(a.t().sizes(), ember::IntArrayRef({3, 2}));
  EXPECT_FLOAT_EQ(a.t().contiguous().select(0, 1).select(0, 1).item<float>(), 2.5f);
}
