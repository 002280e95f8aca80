#pragma once
// Dropout, Dropout2d, Dropout3d, AlphaDropout and FeatureAlphaDropout, as torch::nn: active
// in training mode only, the identity in eval mode.
#include <ostream>

#include "ember/core/error.h"
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

using Dropout2dOptions = DropoutOptions;
using Dropout3dOptions = DropoutOptions;
using AlphaDropoutOptions = DropoutOptions;
using FeatureAlphaDropoutOptions = DropoutOptions;

namespace detail {
// The options, the p check and the printing the feature and alpha dropout modules share;
// Derived names itself with a static kName.
template <class Derived>
class DropoutNdImpl : public Cloneable<Derived> {
 public:
  explicit DropoutNdImpl(const DropoutOptions& options = {}) : options(options) { reset(); }
  void reset() override {
    EMBER_CHECK(options.p() >= 0 && options.p() <= 1, Derived::kName,
                "dropout probability has to be between 0 and 1, but got ", options.p());
  }
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "torch::nn::" << Derived::kName << "(p=" << options.p()
           << ", inplace=" << options.inplace() << ")";
  }
  DropoutOptions options;
};
}  // namespace detail

// Input [N, C, H, W] (or unbatched [C, H, W]): zeroes whole channels with probability p and
// scales the kept ones by 1 / (1 - p).
class Dropout2dImpl : public detail::DropoutNdImpl<Dropout2dImpl> {
 public:
  using DropoutNdImpl::DropoutNdImpl;
  static constexpr const char* kName = "Dropout2d";
  Tensor forward(Tensor input);
};
EMBER_MODULE(Dropout2d);

// Input [N, C, D, H, W] (or unbatched [C, D, H, W]): channel dropout as Dropout2d.
class Dropout3dImpl : public detail::DropoutNdImpl<Dropout3dImpl> {
 public:
  using DropoutNdImpl::DropoutNdImpl;
  static constexpr const char* kName = "Dropout3d";
  Tensor forward(Tensor input);
};
EMBER_MODULE(Dropout3d);

// Alpha dropout (ember::alpha_dropout) for SELU networks; as LibTorch, `inplace` is kept in
// the options and printed but the forward never writes into its input.
class AlphaDropoutImpl : public detail::DropoutNdImpl<AlphaDropoutImpl> {
 public:
  using DropoutNdImpl::DropoutNdImpl;
  static constexpr const char* kName = "AlphaDropout";
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(AlphaDropout);

// Alpha dropout of whole channels of an input [N, C, *] (ember::feature_alpha_dropout); the
// forward never writes into its input, as LibTorch's.
class FeatureAlphaDropoutImpl : public detail::DropoutNdImpl<FeatureAlphaDropoutImpl> {
 public:
  using DropoutNdImpl::DropoutNdImpl;
  static constexpr const char* kName = "FeatureAlphaDropout";
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(FeatureAlphaDropout);

}  // namespace ember::nn
