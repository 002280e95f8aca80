#pragma once
// Options of the convolution layers and functions, as LibTorch's torch/nn/options/conv.h:
// Conv2dOptions(in, out, kernel_size).stride(2).padding(1) (or .padding(torch::kSame)),
// .dilation(), .groups(), .bias(false), .padding_mode(torch::kReflect);
// ConvTranspose2dOptions(...).output_padding(1); F::Conv2dFuncOptions().stride(2).
#include <string>
#include <variant>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/expanding_array.h"

namespace ember {

// LibTorch's enum tags (torch::kSame, torch::kZeros, ...).
namespace enumtype {
struct kValid {};
struct kSame {};
struct kZeros {};
struct kReflect {};
struct kReplicate {};
struct kCircular {};
}  // namespace enumtype
inline constexpr enumtype::kValid kValid{};
inline constexpr enumtype::kSame kSame{};
inline constexpr enumtype::kZeros kZeros{};
inline constexpr enumtype::kReflect kReflect{};
inline constexpr enumtype::kReplicate kReplicate{};
inline constexpr enumtype::kCircular kCircular{};

namespace nn {

using conv_padding_mode_t = std::variant<enumtype::kZeros, enumtype::kReflect, enumtype::kReplicate, enumtype::kCircular>;
template <size_t D>
using conv_padding_t = std::variant<ExpandingArray<D>, enumtype::kValid, enumtype::kSame>;

// "kReflect" etc., as LibTorch prints padding modes; "reflect" etc., as ember::pad takes them.
std::string padding_mode_name(const conv_padding_mode_t& mode);
std::string pad_mode(const conv_padding_mode_t& mode);

// Options of a convolution module.
template <size_t D>
struct ConvOptions {
  using padding_t = conv_padding_t<D>;
  using padding_mode_t = conv_padding_mode_t;
  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  EMBER_ARG(int64_t, in_channels);
  EMBER_ARG(int64_t, out_channels);
  EMBER_ARG(ExpandingArray<D>, kernel_size);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  // Zero padding on both sides of each spatial dim, or kValid (none) or kSame (output size =
  // input size; stride 1 only).
  EMBER_ARG(padding_t, padding) = 0;

 public:
  ConvOptions& padding(std::initializer_list<int64_t> values) { return padding(padding_t(ExpandingArray<D>(values))); }
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
  EMBER_ARG(int64_t, groups) = 1;
  EMBER_ARG(bool, bias) = true;
  // How the input is padded: zeros, or ember::pad's reflect/replicate/circular.
  EMBER_ARG(padding_mode_t, padding_mode) = enumtype::kZeros{};
};

// Options of a transposed convolution module (padding is a number of elements removed from
// each side of the output; output_padding adds to one side).
template <size_t D>
struct ConvTransposeOptions {
  using padding_mode_t = conv_padding_mode_t;
  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  EMBER_ARG(int64_t, in_channels);
  EMBER_ARG(int64_t, out_channels);
  EMBER_ARG(ExpandingArray<D>, kernel_size);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  EMBER_ARG(ExpandingArray<D>, padding) = 0;
  EMBER_ARG(ExpandingArray<D>, output_padding) = 0;
  EMBER_ARG(int64_t, groups) = 1;
  EMBER_ARG(bool, bias) = true;
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
  // Only kZeros is supported (checked in forward, as LibTorch).
  EMBER_ARG(padding_mode_t, padding_mode) = enumtype::kZeros{};
};

using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;
using Conv3dOptions = ConvOptions<3>;
using ConvTranspose1dOptions = ConvTransposeOptions<1>;
using ConvTranspose2dOptions = ConvTransposeOptions<2>;
using ConvTranspose3dOptions = ConvTransposeOptions<3>;

namespace functional {

template <size_t D>
struct ConvFuncOptions {
  using padding_t = conv_padding_t<D>;
  EMBER_ARG(Tensor, bias);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  EMBER_ARG(padding_t, padding) = 0;

 public:
  ConvFuncOptions& padding(std::initializer_list<int64_t> values) {
    return padding(padding_t(ExpandingArray<D>(values)));
  }
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
  EMBER_ARG(int64_t, groups) = 1;
};

template <size_t D>
struct ConvTransposeFuncOptions {
  EMBER_ARG(Tensor, bias);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  EMBER_ARG(ExpandingArray<D>, padding) = 0;
  EMBER_ARG(ExpandingArray<D>, output_padding) = 0;
  EMBER_ARG(int64_t, groups) = 1;
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
};

using Conv1dFuncOptions = ConvFuncOptions<1>;
using Conv2dFuncOptions = ConvFuncOptions<2>;
using Conv3dFuncOptions = ConvFuncOptions<3>;
using ConvTranspose1dFuncOptions = ConvTransposeFuncOptions<1>;
using ConvTranspose2dFuncOptions = ConvTransposeFuncOptions<2>;
using ConvTranspose3dFuncOptions = ConvTransposeFuncOptions<3>;

}  // namespace functional
}  // namespace nn
}  // namespace ember
