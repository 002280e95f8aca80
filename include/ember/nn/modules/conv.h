#pragma once
// Conv1d/2d/3d and ConvTranspose1d/2d/3d, as torch::nn.
#include <optional>
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/conv.h"

namespace ember::nn {

// What the convolution modules share: the options of either kind, seen as one.
template <size_t D>
struct ConvNdOptions {
  int64_t in_channels, out_channels;
  ExpandingArray<D> kernel_size, stride;
  conv_padding_t<D> padding;
  ExpandingArray<D> dilation;
  bool transposed;
  ExpandingArray<D> output_padding;
  int64_t groups;
  bool bias;
  conv_padding_mode_t padding_mode;
};

// weight: [out_channels, in_channels / groups, *kernel_size] for a convolution,
// [in_channels, out_channels / groups, *kernel_size] for a transposed one; bias [out_channels].
// Initialized as LibTorch: weight kaiming_uniform_(a = sqrt(5)), bias uniform in
// +-1/sqrt(fan_in) (fan_in = weight.size(1) * prod(kernel_size)).
template <size_t D, class Derived>
class ConvNdImpl : public Cloneable<Derived> {
 public:
  explicit ConvNdImpl(const ConvNdOptions<D>& options) : conv_options_(options) {}
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;

  Tensor weight;
  Tensor bias;

 protected:
  ConvNdOptions<D> conv_options_;
  // The padding of each spatial dim, reversed and each twice ({last, last, ..., first,
  // first}), as ember::pad takes it, for the non-zero padding modes.
  std::vector<int64_t> reversed_padding_repeated_twice_;
};

template <size_t D, class Derived>
class ConvImplBase : public ConvNdImpl<D, Derived> {
 public:
  ConvImplBase(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : ConvImplBase(ConvOptions<D>(in_channels, out_channels, kernel_size)) {}
  explicit ConvImplBase(const ConvOptions<D>& options);
  // input [N, in_channels, *spatial] (or unbatched [in_channels, *spatial]).
  Tensor forward(const Tensor& input);

  ConvOptions<D> options;
};

template <size_t D, class Derived>
class ConvTransposeImplBase : public ConvNdImpl<D, Derived> {
 public:
  ConvTransposeImplBase(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : ConvTransposeImplBase(ConvTransposeOptions<D>(in_channels, out_channels, kernel_size)) {}
  explicit ConvTransposeImplBase(const ConvTransposeOptions<D>& options);
  // output_size (the spatial sizes, optionally with N and C in front) picks the output
  // padding that gives it, as LibTorch; it must lie within stride - 1 of the smallest size.
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

  ConvTransposeOptions<D> options;

 private:
  std::vector<int64_t> output_padding_for(const Tensor& input, const std::optional<IntArrayRef>& output_size) const;
};

#define EMBER_CONV_MODULE(Name, Base, D)                                                        \
  class Name##Impl : public Base<D, Name##Impl> {                                              \
   public:                                                                                     \
    using Base<D, Name##Impl>::Base;                                                           \
  };                                                                                           \
  EMBER_MODULE(Name)

EMBER_CONV_MODULE(Conv1d, ConvImplBase, 1);
EMBER_CONV_MODULE(Conv2d, ConvImplBase, 2);
EMBER_CONV_MODULE(Conv3d, ConvImplBase, 3);
EMBER_CONV_MODULE(ConvTranspose1d, ConvTransposeImplBase, 1);
EMBER_CONV_MODULE(ConvTranspose2d, ConvTransposeImplBase, 2);
EMBER_CONV_MODULE(ConvTranspose3d, ConvTransposeImplBase, 3);
#undef EMBER_CONV_MODULE

}  // namespace ember::nn
