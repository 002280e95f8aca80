#include "ember/nn/functional/bilinear.h"

#include <vector>

#include "ember/ops/binary.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduce.h"

namespace ember::nn::functional {

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight, const Tensor& bias) {
  EMBER_CHECK(weight.dim() == 3, "bilinear", "weight must be 3-D [out, in1, in2], got shape ", weight.sizes());
  const int64_t out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
  EMBER_CHECK(input1.dim() >= 1 && input1.dim() == input2.dim(), "bilinear",
              "input1 and input2 must have the same number of dims (at least 1), got shapes ", input1.sizes(), " and ",
              input2.sizes());
  for (int64_t d = 0; d + 1 < input1.dim(); ++d)
    EMBER_CHECK(input1.size(d) == input2.size(d), "bilinear", "input1 and input2 must have the same batch dims, got ",
                input1.sizes(), " and ", input2.sizes());
  EMBER_CHECK(input1.size(-1) == in1 && input2.size(-1) == in2, "bilinear", "input1 [*, ", in1, "] and input2 [*, ",
              in2, "] expected by weight of shape ", weight.sizes(), ", got ", input1.sizes(), " and ", input2.sizes());
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == out), "bilinear", "bias must have shape [",
              out, "], got ", bias.sizes());
  // t[..., o, j] = sum_i input1[..., i] weight[o, i, j], then y[..., o] = sum_j t[..., o, j] input2[..., j].
  Tensor w = weight.permute({1, 0, 2}).reshape({in1, out * in2});  // [in1, out * in2]
  std::vector<int64_t> t_shape(input1.sizes().begin(), input1.sizes().end());
  t_shape.back() = out;
  t_shape.push_back(in2);
  Tensor t = matmul(input1, w).reshape(t_shape);                    // [*, out, in2]
  Tensor y = sum(t * input2.unsqueeze(-2), {-1});                    // [*, out]
  return bias.defined() ? y + bias : y;
}

}  // namespace ember::nn::functional
