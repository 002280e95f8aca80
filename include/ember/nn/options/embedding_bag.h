#pragma once
// Options of EmbeddingBag and F::embedding_bag, as LibTorch's torch/nn/options/embedding.h:
// `EmbeddingBagOptions(10, 3).mode(torch::kSum).padding_idx(0)`,
// `F::EmbeddingBagFuncOptions().offsets(offsets).mode(torch::kMax)`.
#include <cstdint>
#include <optional>
#include <string>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/options/loss.h"

namespace ember {

namespace enumtype {
struct kMax {};
}  // namespace enumtype
inline constexpr enumtype::kMax kMax{};

namespace nn {

// How a bag's rows combine: torch::kSum, torch::kMean (the reduction constants) or torch::kMax.
class EmbeddingBagMode {
 public:
  enum Kind { Sum, Mean, Max };
  EmbeddingBagMode(Reduction::Reduction reduction);  // NOLINT: implicit, `.mode(torch::kSum)`
  EmbeddingBagMode(enumtype::kMax) : kind_(Max) {}   // NOLINT: implicit, `.mode(torch::kMax)`
  Kind kind() const noexcept { return kind_; }
  // "kSum", "kMean" or "kMax", as LibTorch prints modes.
  std::string name() const;

 private:
  Kind kind_;
};

struct EmbeddingBagOptions {
  EmbeddingBagOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  EMBER_ARG(int64_t, num_embeddings);
  EMBER_ARG(int64_t, embedding_dim);
  // Each forward first rescales, in place and without recording, every looked-up row whose
  // norm_type-norm exceeds max_norm to norm max_norm.
  EMBER_ARG(std::optional<double>, max_norm) = std::nullopt;
  EMBER_ARG(double, norm_type) = 2.;
  EMBER_ARG(bool, scale_grad_by_freq) = false;
  EMBER_ARG(EmbeddingBagMode, mode) = kMean;
  // ember has no sparse tensors: sparse(true) throws in forward.
  EMBER_ARG(bool, sparse) = false;
  // A given weight [num_embeddings, embedding_dim] used as is instead of the normal(0, 1) init.
  EMBER_ARG(Tensor, _weight) = Tensor();
  // offsets has one more entry than there are bags: the end of the last bag.
  EMBER_ARG(bool, include_last_offset) = false;
  // Entries equal to padding_idx are left out of their bag (negative counts from the end).
  EMBER_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
};

namespace functional {

struct EmbeddingBagFuncOptions {
  // The start of each bag in a 1-D input (the first must be 0); undefined for 2-D input,
  // whose rows are the bags.
  EMBER_ARG(Tensor, offsets) = Tensor();
  EMBER_ARG(std::optional<double>, max_norm) = std::nullopt;
  EMBER_ARG(double, norm_type) = 2.;
  EMBER_ARG(bool, scale_grad_by_freq) = false;
  EMBER_ARG(EmbeddingBagMode, mode) = kMean;
  EMBER_ARG(bool, sparse) = false;
  // A weight per input entry (input's shape), mode kSum only.
  EMBER_ARG(Tensor, per_sample_weights) = Tensor();
  EMBER_ARG(bool, include_last_offset) = false;
  EMBER_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
};

}  // namespace functional
}  // namespace nn
}  // namespace ember
