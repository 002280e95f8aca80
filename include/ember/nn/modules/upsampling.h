#pragma once
// Upsample, as torch::nn::Upsample (see F::interpolate).
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/upsampling.h"

namespace ember::nn {

// No parameters. input [N, C, W] or [N, C, H, W] -> the same with the new spatial sizes.
class UpsampleImpl : public Cloneable<UpsampleImpl> {
 public:
  explicit UpsampleImpl(const UpsampleOptions& options = {}) : options(options) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UpsampleOptions options;
};
EMBER_MODULE(Upsample);

}  // namespace ember::nn
