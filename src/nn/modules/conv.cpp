#include "ember/nn/modules/conv.h"

#include <cmath>

#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/arrange.h"
#include "ember/ops/convolution.h"

namespace ember::nn {

namespace {

template <size_t D>
const char* conv_name(bool transposed) {
  static const char* names[2][3] = {{"Conv1d", "Conv2d", "Conv3d"},
                                    {"ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}};
  return names[transposed][D - 1];
}

template <size_t D>
ConvNdOptions<D> nd_options(const ConvOptions<D>& o) {
  return {o.in_channels(), o.out_channels(), o.kernel_size(), o.stride(), o.padding(), o.dilation(), false, 0,
          o.groups(), o.bias(), o.padding_mode()};
}
template <size_t D>
ConvNdOptions<D> nd_options(const ConvTransposeOptions<D>& o) {
  return {o.in_channels(), o.out_channels(), o.kernel_size(), o.stride(), o.padding(), o.dilation(), true,
          o.output_padding(), o.groups(), o.bias(), o.padding_mode()};
}

}  // namespace

std::string padding_mode_name(const conv_padding_mode_t& mode) {
  static const char* names[] = {"kZeros", "kReflect", "kReplicate", "kCircular"};
  return names[mode.index()];
}
std::string pad_mode(const conv_padding_mode_t& mode) {
  static const char* names[] = {"constant", "reflect", "replicate", "circular"};
  return names[mode.index()];
}

template <size_t D, class Derived>
void ConvNdImpl<D, Derived>::reset() {
  const ConvNdOptions<D>& o = conv_options_;
  const char* name = conv_name<D>(o.transposed);
  EMBER_CHECK(o.in_channels > 0 && o.groups > 0 && o.out_channels > 0, name,
              "in_channels, groups and out_channels must be a positive integer, got ", o.in_channels, ", ", o.groups,
              " and ", o.out_channels);
  EMBER_CHECK(o.in_channels % o.groups == 0, name, "in_channels (", o.in_channels, ") must be divisible by groups (",
              o.groups, ")");
  EMBER_CHECK(o.out_channels % o.groups == 0, name, "out_channels (", o.out_channels,
              ") must be divisible by groups (", o.groups, ")");
  reversed_padding_repeated_twice_.assign(2 * D, 0);
  if (const auto* p = std::get_if<ExpandingArray<D>>(&o.padding)) {
    for (size_t i = 0; i < D; ++i) {
      reversed_padding_repeated_twice_[2 * (D - 1 - i)] = (**p)[i];
      reversed_padding_repeated_twice_[2 * (D - 1 - i) + 1] = (**p)[i];
    }
  } else if (std::holds_alternative<enumtype::kSame>(o.padding)) {
    for (size_t i = 0; i < D; ++i)
      EMBER_CHECK((*o.stride)[i] == 1, name, "padding='same' is not supported for strided convolutions (stride ",
                  o.stride, ")");
    for (size_t i = 0; i < D; ++i) {
      int64_t total = (*o.dilation)[i] * ((*o.kernel_size)[i] - 1);
      int64_t left = total / 2;
      reversed_padding_repeated_twice_[2 * (D - 1 - i)] = left;
      reversed_padding_repeated_twice_[2 * (D - 1 - i) + 1] = total - left;
    }
  }
  std::vector<int64_t> shape = o.transposed ? std::vector<int64_t>{o.in_channels, o.out_channels / o.groups}
                                            : std::vector<int64_t>{o.out_channels, o.in_channels / o.groups};
  for (int64_t k : *o.kernel_size) shape.push_back(k);
  weight = this->register_parameter("weight", ember::empty(shape));
  bias = o.bias ? this->register_parameter("bias", ember::empty({o.out_channels})) : Tensor();
  reset_parameters();
}

template <size_t D, class Derived>
void ConvNdImpl<D, Derived>::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    (void)fan_out;
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    init::uniform_(bias, -bound, bound);
  }
}

template <size_t D, class Derived>
void ConvNdImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  const ConvNdOptions<D>& o = conv_options_;
  stream << "torch::nn::" << conv_name<D>(o.transposed) << "(" << o.in_channels << ", " << o.out_channels
         << ", kernel_size=" << o.kernel_size << ", stride=" << o.stride;
  if (const auto* p = std::get_if<ExpandingArray<D>>(&o.padding)) {
    if (!(*p == ExpandingArray<D>(0))) stream << ", padding=" << *p;
  } else {
    stream << ", padding=" << (std::holds_alternative<enumtype::kSame>(o.padding) ? "'same'" : "'valid'");
  }
  if (!(o.dilation == ExpandingArray<D>(1))) stream << ", dilation=" << o.dilation;
  if (!(o.output_padding == ExpandingArray<D>(0))) stream << ", output_padding=" << o.output_padding;
  if (o.groups != 1) stream << ", groups=" << o.groups;
  if (!o.bias) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(o.padding_mode))
    stream << ", padding_mode=" << padding_mode_name(o.padding_mode);
  stream << ")";
}

template <size_t D, class Derived>
ConvImplBase<D, Derived>::ConvImplBase(const ConvOptions<D>& options)
    : ConvNdImpl<D, Derived>(nd_options(options)), options(options) {
  this->reset();
}

template <size_t D, class Derived>
Tensor ConvImplBase<D, Derived>::forward(const Tensor& input) {
  const ConvNdOptions<D>& o = this->conv_options_;
  auto conv = [&](const Tensor& x, IntArrayRef padding) {
    return D == 1 ? conv1d(x, this->weight, this->bias, o.stride, padding, o.dilation, o.groups)
           : D == 2 ? conv2d(x, this->weight, this->bias, o.stride, padding, o.dilation, o.groups)
                    : conv3d(x, this->weight, this->bias, o.stride, padding, o.dilation, o.groups);
  };
  if (!std::holds_alternative<enumtype::kZeros>(o.padding_mode))
    return conv(pad(input, this->reversed_padding_repeated_twice_, pad_mode(o.padding_mode)), 0);
  if (const auto* p = std::get_if<ExpandingArray<D>>(&o.padding)) return conv(input, *p);
  std::string_view mode = std::holds_alternative<enumtype::kSame>(o.padding) ? "same" : "valid";
  return D == 1 ? conv1d(input, this->weight, this->bias, o.stride, mode, o.dilation, o.groups)
         : D == 2 ? conv2d(input, this->weight, this->bias, o.stride, mode, o.dilation, o.groups)
                  : conv3d(input, this->weight, this->bias, o.stride, mode, o.dilation, o.groups);
}

template <size_t D, class Derived>
ConvTransposeImplBase<D, Derived>::ConvTransposeImplBase(const ConvTransposeOptions<D>& options)
    : ConvNdImpl<D, Derived>(nd_options(options)), options(options) {
  this->reset();
}

template <size_t D, class Derived>
std::vector<int64_t> ConvTransposeImplBase<D, Derived>::output_padding_for(
    const Tensor& input, const std::optional<IntArrayRef>& output_size) const {
  const ConvNdOptions<D>& o = this->conv_options_;
  if (!output_size) return std::vector<int64_t>(o.output_padding->begin(), o.output_padding->end());
  const char* name = conv_name<D>(true);
  int64_t k = input.dim() - 2;
  IntArrayRef size = *output_size;
  if (static_cast<int64_t>(size.size()) == k + 2) size = size.slice(2);
  EMBER_CHECK(static_cast<int64_t>(size.size()) == k, name, "output_size must have ", k, " or ", k + 2,
              " elements (got ", output_size->size(), ")");
  std::vector<int64_t> result;
  for (int64_t d = 0; d < k; ++d) {
    size_t i = static_cast<size_t>(d);
    int64_t lo = (input.size(d + 2) - 1) * (*o.stride)[i] - 2 * (**std::get_if<ExpandingArray<D>>(&o.padding))[i] +
                 (*o.dilation)[i] * ((*o.kernel_size)[i] - 1) + 1;
    int64_t hi = lo + (*o.stride)[i] - 1;
    EMBER_CHECK(size[i] >= lo && size[i] <= hi, name, "requested an output size of ", size, ", but valid sizes range from ",
                lo, " to ", hi, " in spatial dim ", d, " (for an input of ", input.sizes(), ")");
    result.push_back(size[i] - lo);
  }
  return result;
}

template <size_t D, class Derived>
Tensor ConvTransposeImplBase<D, Derived>::forward(const Tensor& input, const std::optional<IntArrayRef>& output_size) {
  const ConvNdOptions<D>& o = this->conv_options_;
  const char* name = conv_name<D>(true);
  EMBER_CHECK(std::holds_alternative<enumtype::kZeros>(o.padding_mode), name,
              "Only `zeros` padding mode is supported for ", name);
  EMBER_CHECK(input.defined() && (input.dim() == static_cast<int64_t>(D) + 2 || input.dim() == static_cast<int64_t>(D) + 1),
              name, "expected a ", D + 1, "-D (unbatched) or ", D + 2, "-D (batched) input");
  bool batched = input.dim() == static_cast<int64_t>(D) + 2;
  Tensor x = batched ? input : input.unsqueeze(0);
  std::vector<int64_t> output_padding = output_padding_for(x, output_size);
  IntArrayRef padding = *std::get_if<ExpandingArray<D>>(&o.padding);
  Tensor y = D == 1   ? conv_transpose1d(x, this->weight, this->bias, o.stride, padding, output_padding, o.groups, o.dilation)
             : D == 2 ? conv_transpose2d(x, this->weight, this->bias, o.stride, padding, output_padding, o.groups, o.dilation)
                      : conv_transpose3d(x, this->weight, this->bias, o.stride, padding, output_padding, o.groups, o.dilation);
  return batched ? y : y.squeeze(0);
}

template class ConvNdImpl<1, Conv1dImpl>;
template class ConvNdImpl<2, Conv2dImpl>;
template class ConvNdImpl<3, Conv3dImpl>;
template class ConvNdImpl<1, ConvTranspose1dImpl>;
template class ConvNdImpl<2, ConvTranspose2dImpl>;
template class ConvNdImpl<3, ConvTranspose3dImpl>;
template class ConvImplBase<1, Conv1dImpl>;
template class ConvImplBase<2, Conv2dImpl>;
template class ConvImplBase<3, Conv3dImpl>;
template class ConvTransposeImplBase<1, ConvTranspose1dImpl>;
template class ConvTransposeImplBase<2, ConvTranspose2dImpl>;
template class ConvTransposeImplBase<3, ConvTranspose3dImpl>;

}  // namespace ember::nn
