#pragma once
// Transform bases as LibTorch's torch::data::transforms:
// - BatchTransform<InputBatch, OutputBatch>: apply_batch(whole batch), e.g. Stack.
// - Transform<Input, Output>: apply(one example); apply_batch maps it over a vector batch.
// Transforms run concurrently on data-loader workers: apply/apply_batch must not mutate shared
// state.
#include <utility>
#include <vector>

namespace ember::data::transforms {

template <class InputBatch, class OutputBatch>
class BatchTransform {
 public:
  using InputBatchType = InputBatch;
  using OutputBatchType = OutputBatch;

  virtual ~BatchTransform() = default;
  virtual OutputBatch apply_batch(InputBatch input_batch) = 0;
};

template <class Input, class Output>
class Transform : public BatchTransform<std::vector<Input>, std::vector<Output>> {
 public:
  using InputType = Input;
  using OutputType = Output;

  virtual Output apply(Input input) = 0;

  std::vector<Output> apply_batch(std::vector<Input> input_batch) override {
    std::vector<Output> output;
    output.reserve(input_batch.size());
    for (auto& input : input_batch) output.push_back(apply(std::move(input)));
    return output;
  }
};

}  // namespace ember::data::transforms
