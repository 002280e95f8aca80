#include "ember/nn/functional/embedding_bag.h"

#include <algorithm>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/indexing.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember::nn {

EmbeddingBagMode::EmbeddingBagMode(Reduction::Reduction reduction)
    : kind_(reduction == Reduction::Sum ? Sum : Mean) {
  EMBER_CHECK(reduction == Reduction::Sum || reduction == Reduction::Mean, "EmbeddingBag",
              "mode must be kSum, kMean or kMax, got reduction ", static_cast<int64_t>(reduction));
}

std::string EmbeddingBagMode::name() const { return kind_ == Sum ? "kSum" : kind_ == Mean ? "kMean" : "kMax"; }

namespace functional {

namespace {

std::vector<int64_t> to_vector(const Tensor& t) {
  Tensor c = t.to(kLong).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

Tensor long_tensor(std::vector<int64_t> values) {
  return from_blob(values.data(), {static_cast<int64_t>(values.size())}, kLong).clone();
}

// Rescales, in place and unrecorded, the rows of weight that `indices` picks whose norm
// exceeds max_norm to just under max_norm (as torch::embedding_renorm_).
void renorm_rows(const Tensor& weight, const Tensor& indices, double max_norm, double norm_type) {
  NoGradGuard no_grad;
  Tensor rows = index_select(weight, 0, indices);
  Tensor norms = norm(rows, norm_type, {1}, /*keepdim=*/true);
  Tensor scale = where(norms > max_norm, max_norm / (norms + 1e-7), 1.0);
  Tensor w = weight;
  index_put_(w, {indices}, rows * scale);
}

}  // namespace

Tensor embedding_bag(const Tensor& input, const Tensor& weight, const EmbeddingBagFuncOptions& options) {
  EMBER_CHECK(weight.dim() == 2, "embedding_bag", "weight must be 2-D [num_embeddings, embedding_dim], got shape ",
              weight.sizes());
  EMBER_CHECK(input.scalar_type() == kLong || input.scalar_type() == kInt, "embedding_bag",
              "input must be int64 or int32, got ", input.scalar_type());
  EMBER_CHECK(input.dim() == 1 || input.dim() == 2, "embedding_bag",
              "input must be 1-D (bags cut at offsets) or 2-D [bags, n], got shape ", input.sizes());
  EMBER_CHECK(!options.sparse(), "embedding_bag", "sparse=true needs sparse gradients, which ember does not have");
  const EmbeddingBagMode::Kind mode = options.mode().kind();
  const Tensor& psw = options.per_sample_weights();
  if (psw.defined()) {
    EMBER_CHECK(mode == EmbeddingBagMode::Sum, "embedding_bag", "per_sample_weights are only supported for mode kSum, got ",
                options.mode().name());
    EMBER_CHECK(psw.sizes() == input.sizes(), "embedding_bag", "per_sample_weights must have the input's shape ",
                input.sizes(), ", got ", psw.sizes());
  }
  const int64_t num_embeddings = weight.size(0), dim = weight.size(1);
  int64_t padding_idx = -1;
  if (options.padding_idx()) {
    padding_idx = *options.padding_idx();
    EMBER_CHECK(padding_idx >= -num_embeddings && padding_idx < num_embeddings, "embedding_bag", "padding_idx ",
                padding_idx, " must be within num_embeddings (", num_embeddings, ")");
    if (padding_idx < 0) padding_idx += num_embeddings;
  }

  // The start of each bag (with its end appended) in the flattened input.
  const int64_t n = input.numel();
  std::vector<int64_t> bounds;
  if (input.dim() == 2) {
    EMBER_CHECK(!options.offsets().defined(), "embedding_bag",
                "offsets must be undefined for 2-D input (each row is a bag), got offsets of shape ",
                options.offsets().sizes());
    for (int64_t b = 0; b <= input.size(0); ++b) bounds.push_back(b * input.size(1));
  } else {
    const Tensor& offsets = options.offsets();
    EMBER_CHECK(offsets.defined(), "embedding_bag", "a 1-D input of shape ", input.sizes(),
                " needs offsets (the start of each bag)");
    EMBER_CHECK(offsets.dim() == 1, "embedding_bag", "offsets must be 1-D, got shape ", offsets.sizes());
    EMBER_CHECK(offsets.scalar_type() == kLong || offsets.scalar_type() == kInt, "embedding_bag",
                "offsets must be int64 or int32, got ", offsets.scalar_type());
    bounds = to_vector(offsets);
    EMBER_CHECK(!options.include_last_offset() || !bounds.empty(), "embedding_bag",
                "include_last_offset needs at least one offset (the end of the last bag)");
    EMBER_CHECK(bounds.empty() || bounds[0] == 0, "embedding_bag", "offsets[0] must be 0 (the first bag starts at ",
                "the start of the input), got ", bounds.empty() ? 0 : bounds[0]);
    for (size_t b = 0; b < bounds.size(); ++b)
      EMBER_CHECK(bounds[b] <= n && (b == 0 || bounds[b] >= bounds[b - 1]), "embedding_bag",
                  "offsets must be non-decreasing and at most the input size ", n, ", got offsets ",
                  ArrayRef<int64_t>(bounds));
    if (!options.include_last_offset()) bounds.push_back(n);
  }
  const int64_t bags = static_cast<int64_t>(bounds.size()) - 1;

  // The input positions that take part (padding entries left out) and the bag of each.
  std::vector<int64_t> ids = to_vector(input);
  std::vector<int64_t> kept, bag_of, counts(static_cast<size_t>(bags), 0);
  for (int64_t b = 0; b < bags; ++b) {
    for (int64_t i = bounds[b]; i < bounds[b + 1]; ++i) {
      EMBER_CHECK(ids[i] >= 0 && ids[i] < num_embeddings, "embedding_bag", "index ", ids[i],
                  " is out of range for weight with ", num_embeddings, " rows");
      if (ids[i] == padding_idx) continue;
      kept.push_back(i);
      bag_of.push_back(b);
      ++counts[b];
    }
  }
  Tensor positions = long_tensor(kept);
  Tensor indices = index_select(input.reshape({-1}).to(kLong), 0, positions);
  if (options.max_norm()) renorm_rows(weight, indices, *options.max_norm(), options.norm_type());
  Tensor rows = embedding(weight, indices, -1, options.scale_grad_by_freq());  // [kept, dim]
  Tensor bag_index = long_tensor(bag_of);
  Tensor out = zeros({bags, dim}, weight.scalar_type());
  if (mode == EmbeddingBagMode::Max) {
    // Empty bags keep their zeros: include_self=false only replaces the scattered positions.
    return scatter_reduce(out, 0, bag_index.unsqueeze(1).expand({bag_index.size(0), dim}), rows, "amax",
                          /*include_self=*/false);
  }
  if (psw.defined()) rows = rows * index_select(psw.reshape({-1}), 0, positions).unsqueeze(1);
  out = index_add(out, 0, bag_index, rows);
  if (mode == EmbeddingBagMode::Sum) return out;
  std::vector<int64_t> divisors(counts.size());
  for (size_t b = 0; b < counts.size(); ++b) divisors[b] = std::max<int64_t>(counts[b], 1);
  return out / long_tensor(divisors).to(weight.scalar_type()).unsqueeze(1);
}

}  // namespace functional
}  // namespace ember::nn
