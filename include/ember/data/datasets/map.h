#pragma once
// MapDataset: a dataset whose batches are the source dataset's batches passed through a
// transform, as LibTorch's `dataset.map(transform)`.
//
// Beyond LibTorch, a batch can be fetched with the epoch it belongs to: get_batch(request,
// epoch). A transform that wants per-example randomness (RandomCrop, RandomHorizontalFlip)
// implements apply_batch(batch, request, epoch) and draws from (seed, example index, epoch),
// so results do not depend on which worker thread runs it or when. The data loader passes the
// epoch; a plain get_batch(request) is epoch 0.
#include <optional>
#include <utility>

#include "ember/data/datasets/base.h"

namespace ember::data::detail {
// dataset.get_batch(request, epoch) where the dataset takes an epoch, else get_batch(request).
template <class D, class Request>
auto get_batch_at(D& dataset, Request request, size_t epoch) {
  if constexpr (requires { dataset.get_batch(request, epoch); }) {
    return dataset.get_batch(request, epoch);
  } else {
    return dataset.get_batch(request);
  }
}
}  // namespace ember::data::detail

namespace ember::data::datasets {

template <class SourceDataset, class AppliedTransform>
class MapDataset
    : public BatchDataset<MapDataset<SourceDataset, AppliedTransform>,
                          typename AppliedTransform::OutputBatchType,
                          typename SourceDataset::BatchRequestType> {
 public:
  using DatasetType = SourceDataset;
  using TransformType = AppliedTransform;
  using BatchRequestType = typename SourceDataset::BatchRequestType;
  using OutputBatchType = typename AppliedTransform::OutputBatchType;

  MapDataset(DatasetType dataset, TransformType transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  OutputBatchType get_batch(BatchRequestType request) override { return get_batch(request, 0); }

  OutputBatchType get_batch(BatchRequestType request, size_t epoch) {
    auto batch = detail::get_batch_at(dataset_, request, epoch);
    if constexpr (requires { transform_.apply_batch(std::move(batch), request, epoch); }) {
      return transform_.apply_batch(std::move(batch), request, epoch);
    } else {
      return transform_.apply_batch(std::move(batch));
    }
  }

  std::optional<size_t> size() const override { return dataset_.size(); }

  const SourceDataset& dataset() const noexcept { return dataset_; }
  const AppliedTransform& transform() const noexcept { return transform_; }

 private:
  SourceDataset dataset_;
  AppliedTransform transform_;
};

}  // namespace ember::data::datasets
