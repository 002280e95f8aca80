#pragma once
// torch::nn::functional dropout: F::dropout(x, F::DropoutFuncOptions().p(0.2)), dropout2d,
// dropout3d, alpha_dropout, feature_alpha_dropout, calling the ops of ember/ops/nn_functional.h.
#include "ember/core/tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn::functional {

struct DropoutFuncOptions {
  EMBER_ARG(double, p) = 0.5;
  EMBER_ARG(bool, training) = true;
  EMBER_ARG(bool, inplace) = false;
};
using Dropout2dFuncOptions = DropoutFuncOptions;
using Dropout3dFuncOptions = DropoutFuncOptions;

// As LibTorch, the alpha variants default to training = false.
struct AlphaDropoutFuncOptions {
  EMBER_ARG(double, p) = 0.5;
  EMBER_ARG(bool, training) = false;
  EMBER_ARG(bool, inplace) = false;
};
using FeatureAlphaDropoutFuncOptions = AlphaDropoutFuncOptions;

// With inplace, the result is written into input and input is returned.
Tensor dropout(Tensor input, const DropoutFuncOptions& options = {});
// Input [N, C, H, W]; any other rank is taken as unbatched and gets a leading batch dim of 1
// for the draw (LibTorch's rule: batched iff 4-D).
Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options = {});
// Input [N, C, D, H, W]; any other rank is taken as unbatched, as dropout2d.
Tensor dropout3d(Tensor input, const Dropout3dFuncOptions& options = {});
Tensor alpha_dropout(Tensor input, const AlphaDropoutFuncOptions& options = {});
Tensor feature_alpha_dropout(Tensor input, const FeatureAlphaDropoutFuncOptions& options = {});

namespace detail {
// The module forwards' entry points (training from the module's mode).
Tensor dropout2d(Tensor input, double p, bool training, bool inplace);
Tensor dropout3d(Tensor input, double p, bool training, bool inplace);
Tensor alpha_dropout(Tensor input, double p, bool training, bool inplace);
Tensor feature_alpha_dropout(Tensor input, double p, bool training, bool inplace);
}  // namespace detail

}  // namespace ember::nn::functional
