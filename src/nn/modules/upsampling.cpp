#include "ember/nn/modules/upsampling.h"

#include <vector>

#include "ember/nn/functional/upsampling.h"

namespace ember::nn {

namespace {

template <typename T>
void print_list(std::ostream& stream, const std::vector<T>& values) {
  stream << "[";
  for (size_t i = 0; i < values.size(); ++i) stream << (i ? ", " : "") << values[i];
  stream << "]";
}

}  // namespace

// LibTorch prints size when given, else scale_factor, then the mode (not align_corners).
void UpsampleImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::Upsample(";
  if (options.size()) {
    stream << "size=";
    print_list(stream, *options.size());
  } else if (options.scale_factor()) {
    stream << "scale_factor=";
    print_list(stream, *options.scale_factor());
  }
  if (options.size() || options.scale_factor()) stream << ", ";
  stream << "mode=" << interpolate_mode_name(options.mode()) << ")";
}

Tensor UpsampleImpl::forward(const Tensor& input) {
  return functional::interpolate(input, functional::InterpolateFuncOptions()
                                            .size(options.size())
                                            .scale_factor(options.scale_factor())
                                            .mode(options.mode())
                                            .align_corners(options.align_corners()));
}

}  // namespace ember::nn
