#pragma once
// Options of the loss functions and loss modules, as LibTorch's torch/nn/options/loss.h:
// chainable setters (`CrossEntropyLossOptions().ignore_index(-1).label_smoothing(0.1)`), the
// same names and defaults. F::XFuncOptions are the same structs under the functional names.
#include <cstdint>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"


namespace ember {

// How a loss reduces its elementwise values, as at::Reduction (an unscoped enum, so the plain
// functions take it as int64_t as ATen does). BatchMean (sum / batch size) is kl_div's only.
namespace Reduction {
enum Reduction : int64_t { None, Mean, Sum, BatchMean };
}  // namespace Reduction
// LibTorch's spellings: `.reduction(torch::kSum)`.
inline constexpr Reduction::Reduction kNone = Reduction::None;
inline constexpr Reduction::Reduction kMean = Reduction::Mean;
inline constexpr Reduction::Reduction kSum = Reduction::Sum;
inline constexpr Reduction::Reduction kBatchMean = Reduction::BatchMean;

namespace nn {

using reduction_t = Reduction::Reduction;

struct MSELossOptions {
  MSELossOptions(reduction_t reduction = kMean) : reduction_(reduction) {}  // NOLINT: as LibTorch
  EMBER_ARG(reduction_t, reduction);
};

struct L1LossOptions {
  L1LossOptions(reduction_t reduction = kMean) : reduction_(reduction) {}  // NOLINT: as LibTorch
  EMBER_ARG(reduction_t, reduction);
};

struct SmoothL1LossOptions {
  SmoothL1LossOptions(reduction_t reduction = kMean) : reduction_(reduction) {}  // NOLINT: as LibTorch
  EMBER_ARG(reduction_t, reduction);
  // Where the loss turns from quadratic to linear; 0 gives the L1 loss.
  EMBER_ARG(double, beta) = 1.0;
};

struct HuberLossOptions {
  HuberLossOptions(reduction_t reduction = kMean) : reduction_(reduction) {}  // NOLINT: as LibTorch
  EMBER_ARG(reduction_t, reduction);
  EMBER_ARG(double, delta) = 1.0;
};

struct NLLLossOptions {
  // Per-class weights [C]; undefined means all ones.
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(int64_t, ignore_index) = -100;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct CrossEntropyLossOptions {
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(int64_t, ignore_index) = -100;
  EMBER_ARG(reduction_t, reduction) = kMean;
  EMBER_ARG(double, label_smoothing) = 0.0;
};

struct BCELossOptions {
  // Broadcast to the input's shape.
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct BCEWithLogitsLossOptions {
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(reduction_t, reduction) = kMean;
  // Weight of the positive term per class (broadcast along the last dim).
  EMBER_ARG(Tensor, pos_weight) = {};
};

struct KLDivLossOptions {
  KLDivLossOptions(reduction_t reduction = kMean) : reduction_(reduction) {}  // NOLINT: as LibTorch
  // kMean averages over every element; kBatchMean (the mathematically right KL) over dim 0.
  EMBER_ARG(reduction_t, reduction);
  // Whether the target is given as log-probabilities.
  EMBER_ARG(bool, log_target) = false;
};

namespace functional {
using MSELossFuncOptions = MSELossOptions;
using L1LossFuncOptions = L1LossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using HuberLossFuncOptions = HuberLossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using KLDivFuncOptions = KLDivLossOptions;
}  // namespace functional

struct PoissonNLLLossOptions {
  // true: the input is log(rate), loss exp(input) - target input; false: the input is the
  // rate, loss input - target log(input + eps).
  EMBER_ARG(bool, log_input) = true;
  // Adds the Stirling term target log(target) - target + 0.5 log(2 pi target) where target > 1.
  EMBER_ARG(bool, full) = false;
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

// Beyond LibTorch 1.13's C++ API (PyTorch's nn.GaussianNLLLoss): same names and defaults.
struct GaussianNLLLossOptions {
  // Adds the constant 0.5 log(2 pi).
  EMBER_ARG(bool, full) = false;
  // The variance is clamped at eps (the clamp passes gradients through unchanged, as PyTorch).
  EMBER_ARG(double, eps) = 1e-6;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct MarginRankingLossOptions {
  EMBER_ARG(double, margin) = 0;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct HingeEmbeddingLossOptions {
  EMBER_ARG(double, margin) = 1.0;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct TripletMarginLossOptions {
  EMBER_ARG(double, margin) = 1.0;
  // The norm degree of the pairwise distances.
  EMBER_ARG(double, p) = 2.0;
  // Added to the differences before the norm (keeps the gradient finite at equal points).
  EMBER_ARG(double, eps) = 1e-6;
  // Uses min(d(anchor, negative), d(positive, negative)) as the negative distance.
  EMBER_ARG(bool, swap) = false;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct CosineEmbeddingLossOptions {
  EMBER_ARG(double, margin) = 0.0;
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct MultiLabelSoftMarginLossOptions {
  // Per-class weights [C] (broadcast against the input); undefined means all ones.
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(reduction_t, reduction) = kMean;
};

struct CTCLossOptions {
  EMBER_ARG(int64_t, blank) = 0;
  // kMean divides each sample's loss by its target length (at least 1), then averages.
  EMBER_ARG(reduction_t, reduction) = kMean;
  // Infinite losses (inputs too short for their targets) and their gradients become 0.
  EMBER_ARG(bool, zero_infinity) = false;
};

namespace functional {
using PoissonNLLLossFuncOptions = PoissonNLLLossOptions;
using GaussianNLLLossFuncOptions = GaussianNLLLossOptions;
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
using HingeEmbeddingLossFuncOptions = HingeEmbeddingLossOptions;
using TripletMarginLossFuncOptions = TripletMarginLossOptions;
using CosineEmbeddingLossFuncOptions = CosineEmbeddingLossOptions;
using MultilabelSoftMarginLossFuncOptions = MultiLabelSoftMarginLossOptions;
using CTCLossFuncOptions = CTCLossOptions;
}  // namespace functional

}  // namespace nn
}  // namespace ember
