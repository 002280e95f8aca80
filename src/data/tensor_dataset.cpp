#include "ember/data/datasets/tensor.h"

#include "ember/core/error.h"
#include "ember/ops/shape.h"

namespace ember::data::datasets {

TensorDataset::TensorDataset(const std::vector<Tensor>& tensors) : tensor(stack(tensors)) {}

TensorDataset::TensorDataset(Tensor tensor) : tensor(std::move(tensor)) {
  EMBER_CHECK(this->tensor.defined() && this->tensor.dim() >= 1, "TensorDataset",
              "expected a tensor with a dim 0 to index, but got a ",
              this->tensor.defined() ? "0-dim" : "undefined", " tensor");
}

TensorExample TensorDataset::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(tensor.size(0)), "TensorDataset::get", "index ", index,
              " is out of range for ", tensor.size(0), " examples");
  return tensor[static_cast<int64_t>(index)];
}

std::optional<size_t> TensorDataset::size() const { return static_cast<size_t>(tensor.size(0)); }

}  // namespace ember::data::datasets
