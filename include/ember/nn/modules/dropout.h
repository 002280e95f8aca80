#pragma once
// Dropout, as torch::nn::Dropout: active in training mode only.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

struct DropoutOptions {
  DropoutOptions(double p = 0.5) : p_(p) {}  // NOLINT: Dropout(0.2) as LibTorch
  EMBER_ARG(double, p);
  EMBER_ARG(bool, inplace) = false;
};

// In training, zeroes each element with probability p and scales the rest by 1 / (1 - p);
// in eval mode returns the input.
class DropoutImpl : public Cloneable<DropoutImpl> {
 public:
  explicit DropoutImpl(const DropoutOptions& options = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);
  DropoutOptions options;
};
EMBER_MODULE(Dropout);

}  // namespace ember::nn
