// The convolution modules against LibTorch's: forward and gradients (float32 and float64) on
// the same weights, padding modes, output_size, printing, default initialization.
#include <gtest/gtest.h>

#include <cmath>

#include "difftest/harness.h"
#include "difftest/module_compare.h"

namespace ember::difftest {
namespace {

namespace tnn = torch::nn;

TEST(ConvLayersDifftest, ConvModules) {
  {
    SCOPED_TRACE("Conv1d");
    nn::Conv1d e(nn::Conv1dOptions(3, 4, 3).stride(2).padding(1));
    tnn::Conv1d t(tnn::Conv1dOptions(3, 4, 3).stride(2).padding(1));
    expect_same_forward_backward(e, t, {2, 3, 9});
  }
  {
    SCOPED_TRACE("Conv2d");
    nn::Conv2d e(nn::Conv2dOptions(4, 6, {3, 2}).stride({2, 1}).padding({1, 0}).dilation(2).groups(2));
    tnn::Conv2d t(tnn::Conv2dOptions(4, 6, {3, 2}).stride({2, 1}).padding({1, 0}).dilation(2).groups(2));
    expect_same_forward_backward(e, t, {2, 4, 8, 7});
  }
  {
    SCOPED_TRACE("Conv2d same, no bias");
    nn::Conv2d e(nn::Conv2dOptions(2, 3, 4).padding(kSame).bias(false));
    tnn::Conv2d t(tnn::Conv2dOptions(2, 3, 4).padding(torch::kSame).bias(false));
    expect_same_forward_backward(e, t, {2, 2, 5, 6});
  }
  {
    SCOPED_TRACE("Conv2d unbatched");
    nn::Conv2d e(nn::Conv2dOptions(2, 3, 3));
    tnn::Conv2d t(tnn::Conv2dOptions(2, 3, 3));
    expect_same_forward_backward(e, t, {2, 5, 6});
  }
  {
    SCOPED_TRACE("Conv3d");
    nn::Conv3d e(nn::Conv3dOptions(2, 3, 2).padding(kValid));
    tnn::Conv3d t(tnn::Conv3dOptions(2, 3, 2).padding(torch::kValid));
    expect_same_forward_backward(e, t, {1, 2, 4, 3, 5});
  }
}

TEST(ConvLayersDifftest, PaddingModes) {
  {
    SCOPED_TRACE("reflect");
    nn::Conv2d e(nn::Conv2dOptions(2, 3, 3).padding({1, 2}).padding_mode(kReflect));
    tnn::Conv2d t(tnn::Conv2dOptions(2, 3, 3).padding({1, 2}).padding_mode(torch::kReflect));
    expect_same_forward_backward(e, t, {2, 2, 5, 6});
  }
  {
    SCOPED_TRACE("circular");
    nn::Conv1d e(nn::Conv1dOptions(2, 3, 3).padding(2).padding_mode(kCircular));
    tnn::Conv1d t(tnn::Conv1dOptions(2, 3, 3).padding(2).padding_mode(torch::kCircular));
    expect_same_forward_backward(e, t, {2, 2, 7});
  }
  {
    // A square kernel: LibTorch 1.13 lists the "same" pads of a non-zeros padding mode in
    // dim order where F::pad wants them reversed (its output then differs from the input's
    // size for a non-square kernel); ember reverses them, as PyTorch's Python module.
    SCOPED_TRACE("replicate, same");
    nn::Conv2d e(nn::Conv2dOptions(2, 2, 2).padding(kSame).padding_mode(kReplicate));
    tnn::Conv2d t(tnn::Conv2dOptions(2, 2, 2).padding(torch::kSame).padding_mode(torch::kReplicate));
    expect_same_forward_backward(e, t, {1, 2, 4, 5});
  }
  {
    nn::Conv2d e(nn::Conv2dOptions(2, 2, {2, 3}).padding(kSame).padding_mode(kReplicate));
    EXPECT_EQ(e->forward(randn({1, 2, 4, 5})).sizes(), IntArrayRef({1, 2, 4, 5}));
    // The same as an explicit replicate pad (rows: 0 + 1, columns: 1 + 1) and no padding.
    Tensor x = randn({1, 2, 4, 5});
    Tensor want = conv2d(pad(x, {1, 1, 0, 1}, "replicate"), e->weight, e->bias);
    expect_close(e->forward(x), to_torch(want));
  }
  {
    SCOPED_TRACE("circular 3d");
    nn::Conv3d e(nn::Conv3dOptions(1, 2, 3).padding(1).padding_mode(kCircular));
    tnn::Conv3d t(tnn::Conv3dOptions(1, 2, 3).padding(1).padding_mode(torch::kCircular));
    expect_same_forward_backward(e, t, {1, 1, 3, 4, 3});
  }
}

TEST(ConvLayersDifftest, ConvTransposeModules) {
  {
    SCOPED_TRACE("ConvTranspose1d");
    nn::ConvTranspose1d e(nn::ConvTranspose1dOptions(3, 4, 3).stride(2).padding(1).output_padding(1));
    tnn::ConvTranspose1d t(tnn::ConvTranspose1dOptions(3, 4, 3).stride(2).padding(1).output_padding(1));
    expect_same_forward_backward(e, t, {2, 3, 5});
  }
  {
    SCOPED_TRACE("ConvTranspose2d groups dilation");
    nn::ConvTranspose2d e(nn::ConvTranspose2dOptions(4, 6, {2, 3}).stride({2, 1}).groups(2).dilation({1, 2}).bias(false));
    tnn::ConvTranspose2d t(tnn::ConvTranspose2dOptions(4, 6, {2, 3}).stride({2, 1}).groups(2).dilation({1, 2}).bias(false));
    expect_same_forward_backward(e, t, {2, 4, 3, 4});
  }
  {
    SCOPED_TRACE("ConvTranspose3d");
    nn::ConvTranspose3d e(nn::ConvTranspose3dOptions(2, 2, 2).stride(2));
    tnn::ConvTranspose3d t(tnn::ConvTranspose3dOptions(2, 2, 2).stride(2));
    expect_same_forward_backward(e, t, {1, 2, 2, 3, 2});
  }
  // output_size picks the output padding.
  nn::ConvTranspose2d e(nn::ConvTranspose2dOptions(2, 3, 3).stride(2));
  tnn::ConvTranspose2d t(tnn::ConvTranspose2dOptions(2, 3, 3).stride(2));
  copy_params(*e, *t);
  Tensor x = randn({1, 2, 5, 5});
  for (std::vector<int64_t> size : {std::vector<int64_t>{11, 12}, std::vector<int64_t>{1, 3, 12, 11}}) {
    Tensor y = e->forward(x, size);
    expect_close(y, t->forward(to_torch(x), size));
  }
  EXPECT_THROW(e->forward(x, std::vector<int64_t>{13, 12}), Error);
}

TEST(ConvLayersDifftest, Functional) {
  namespace F = nn::functional;
  namespace TF = torch::nn::functional;
  Tensor x = randn({2, 4, 6, 5}), w = randn({6, 2, 3, 3}), b = randn({6});
  expect_close(F::conv2d(x, w, F::Conv2dFuncOptions().bias(b).stride(2).padding({1, 0}).groups(2)),
               TF::conv2d(to_torch(x), to_torch(w),
                          TF::Conv2dFuncOptions().bias(to_torch(b)).stride(2).padding({1, 0}).groups(2)), 1e-4);
  expect_close(F::conv2d(x, w, F::Conv2dFuncOptions().padding(kSame).groups(2)),
               TF::conv2d(to_torch(x), to_torch(w), TF::Conv2dFuncOptions().padding(torch::kSame).groups(2)), 1e-4);
  Tensor x1 = randn({2, 3, 7}), w1 = randn({3, 2, 3});
  expect_close(F::conv_transpose1d(x1, w1, F::ConvTranspose1dFuncOptions().stride(2).output_padding(1)),
               TF::conv_transpose1d(to_torch(x1), to_torch(w1), TF::ConvTranspose1dFuncOptions().stride(2).output_padding(1)),
               1e-4);
  Tensor x3 = randn({1, 2, 4, 4, 4}), w3 = randn({3, 2, 2, 2, 2});
  expect_close(F::conv3d(x3, w3, F::Conv3dFuncOptions().dilation(2)),
               TF::conv3d(to_torch(x3), to_torch(w3), TF::Conv3dFuncOptions().dilation(2)), 1e-4);
}

TEST(ConvLayersDifftest, PrintingMatches) {
  EXPECT_EQ(printed(*nn::Conv2d(nn::Conv2dOptions(1, 32, 3))), printed(*tnn::Conv2d(tnn::Conv2dOptions(1, 32, 3))));
  EXPECT_EQ(printed(*nn::Conv2d(nn::Conv2dOptions(1, 32, 3))), "torch::nn::Conv2d(1, 32, kernel_size=[3, 3], stride=[1, 1])");
  EXPECT_EQ(printed(*nn::Conv2d(nn::Conv2dOptions(2, 4, {3, 2}).stride(2).padding(1).dilation(2).groups(2).bias(false)
                                    .padding_mode(kReflect))),
            printed(*tnn::Conv2d(tnn::Conv2dOptions(2, 4, {3, 2}).stride(2).padding(1).dilation(2).groups(2).bias(false)
                                     .padding_mode(torch::kReflect))));
  EXPECT_EQ(printed(*nn::Conv1d(nn::Conv1dOptions(2, 4, 3).padding(kSame).padding_mode(kCircular))),
            printed(*tnn::Conv1d(tnn::Conv1dOptions(2, 4, 3).padding(torch::kSame).padding_mode(torch::kCircular))));
  EXPECT_EQ(printed(*nn::Conv3d(nn::Conv3dOptions(2, 4, 3).padding(kValid).padding_mode(kReplicate))),
            printed(*tnn::Conv3d(tnn::Conv3dOptions(2, 4, 3).padding(torch::kValid).padding_mode(torch::kReplicate))));
  EXPECT_EQ(printed(*nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 4, 3).stride(2).output_padding(1))),
            printed(*tnn::ConvTranspose2d(tnn::ConvTranspose2dOptions(2, 4, 3).stride(2).output_padding(1))));
  EXPECT_EQ(printed(*nn::ConvTranspose1d(nn::ConvTranspose1dOptions(2, 4, 3).groups(2).dilation(2))),
            printed(*tnn::ConvTranspose1d(tnn::ConvTranspose1dOptions(2, 4, 3).groups(2).dilation(2))));
}

TEST(ConvLayersDifftest, DefaultInitAndErrors) {
  // kaiming_uniform_(a = sqrt(5)) and the bias both give bound 1/sqrt(fan_in), fan_in = 4 * 3 * 3.
  nn::Conv2d c(nn::Conv2dOptions(8, 16, 3).groups(2));
  double bound = 1.0 / std::sqrt(36.0);
  EXPECT_EQ(c->weight.sizes(), IntArrayRef({16, 4, 3, 3}));
  EXPECT_LE(c->weight.abs().max().item<float>(), bound);
  EXPECT_GT(c->weight.abs().max().item<float>(), 0.9 * bound);
  EXPECT_LE(c->bias.abs().max().item<float>(), bound);
  nn::ConvTranspose2d ct(nn::ConvTranspose2dOptions(4, 6, 2).groups(2));
  EXPECT_EQ(ct->weight.sizes(), IntArrayRef({4, 3, 2, 2}));
  EXPECT_THROW(nn::Conv2d(nn::Conv2dOptions(3, 4, 3).groups(2)), Error);
  EXPECT_THROW(nn::Conv2d(nn::Conv2dOptions(4, 3, 3).groups(2)), Error);
  EXPECT_THROW(nn::Conv2d(nn::Conv2dOptions(4, 4, 3).stride(2).padding(kSame)), Error);
  EXPECT_THROW(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 2, 3).padding_mode(kReflect))->forward(randn({1, 2, 4, 4})),
               Error);
  try {
    nn::Conv2d(nn::Conv2dOptions(4, 4, 3))->forward(randn({1, 3, 5, 5}));
    FAIL() << "expected a channel-count error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("conv2d"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ember::difftest
