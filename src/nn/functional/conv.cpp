#include "ember/nn/functional/conv.h"

#include "ember/ops/convolution.h"

namespace ember::nn::functional {

namespace {

using ConvFn = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef, IntArrayRef,
                          IntArrayRef, int64_t);
using ConvStrFn = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef,
                             std::string_view, IntArrayRef, int64_t);

template <size_t D>
Tensor conv(ConvFn f, ConvStrFn fs, const Tensor& input, const Tensor& weight, const ConvFuncOptions<D>& o) {
  std::optional<Tensor> bias = o.bias().defined() ? std::optional<Tensor>(o.bias()) : std::nullopt;
  if (const auto* p = std::get_if<ExpandingArray<D>>(&o.padding()))
    return f(input, weight, bias, o.stride(), *p, o.dilation(), o.groups());
  return fs(input, weight, bias, o.stride(), std::holds_alternative<enumtype::kSame>(o.padding()) ? "same" : "valid",
            o.dilation(), o.groups());
}

using ConvTFn = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef, IntArrayRef,
                           IntArrayRef, int64_t, IntArrayRef);

template <size_t D>
Tensor conv_t(ConvTFn f, const Tensor& input, const Tensor& weight, const ConvTransposeFuncOptions<D>& o) {
  std::optional<Tensor> bias = o.bias().defined() ? std::optional<Tensor>(o.bias()) : std::nullopt;
  return f(input, weight, bias, o.stride(), o.padding(), o.output_padding(), o.groups(), o.dilation());
}

}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options) {
  return conv<1>(ember::conv1d, ember::conv1d, input, weight, options);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options) {
  return conv<2>(ember::conv2d, ember::conv2d, input, weight, options);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options) {
  return conv<3>(ember::conv3d, ember::conv3d, input, weight, options);
}
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const ConvTranspose1dFuncOptions& options) {
  return conv_t<1>(ember::conv_transpose1d, input, weight, options);
}
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const ConvTranspose2dFuncOptions& options) {
  return conv_t<2>(ember::conv_transpose2d, input, weight, options);
}
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const ConvTranspose3dFuncOptions& options) {
  return conv_t<3>(ember::conv_transpose3d, input, weight, options);
}

}  // namespace ember::nn::functional
