#include "ember/nn/functional/batchnorm.h"

#include "ember/ops/nn_functional.h"

namespace ember::nn::functional {
namespace detail {

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, std::optional<double> momentum, double eps) {
  EMBER_CHECK(momentum.has_value(), "batch_norm", "momentum must hold a value (std::nullopt is only meaningful "
              "for the BatchNorm modules, which turn it into a cumulative average)");
  return ember::batch_norm(input, weight, bias, running_mean, running_var, training, *momentum, eps);
}

Tensor instance_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                     const Tensor& bias, bool use_input_stats, double momentum, double eps) {
  return ember::instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps);
}

}  // namespace detail

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options) {
  return detail::batch_norm(input, running_mean, running_var, options.weight(), options.bias(), options.training(),
                            options.momentum(), options.eps());
}

Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options) {
  return detail::instance_norm(input, options.running_mean(), options.running_var(), options.weight(),
                               options.bias(), options.use_input_stats(), options.momentum(), options.eps());
}

}  // namespace ember::nn::functional
