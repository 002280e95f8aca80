#pragma once
// torch::nn::functional batch_norm and instance_norm:
// F::batch_norm(x, running_mean, running_var, F::BatchNormFuncOptions().training(true)),
// F::instance_norm(x, F::InstanceNormFuncOptions().weight(w)), calling the ops of
// ember/ops/nn_functional.h.
#include <optional>

#include "ember/core/tensor.h"
#include "ember/nn/options/batchnorm.h"

namespace ember::nn::functional {

// input [N, C, *]; running_mean / running_var [C] (undefined: none). In training, more than
// one value per channel is required.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});
Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options = {});

namespace detail {
// The module forwards' entry points.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, std::optional<double> momentum, double eps);
Tensor instance_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                     const Tensor& bias, bool use_input_stats, double momentum, double eps);
}  // namespace detail

}  // namespace ember::nn::functional
