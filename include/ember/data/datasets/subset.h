#pragma once
// Subset (beyond LibTorch, as PyTorch's torch.utils.data.Subset): the examples of a dataset at
// given indices; and random_split, which divides a dataset into disjoint random subsets.
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/data/datasets/base.h"
#include "ember/data/datasets/map.h"
#include "ember/data/detail/random.h"

namespace ember::data::datasets {

template <class SourceDataset>
class Subset : public Dataset<Subset<SourceDataset>, typename SourceDataset::ExampleType> {
 public:
  using ExampleType = typename SourceDataset::ExampleType;

  Subset(std::shared_ptr<SourceDataset> dataset, std::vector<size_t> indices)
      : dataset_(std::move(dataset)), indices_(std::move(indices)) {}

  ExampleType get(size_t index) override {
    EMBER_CHECK(index < indices_.size(), "Subset::get", "index ", index,
                " is out of range for a subset of ", indices_.size(), " examples");
    return dataset_->get(indices_[index]);
  }
  std::optional<size_t> size() const override { return indices_.size(); }
  const std::vector<size_t>& indices() const noexcept { return indices_; }

 private:
  std::shared_ptr<SourceDataset> dataset_;  // shared by the subsets of one split
  std::vector<size_t> indices_;
};

}  // namespace ember::data::datasets

namespace ember::data {

// Splits `dataset` into lengths.size() disjoint subsets of the given lengths (summing to the
// dataset's size), from a random permutation determined by `seed`, as PyTorch's random_split.
template <class D>
std::vector<datasets::Subset<D>> random_split(D dataset, const std::vector<int64_t>& lengths,
                                              uint64_t seed = 0) {
  std::optional<size_t> size = dataset.size();
  EMBER_CHECK(size.has_value(), "random_split", "the dataset has no size");
  int64_t total = 0;
  for (int64_t length : lengths) {
    EMBER_CHECK(length >= 0, "random_split", "lengths must be non-negative, but got ", length);
    total += length;
  }
  EMBER_CHECK(static_cast<size_t>(total) == *size, "random_split", "lengths sum to ", total,
              " but the dataset has ", *size, " examples");
  auto shared = std::make_shared<D>(std::move(dataset));
  std::vector<size_t> perm = detail::random_permutation(*size, seed, 0);
  std::vector<datasets::Subset<D>> subsets;
  size_t offset = 0;
  for (int64_t length : lengths) {
    auto begin = perm.begin() + static_cast<std::ptrdiff_t>(offset);
    subsets.emplace_back(shared, std::vector<size_t>(begin, begin + length));
    offset += static_cast<size_t>(length);
  }
  return subsets;
}

}  // namespace ember::data
