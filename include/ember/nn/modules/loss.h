#pragma once
// Loss modules, as torch::nn::MSELoss & co: each holds its options (per-class weights as
// buffers, so .to() converts them) and forwards (input, target) to the functional loss.
#include "ember/nn/functional/loss.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

// Losses with only scalar options.
#define EMBER_SIMPLE_LOSS(Name)                                                 \
  struct Name##Impl : Cloneable<Name##Impl> {                                   \
    explicit Name##Impl(Name##Options options_ = {}) : options(options_) {}     \
    void reset() override {}                                                    \
    void pretty_print(std::ostream& stream) const override;                     \
    Tensor forward(const Tensor& input, const Tensor& target);                  \
    Name##Options options;                                                      \
  };                                                                            \
  EMBER_MODULE(Name)

EMBER_SIMPLE_LOSS(MSELoss);
EMBER_SIMPLE_LOSS(L1Loss);
EMBER_SIMPLE_LOSS(SmoothL1Loss);
EMBER_SIMPLE_LOSS(HuberLoss);
EMBER_SIMPLE_LOSS(KLDivLoss);
#undef EMBER_SIMPLE_LOSS

// Losses with a `weight` buffer (undefined when the options have none).
#define EMBER_WEIGHTED_LOSS(Name)                                               \
  struct Name##Impl : Cloneable<Name##Impl> {                                   \
    explicit Name##Impl(Name##Options options_ = {});                           \
    void reset() override;                                                      \
    void pretty_print(std::ostream& stream) const override;                     \
    Tensor forward(const Tensor& input, const Tensor& target);                  \
    Name##Options options;                                                      \
    Tensor weight;                                                              \
  };                                                                            \
  EMBER_MODULE(Name)

EMBER_WEIGHTED_LOSS(NLLLoss);
EMBER_WEIGHTED_LOSS(CrossEntropyLoss);
EMBER_WEIGHTED_LOSS(BCELoss);
#undef EMBER_WEIGHTED_LOSS

struct BCEWithLogitsLossImpl : Cloneable<BCEWithLogitsLossImpl> {
  explicit BCEWithLogitsLossImpl(BCEWithLogitsLossOptions options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);
  BCEWithLogitsLossOptions options;
  Tensor weight;
  Tensor pos_weight;
};
EMBER_MODULE(BCEWithLogitsLoss);

}  // namespace ember::nn
