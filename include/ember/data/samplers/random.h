#pragma once
#include <cstdint>
#include <vector>

#include "ember/core/scalar_type.h"
#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

// A random permutation of [0, size) per epoch, a pure function of (seed, epoch): the same
// order for a seed whatever the worker count, and any epoch can be replayed. Without a seed,
// one is drawn from ember's default generator (so manual_seed makes it reproducible).
class RandomSampler : public EpochSampler {
 public:
  // LibTorch's signature; only int64 indices exist here (a batch is std::vector<size_t>).
  explicit RandomSampler(int64_t size, ScalarType index_dtype = kLong);
  RandomSampler(int64_t size, uint64_t seed);

  size_t epoch_length() const override { return size_; }
  uint64_t seed() const noexcept { return seed_; }

 protected:
  size_t index_at(size_t i) const override { return order_[i]; }
  void on_epoch_change() override;

 private:
  uint64_t seed_;
  std::vector<size_t> order_;
};

// One replica's share of a random permutation, as LibTorch's DistributedRandomSampler: each
// epoch the whole dataset is permuted from (seed, epoch) (the same on every replica), and
// replica `rank` takes the slice [rank * n, (rank + 1) * n) where n = ceil(size / num_replicas)
// with allow_duplicates (the permutation wraps around to fill the last replicas) or
// floor(size / num_replicas) without (the tail is dropped).
class DistributedRandomSampler : public EpochSampler {
 public:
  DistributedRandomSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                           bool allow_duplicates = true, uint64_t seed = 0);

  size_t epoch_length() const override { return local_count(); }
  size_t num_replicas() const noexcept { return num_replicas_; }
  size_t rank() const noexcept { return rank_; }

 protected:
  size_t index_at(size_t i) const override { return order_[i]; }
  void on_epoch_change() override;

 private:
  size_t local_count() const;

  size_t num_replicas_;
  size_t rank_;
  bool allow_duplicates_;
  uint64_t seed_;
  std::vector<size_t> order_;  // this replica's indices for the current epoch
};

}  // namespace ember::data::samplers
