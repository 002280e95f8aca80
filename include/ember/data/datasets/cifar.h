#pragma once
// CIFAR-10 (beyond LibTorch) from its binary version: data_batch_1.bin ... data_batch_5.bin
// (kTrain) or test_batch.bin (kTest) in `root`. Each record is a label byte then 3072 pixel
// bytes (1024 red, 1024 green, 1024 blue, row-major 32x32). Images are float32 [3, 32, 32]
// in [0, 1], targets int64 [] in [0, 9].
#include <optional>
#include <string>

#include "ember/data/datasets/base.h"
#include "ember/data/datasets/map.h"

namespace ember::data::datasets {

class CIFAR10 : public Dataset<CIFAR10> {
 public:
  enum class Mode { kTrain, kTest };

  explicit CIFAR10(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept { return is_train_; }

  const Tensor& images() const { return images_; }    // float32 [N, 3, 32, 32]
  const Tensor& targets() const { return targets_; }  // int64 [N]

 private:
  Tensor images_, targets_;
  bool is_train_;
};

}  // namespace ember::data::datasets
