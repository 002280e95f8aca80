#pragma once
// MNIST (and Fashion-MNIST, same format) from the IDX files of a folder, as LibTorch's
// torch::data::datasets::MNIST: train-images-idx3-ubyte / train-labels-idx1-ubyte (kTrain),
// t10k-images-idx3-ubyte / t10k-labels-idx1-ubyte (kTest), each plain or gzip-compressed
// (the name with ".gz"). Images are float32 [1, 28, 28] in [0, 1], targets int64 [].
//
// Deviation: LibTorch insists on exactly 60000 / 10000 examples; any count is read here
// (checked against the header and between images and labels), so subsets load too.
#include <optional>
#include <string>

#include "ember/data/datasets/base.h"
#include "ember/data/datasets/map.h"

namespace ember::data::datasets {

class MNIST : public Dataset<MNIST> {
 public:
  enum class Mode { kTrain, kTest };

  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept { return is_train_; }

  const Tensor& images() const { return images_; }    // float32 [N, 1, 28, 28]
  const Tensor& targets() const { return targets_; }  // int64 [N]

 private:
  Tensor images_, targets_;
  bool is_train_;
};

}  // namespace ember::data::datasets
