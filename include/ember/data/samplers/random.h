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

}  // namespace ember::data::samplers
