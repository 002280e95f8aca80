#pragma once
// TensorDataset: the slices of one tensor along dim 0 as data-only examples, as LibTorch's.
#include <optional>
#include <vector>

#include "ember/data/datasets/base.h"
#include "ember/data/datasets/map.h"

namespace ember::data::datasets {

class TensorDataset : public Dataset<TensorDataset, TensorExample> {
 public:
  explicit TensorDataset(const std::vector<Tensor>& tensors);  // stacks them along a new dim 0
  explicit TensorDataset(Tensor tensor);

  TensorExample get(size_t index) override;
  std::optional<size_t> size() const override;

  Tensor tensor;
};

}  // namespace ember::data::datasets
