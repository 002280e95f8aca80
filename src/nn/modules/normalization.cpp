#include "ember/nn/modules/normalization.h"

#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/nn_functional.h"

namespace ember::nn {
namespace {

// LibTorch prints a normalized_shape as [4, 5].
void print_shape(std::ostream& stream, const std::vector<int64_t>& shape) {
  stream << "[";
  for (size_t i = 0; i < shape.size(); ++i) stream << (i ? ", " : "") << shape[i];
  stream << "]";
}

void check_normalized_shape(const std::vector<int64_t>& shape, const char* op) {
  for (int64_t s : shape) {
    EMBER_CHECK(s >= 0, op, "normalized_shape entries must be non-negative, got ", IntArrayRef(shape));
  }
}

}  // namespace

LayerNormImpl::LayerNormImpl(LayerNormOptions options) : options(std::move(options)) { reset(); }

void LayerNormImpl::reset() {
  check_normalized_shape(options.normalized_shape(), "LayerNorm");
  if (options.elementwise_affine()) {
    weight = register_parameter("weight", ember::empty(IntArrayRef(options.normalized_shape())));
    bias = register_parameter("bias", ember::empty(IntArrayRef(options.normalized_shape())));
  } else {
    weight = Tensor();
    bias = Tensor();
  }
  reset_parameters();
}

void LayerNormImpl::reset_parameters() {
  if (!options.elementwise_affine()) return;
  init::ones_(weight);
  init::zeros_(bias);
}

void LayerNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::LayerNorm(";
  print_shape(stream, options.normalized_shape());
  stream << ", eps=" << options.eps() << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

Tensor LayerNormImpl::forward(const Tensor& input) {
  return layer_norm(input, options.normalized_shape(), weight, bias, options.eps());
}

GroupNormImpl::GroupNormImpl(const GroupNormOptions& options) : options(options) { reset(); }

void GroupNormImpl::reset() {
  EMBER_CHECK(options.num_groups() > 0 && options.num_channels() >= 0 &&
                  options.num_channels() % options.num_groups() == 0,
              "GroupNorm", "num_channels (", options.num_channels(), ") must be divisible by num_groups (",
              options.num_groups(), "), and num_groups positive");
  if (options.affine()) {
    weight = register_parameter("weight", empty({options.num_channels()}));
    bias = register_parameter("bias", empty({options.num_channels()}));
  } else {
    weight = Tensor();
    bias = Tensor();
  }
  reset_parameters();
}

void GroupNormImpl::reset_parameters() {
  if (!options.affine()) return;
  init::ones_(weight);
  init::zeros_(bias);
}

void GroupNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::GroupNorm(" << options.num_groups() << ", " << options.num_channels()
         << ", eps=" << options.eps() << ", affine=" << options.affine() << ")";
}

Tensor GroupNormImpl::forward(const Tensor& input) {
  return group_norm(input, options.num_groups(), weight, bias, options.eps());
}

RMSNormImpl::RMSNormImpl(RMSNormOptions options) : options(std::move(options)) { reset(); }

void RMSNormImpl::reset() {
  check_normalized_shape(options.normalized_shape(), "RMSNorm");
  weight = options.elementwise_affine() ? register_parameter("weight", ember::empty(IntArrayRef(options.normalized_shape()))) : Tensor();
  reset_parameters();
}

void RMSNormImpl::reset_parameters() {
  if (options.elementwise_affine()) init::ones_(weight);
}

void RMSNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::RMSNorm(";
  print_shape(stream, options.normalized_shape());
  stream << ", eps=";
  if (options.eps()) stream << *options.eps();
  else stream << "None";
  stream << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

Tensor RMSNormImpl::forward(const Tensor& input) {
  return rms_norm(input, options.normalized_shape(), weight, options.eps());
}

}  // namespace ember::nn
