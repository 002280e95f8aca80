#pragma once
// Linear (y = x W^T + b), Identity, as torch::nn.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  EMBER_ARG(int64_t, in_features);
  EMBER_ARG(int64_t, out_features);
  EMBER_ARG(bool, bias) = true;
};

// weight [out_features, in_features], bias [out_features] (undefined with bias(false)).
// Initialized as LibTorch: weight kaiming_uniform_(a = sqrt(5)), i.e. uniform in
// +-1/sqrt(in_features), and bias uniform in +-1/sqrt(in_features).
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // input [*, in_features] -> [*, out_features].
  Tensor forward(const Tensor& input);

  LinearOptions options;
  Tensor weight;
  Tensor bias;
};
EMBER_MODULE(Linear);

// Returns its input unchanged (a placeholder where a layer is optional).
class IdentityImpl : public Cloneable<IdentityImpl> {
 public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(Identity);

}  // namespace ember::nn
