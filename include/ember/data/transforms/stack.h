#pragma once
// Stack: collates a vector of examples into one batched example by stacking data (and targets)
// along a new dim 0: N examples of data [C, H, W] and target [] give data [N, C, H, W] and
// target [N], as LibTorch's Stack<Example<>> / Stack<TensorExample>.
#include <vector>

#include "ember/data/example.h"
#include "ember/data/transforms/base.h"
#include "ember/ops/shape.h"

namespace ember::data::transforms {

template <class E = Example<>>
class Stack;

template <>
class Stack<Example<>> : public BatchTransform<std::vector<Example<>>, Example<>> {
 public:
  Example<> apply_batch(std::vector<Example<>> examples) override {
    std::vector<Tensor> data, targets;
    data.reserve(examples.size());
    targets.reserve(examples.size());
    for (auto& example : examples) {
      data.push_back(std::move(example.data));
      targets.push_back(std::move(example.target));
    }
    return {stack(data), stack(targets)};
  }
};

template <>
class Stack<TensorExample> : public BatchTransform<std::vector<TensorExample>, TensorExample> {
 public:
  TensorExample apply_batch(std::vector<TensorExample> examples) override {
    std::vector<Tensor> data;
    data.reserve(examples.size());
    for (auto& example : examples) data.push_back(std::move(example.data));
    return stack(data);
  }
};

}  // namespace ember::data::transforms
