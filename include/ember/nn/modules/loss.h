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

// Losses of (input, target) with scalar options.
#define EMBER_SCALAR_OPTIONS_LOSS(Name)                                         \
  struct Name##Impl : Cloneable<Name##Impl> {                                   \
    explicit Name##Impl(Name##Options options_ = {}) : options(options_) {}     \
    void reset() override {}                                                    \
    void pretty_print(std::ostream& stream) const override;                     \
    Tensor forward(const Tensor& input, const Tensor& target);                  \
    Name##Options options;                                                      \
  };                                                                            \
  EMBER_MODULE(Name)

EMBER_SCALAR_OPTIONS_LOSS(PoissonNLLLoss);
EMBER_SCALAR_OPTIONS_LOSS(HingeEmbeddingLoss);
#undef EMBER_SCALAR_OPTIONS_LOSS

// Losses of three tensors: (input1, input2, target) or (anchor, positive, negative), and
// GaussianNLLLoss's (input, target, var).
#define EMBER_TERNARY_LOSS(Name, a, b, c)                                      \
  struct Name##Impl : Cloneable<Name##Impl> {                                   \
    explicit Name##Impl(Name##Options options_ = {}) : options(options_) {}     \
    void reset() override {}                                                    \
    void pretty_print(std::ostream& stream) const override;                     \
    Tensor forward(const Tensor& a, const Tensor& b, const Tensor& c);          \
    Name##Options options;                                                      \
  };                                                                            \
  EMBER_MODULE(Name)

EMBER_TERNARY_LOSS(MarginRankingLoss, input1, input2, target);
EMBER_TERNARY_LOSS(CosineEmbeddingLoss, input1, input2, target);
EMBER_TERNARY_LOSS(TripletMarginLoss, anchor, positive, negative);
// Beyond LibTorch 1.13's C++ API (PyTorch's nn.GaussianNLLLoss).
EMBER_TERNARY_LOSS(GaussianNLLLoss, input, target, var);
#undef EMBER_TERNARY_LOSS

struct MultiLabelSoftMarginLossImpl : Cloneable<MultiLabelSoftMarginLossImpl> {
  explicit MultiLabelSoftMarginLossImpl(MultiLabelSoftMarginLossOptions options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);
  MultiLabelSoftMarginLossOptions options;
  Tensor weight;
};
EMBER_MODULE(MultiLabelSoftMarginLoss);

struct CTCLossImpl : Cloneable<CTCLossImpl> {
  explicit CTCLossImpl(CTCLossOptions options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                 const Tensor& target_lengths);
  CTCLossOptions options;
};
EMBER_MODULE(CTCLoss);

}  // namespace ember::nn
