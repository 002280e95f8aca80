#include "ember/nn/modules/activation.h"

#include "ember/ops/nn_functional.h"
#include "ember/ops/unary.h"

namespace ember::nn {

void ReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::ReLU(";
  if (options.inplace()) stream << "inplace=true";
  stream << ")";
}

Tensor ReLUImpl::forward(Tensor input) {
  if (options.inplace()) return relu_(input);
  return relu(input);
}

void LeakyReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::LeakyReLU(negative_slope=" << options.negative_slope();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}

Tensor LeakyReLUImpl::forward(Tensor input) {
  if (options.inplace()) return leaky_relu_(input, options.negative_slope());
  return leaky_relu(input, options.negative_slope());
}

void ELUImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::ELU(alpha=" << options.alpha();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}

Tensor ELUImpl::forward(Tensor input) {
  if (options.inplace()) return elu_(input, options.alpha());
  return elu(input, options.alpha());
}

GELUImpl::GELUImpl(GELUOptions options) : options(std::move(options)) {
  const std::string& approximate = this->options.approximate();
  EMBER_CHECK(approximate == "none" || approximate == "tanh", "GELU", "approximate must be \"none\" or ",
              "\"tanh\", got \"", approximate, "\"");
}

void GELUImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::GELU()"; }

Tensor GELUImpl::forward(const Tensor& input) { return gelu(input, options.approximate()); }

void SoftplusImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::Softplus(beta=" << options.beta() << ", threshold=" << options.threshold() << ")";
}

Tensor SoftplusImpl::forward(const Tensor& input) {
  return softplus(input, options.beta(), options.threshold());
}

void SoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::Softmax(dim=" << options.dim() << ")";
}

Tensor SoftmaxImpl::forward(const Tensor& input) { return softmax(input, options.dim()); }

void LogSoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::LogSoftmax(dim=" << options.dim() << ")";
}

Tensor LogSoftmaxImpl::forward(const Tensor& input) { return log_softmax(input, options.dim()); }

void SiLUImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::SiLU()"; }
Tensor SiLUImpl::forward(const Tensor& input) { return silu(input); }

void TanhImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Tanh()"; }
Tensor TanhImpl::forward(const Tensor& input) { return tanh(input); }

void SigmoidImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Sigmoid()"; }
Tensor SigmoidImpl::forward(const Tensor& input) { return sigmoid(input); }

void HardswishImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Hardswish()"; }
Tensor HardswishImpl::forward(const Tensor& input) { return hardswish(input); }

}  // namespace ember::nn
