#pragma once
// Bilinear, as torch::nn::Bilinear: y = x1^T A x2 + b for each output feature.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/bilinear.h"

namespace ember::nn {

// weight [out, in1, in2], bias [out]; both uniform in +-1/sqrt(in1), as LibTorch.
class BilinearImpl : public Cloneable<BilinearImpl> {
 public:
  BilinearImpl(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : BilinearImpl(BilinearOptions(in1_features, in2_features, out_features)) {}
  explicit BilinearImpl(const BilinearOptions& options);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // input1 [*, in1], input2 [*, in2] -> [*, out].
  Tensor forward(const Tensor& input1, const Tensor& input2);

  BilinearOptions options;
  Tensor weight;
  Tensor bias;
};
EMBER_MODULE(Bilinear);

}  // namespace ember::nn
