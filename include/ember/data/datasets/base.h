#pragma once
// Dataset bases as LibTorch's torch::data::datasets:
// - BatchDataset<Self, Batch, BatchRequest>: get_batch(request) -> Batch, size().
// - Dataset<Self, SingleExample>: get(index) -> SingleExample; get_batch defaults to one get per
//   index, so a batch is std::vector<SingleExample>.
// `dataset.map(transform)` wraps a dataset in a MapDataset (map.h) applying the transform to
// each batch. Datasets are read concurrently by data-loader workers: get/get_batch must be
// safe to call from several threads at once (read-only state, as every dataset here).
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "ember/core/array_ref.h"
#include "ember/data/example.h"

namespace ember::data::datasets {

template <class SourceDataset, class AppliedTransform>
class MapDataset;

template <class Self, class Batch = std::vector<Example<>>, class BatchRequest = ArrayRef<size_t>>
class BatchDataset {
 public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;

  virtual ~BatchDataset() = default;

  virtual Batch get_batch(BatchRequest request) = 0;
  // The number of examples; std::nullopt for an unsized dataset.
  virtual std::optional<size_t> size() const = 0;

  // Defined once MapDataset is complete (map.h); every dataset header includes it.
  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return MapDataset<Self, TransformType>(static_cast<Self&>(*this), std::move(transform));
  }
  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return MapDataset<Self, TransformType>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

template <class Self, class SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
 public:
  using ExampleType = SingleExample;

  virtual ExampleType get(size_t index) = 0;

  std::vector<ExampleType> get_batch(ArrayRef<size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (size_t i : indices) batch.push_back(get(i));
    return batch;
  }
};

}  // namespace ember::data::datasets
