#pragma once
// data::Example: one (data, target) pair as LibTorch's torch::data::Example. Example<T, NoTarget>
// (TensorExample) holds data only, for unlabelled datasets such as TensorDataset.
#include <utility>

#include "ember/core/tensor.h"

namespace ember::data {

template <class Data = Tensor, class Target = Tensor>
struct Example {
  using DataType = Data;
  using TargetType = Target;

  Example() = default;
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}

  Data data;
  Target target;
};

namespace example {
using NoTarget = void;
}  // namespace example

template <class Data>
struct Example<Data, example::NoTarget> {
  using DataType = Data;
  using TargetType = example::NoTarget;

  Example() = default;
  /* implicit */ Example(Data data) : data(std::move(data)) {}  // NOLINT: as LibTorch

  // A data-only example converts to its data, so it can be used where a tensor is expected.
  operator Data&() { return data; }               // NOLINT
  operator const Data&() const { return data; }   // NOLINT

  Data data;
};

using TensorExample = Example<Tensor, example::NoTarget>;

}  // namespace ember::data
