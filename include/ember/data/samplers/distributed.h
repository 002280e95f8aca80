#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

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
