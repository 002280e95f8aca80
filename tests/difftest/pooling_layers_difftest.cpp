// Pooling modules against LibTorch's: forward and input gradients (float32 and float64),
// forward_with_indices, the functional twins, and printing.
#include <gtest/gtest.h>

#include "difftest/module_compare.h"
#include "ember/nn/modules/pooling.h"

namespace ember::difftest {
namespace {

TEST(PoolingLayersDifftest, MaxPoolModules) {
  {
    nn::MaxPool1d e(nn::MaxPool1dOptions(3).stride(2).padding(1));
    torch::nn::MaxPool1d t(torch::nn::MaxPool1dOptions(3).stride(2).padding(1));
    expect_same_forward_backward(e, t, {2, 3, 9});
  }
  {
    nn::MaxPool2d e(nn::MaxPool2dOptions({3, 2}).stride(2).padding(1).dilation({1, 2}).ceil_mode(true));
    torch::nn::MaxPool2d t(torch::nn::MaxPool2dOptions({3, 2}).stride(2).padding(1).dilation({1, 2}).ceil_mode(true));
    expect_same_forward_backward(e, t, {2, 3, 8, 7});
  }
  {
    nn::MaxPool3d e(2);
    torch::nn::MaxPool3d t(2);
    expect_same_forward_backward(e, t, {2, 2, 4, 5, 4});
  }
  nn::MaxPool2d e(2);
  torch::nn::MaxPool2d t(2);
  Tensor x = randn({2, 3, 6, 6});
  auto [values, indices] = e->forward_with_indices(x);
  auto [tvalues, tindices] = t->forward_with_indices(to_torch(x));
  expect_close(values, tvalues);
  EXPECT_TRUE(torch::equal(to_torch(indices), tindices));
}

TEST(PoolingLayersDifftest, AvgAndAdaptiveModules) {
  {
    nn::AvgPool2d e(nn::AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(false));
    torch::nn::AvgPool2d t(torch::nn::AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(false));
    expect_same_forward_backward(e, t, {2, 3, 7, 6});
  }
  {
    nn::AvgPool1d e(nn::AvgPool1dOptions(2).ceil_mode(true));
    torch::nn::AvgPool1d t(torch::nn::AvgPool1dOptions(2).ceil_mode(true));
    expect_same_forward_backward(e, t, {2, 3, 7});
  }
  {
    nn::AvgPool3d e(nn::AvgPool3dOptions(2).divisor_override(3));
    torch::nn::AvgPool3d t(torch::nn::AvgPool3dOptions(2).divisor_override(3));
    expect_same_forward_backward(e, t, {1, 2, 4, 4, 5});
  }
  {
    nn::AdaptiveAvgPool2d e(nn::AdaptiveAvgPool2dOptions({3, std::nullopt}));
    torch::nn::AdaptiveAvgPool2d t(torch::nn::AdaptiveAvgPool2dOptions({3, c10::nullopt}));
    expect_same_forward_backward(e, t, {2, 3, 7, 5});
  }
  {
    nn::AdaptiveAvgPool1d e(4);
    torch::nn::AdaptiveAvgPool1d t(4);
    expect_same_forward_backward(e, t, {2, 3, 10});
  }
  {
    nn::AdaptiveAvgPool3d e(2);
    torch::nn::AdaptiveAvgPool3d t(2);
    expect_same_forward_backward(e, t, {1, 2, 5, 4, 3});
  }
  {
    nn::AdaptiveMaxPool2d e(nn::AdaptiveMaxPool2dOptions({2, 3}));
    torch::nn::AdaptiveMaxPool2d t(torch::nn::AdaptiveMaxPool2dOptions({2, 3}));
    expect_same_forward_backward(e, t, {2, 3, 7, 8});
  }
  {
    nn::AdaptiveMaxPool1d e(3);
    torch::nn::AdaptiveMaxPool1d t(3);
    expect_same_forward_backward(e, t, {2, 3, 8});
  }
}

TEST(PoolingLayersDifftest, FunctionalTwins) {
  namespace F = nn::functional;
  namespace TF = torch::nn::functional;
  Tensor x = randn({2, 3, 8, 8});
  torch::Tensor tx = to_torch(x);
  expect_close(F::max_pool2d(x, F::MaxPool2dFuncOptions(2)), TF::max_pool2d(tx, TF::MaxPool2dFuncOptions(2)));
  expect_close(F::avg_pool2d(x, F::AvgPool2dFuncOptions(3).stride(2).padding(1)),
               TF::avg_pool2d(tx, TF::AvgPool2dFuncOptions(3).stride(2).padding(1)));
  expect_close(F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({3, 5})),
               TF::adaptive_avg_pool2d(tx, TF::AdaptiveAvgPool2dFuncOptions({3, 5})));
  expect_close(F::adaptive_max_pool2d(x, F::AdaptiveMaxPool2dFuncOptions({3, std::nullopt})),
               TF::adaptive_max_pool2d(tx, TF::AdaptiveMaxPool2dFuncOptions({3, c10::nullopt})));
}

TEST(PoolingLayersDifftest, PrintingMatches) {
  EXPECT_EQ(printed(*nn::MaxPool1d(3)), printed(*torch::nn::MaxPool1d(3)));
  EXPECT_EQ(printed(*nn::MaxPool2d(nn::MaxPool2dOptions({3, 2}).stride(2).padding(1).dilation(2).ceil_mode(true))),
            printed(*torch::nn::MaxPool2d(
                torch::nn::MaxPool2dOptions({3, 2}).stride(2).padding(1).dilation(2).ceil_mode(true))));
  EXPECT_EQ(printed(*nn::MaxPool3d(2)), printed(*torch::nn::MaxPool3d(2)));
  EXPECT_EQ(printed(*nn::AvgPool1d(3)), printed(*torch::nn::AvgPool1d(3)));
  EXPECT_EQ(printed(*nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(2).padding(1))),
            printed(*torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(3).stride(2).padding(1))));
  EXPECT_EQ(printed(*nn::AvgPool3d(2)), printed(*torch::nn::AvgPool3d(2)));
  EXPECT_EQ(printed(*nn::AdaptiveAvgPool1d(3)), printed(*torch::nn::AdaptiveAvgPool1d(3)));
  EXPECT_EQ(printed(*nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({3, std::nullopt}))),
            printed(*torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions({3, c10::nullopt}))));
  EXPECT_EQ(printed(*nn::AdaptiveAvgPool3d(2)), printed(*torch::nn::AdaptiveAvgPool3d(2)));
  EXPECT_EQ(printed(*nn::AdaptiveMaxPool1d(3)), printed(*torch::nn::AdaptiveMaxPool1d(3)));
  EXPECT_EQ(printed(*nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({3, 4}))),
            printed(*torch::nn::AdaptiveMaxPool2d(torch::nn::AdaptiveMaxPool2dOptions({3, 4}))));
}

}  // namespace
}  // namespace ember::difftest
