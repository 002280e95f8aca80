#pragma once
// Random augmentations (beyond LibTorch, as torchvision's RandomCrop / RandomHorizontalFlip)
// on the data of an Example<> holding an image [C, H, W] (or [H, W]).
//
// Randomness is a pure function of (seed, example index, epoch): a MapDataset passes the
// indices and the data loader the epoch (see datasets/map.h), so augmentations are identical
// for a seed whatever the worker count, and the transform holds no mutable generator (safe
// to run on several workers at once). apply(example) alone, with no index known, draws as
// example 0 of epoch 0; apply(example, index, epoch) names them.
#include <cstdint>
#include <optional>
#include <vector>

#include "ember/core/array_ref.h"
#include "ember/data/example.h"
#include "ember/data/transforms/base.h"

namespace ember::data::transforms {

// Crops a random size[0] x size[1] window (a single value: square) out of the image after
// zero-padding its last two dims by `padding` on every side.
class RandomCrop : public Transform<Example<>, Example<>> {
 public:
  RandomCrop(ArrayRef<int64_t> size, int64_t padding = 0, std::optional<uint64_t> seed = std::nullopt);

  Example<> apply(Example<> input) override { return apply(std::move(input), 0, 0); }
  Example<> apply(Example<> input, size_t index, size_t epoch) const;
  std::vector<Example<>> apply_batch(std::vector<Example<>> batch, ArrayRef<size_t> indices,
                                     size_t epoch) const;
  using Transform::apply_batch;

 private:
  int64_t height_;
  int64_t width_;
  int64_t padding_;
  uint64_t seed_;
};

// Reverses the last dim (width) of the image with probability p.
class RandomHorizontalFlip : public Transform<Example<>, Example<>> {
 public:
  explicit RandomHorizontalFlip(double p = 0.5, std::optional<uint64_t> seed = std::nullopt);

  Example<> apply(Example<> input) override { return apply(std::move(input), 0, 0); }
  Example<> apply(Example<> input, size_t index, size_t epoch) const;
  std::vector<Example<>> apply_batch(std::vector<Example<>> batch, ArrayRef<size_t> indices,
                                     size_t epoch) const;
  using Transform::apply_batch;

 private:
  double p_;
  uint64_t seed_;
};

}  // namespace ember::data::transforms
