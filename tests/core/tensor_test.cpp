// Tensor metadata, item, data_ptr, options, devices, Scalar and dtype helpers.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include "test_util.h"

namespace ember {
namespace {

TEST(Tensor, Metadata) {
  Tensor a = zeros({2, 3, 4}, kDouble);
  EXPECT_EQ(a.dim(), 3);
  EXPECT_EQ(a.numel(), 24);
  EXPECT_EQ(a.size(-1), 4);
  EXPECT_EQ(a.stride(0), 12);
  EXPECT_EQ(a.element_size(), 8);
  EXPECT_EQ(a.nbytes(), 192);
  EXPECT_TRUE(a.is_contiguous());
  EXPECT_TRUE(a.is_floating_point());
  EXPECT_EQ(a.options().dtype(), kDouble);
  EXPECT_TRUE(a.device().is_cpu());
  EXPECT_EQ(a.toString(), "CPUDoubleType");
  expect_error([&] { a.size(3); }, "size", "range of [-3, 2], but got 3");
  expect_error([&] { full({}, 1).size(0); }, "size", "0-dim");
  Tensor z = full({}, 5);
  EXPECT_EQ(z.dim(), 0);
  EXPECT_EQ(z.numel(), 1);
  EXPECT_FALSE(Tensor().defined());
}

TEST(Tensor, ItemAndDataPtr) {
  EXPECT_EQ(full({1, 1}, 2.5).item<double>(), 2.5);
  EXPECT_EQ(full({}, 7, kLong).item<int>(), 7);
  EXPECT_TRUE(full({}, true).item<bool>());
  EXPECT_TRUE(full({}, 1.5).item().is_floating_point());
  expect_error([&] { zeros({2}).item(); }, "item", "2 elements");
  Tensor f = zeros({2});
  f.data_ptr<float>()[1] = 4.0f;
  expect_values(f, {0, 4});
  expect_error([&] { f.data_ptr<double>(); }, "data_ptr", "expected scalar type Double but found Float");
  Tensor v = arange(10, kLong).slice(0, 3);
  EXPECT_EQ(*v.data_ptr<int64_t>(), 3);  // data_ptr includes the storage offset
}

TEST(Tensor, HandleIsCheapCopy) {
  Tensor a = zeros({3});
  Tensor b = a;
  EXPECT_TRUE(a.is_same(b));
  EXPECT_EQ(a.use_count(), 2);
  b.fill_(1);
  expect_values(a, {1, 1, 1});
}

TEST(Device, ParseAndPrint) {
  EXPECT_EQ(Device("cpu").type(), kCPU);
  EXPECT_EQ(Device("cuda:1").index(), 1);
  EXPECT_EQ(Device("cuda:1").str(), "cuda:1");
  expect_error([] { Device("tpu"); }, "Device", "expected a device string");
  expect_error([] { Device("cuda:x"); }, "Device", "invalid device index");
  expect_error([] { empty({2}, Device(kCUDA)); }, "Storage", "no backend");
}

TEST(ScalarType, NamesSizesAndCategories) {
  EXPECT_EQ(to_string(kBFloat16), "BFloat16");
  EXPECT_EQ(element_size(kHalf), 2u);
  EXPECT_TRUE(is_floating_type(kHalf));
  EXPECT_FALSE(is_floating_type(kLong));
  EXPECT_TRUE(is_integral_type(kBool, true));
  EXPECT_FALSE(is_integral_type(kBool, false));
  EXPECT_EQ(scalar_type_v<int16_t>, kShort);
  EXPECT_EQ(get_default_dtype(), kFloat);
  expect_error([] { set_default_dtype(kInt); }, "set_default_dtype", "floating");
}

TEST(Half, ConversionsRoundToNearestEven) {
  EXPECT_EQ(static_cast<float>(Half(1.0f)), 1.0f);
  EXPECT_EQ(Half(65504.0f).x, 0x7bff);
  EXPECT_EQ(Half(65520.0f).x, 0x7c00);  // rounds to inf
  EXPECT_EQ(Half(5.9604645e-08f).x, 0x0001);  // smallest subnormal
  EXPECT_EQ(Half(-0.0f).x, 0x8000);
  EXPECT_TRUE(std::isnan(static_cast<float>(Half(std::nanf("")))));
  EXPECT_EQ(BFloat16(1.0f).x, 0x3f80);
  EXPECT_EQ(BFloat16(1.00390625f).x, 0x3f80);  // tie to even
  EXPECT_EQ(BFloat16(1.01171875f).x, 0x3f82);
}

TEST(Scalar, KindsAndConversion) {
  EXPECT_EQ(Scalar(3).type(), kLong);
  EXPECT_EQ(Scalar(3.0).type(), kDouble);
  EXPECT_EQ(Scalar(true).type(), kBool);
  EXPECT_EQ(Scalar(2.5).to<int>(), 2);
  EXPECT_EQ((-Scalar(4)).toLong(), -4);
  EXPECT_TRUE(Scalar(0.5).toBool());
}

TEST(TensorOptions, BuilderAndShortcuts) {
  TensorOptions o = TensorOptions().dtype(kInt).requires_grad(false);
  EXPECT_EQ(o.dtype(), kInt);
  EXPECT_FALSE(o.requires_grad());
  EXPECT_EQ(TensorOptions().dtype(), kFloat);
  EXPECT_EQ(zeros({2}, dtype(kShort)).dtype(), kShort);
  EXPECT_TRUE(zeros({2}, requires_grad()).requires_grad());
  expect_error([] { zeros({2}, TensorOptions(kLong).requires_grad(true)); }, "requires_grad_", "floating point");
}

}  // namespace
}  // namespace ember
