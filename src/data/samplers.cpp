#include <algorithm>

#include "ember/core/error.h"
#include "ember/data/detail/random.h"
#include "ember/data/samplers/distributed.h"
#include "ember/data/samplers/random.h"
#include "ember/data/samplers/sequential.h"

namespace ember::data::samplers {

void EpochSampler::reset(std::optional<size_t> new_size) {
  if (drawn_) {
    ++epoch_;
    index_ = 0;
  }
  if (new_size) {
    size_ = *new_size;
    index_ = 0;
  }
  drawn_ = false;
  on_epoch_change();
}

std::optional<std::vector<size_t>> EpochSampler::next(size_t batch_size) {
  drawn_ = true;
  size_t length = epoch_length();
  if (index_ >= length) return std::nullopt;
  size_t count = std::min(batch_size, length - index_);
  std::vector<size_t> batch(count);
  for (size_t i = 0; i < count; ++i) batch[i] = index_at(index_ + i);
  index_ += count;
  return batch;
}

void EpochSampler::load_state(const SamplerState& state) {
  EMBER_CHECK(state.index <= epoch_length(), "Sampler::load_state", "position ", state.index,
              " is past the end of an epoch of ", epoch_length(), " examples; was the state saved ",
              "for a dataset of another size?");
  bool epoch_changed = state.epoch != epoch_;
  epoch_ = state.epoch;
  index_ = state.index;
  drawn_ = false;
  if (epoch_changed) on_epoch_change();
}

void EpochSampler::set_epoch(size_t epoch) { load_state({epoch, 0}); }

RandomSampler::RandomSampler(int64_t size, ScalarType index_dtype)
    : RandomSampler(size, detail::seed_from_default_generator()) {
  EMBER_CHECK(index_dtype == kLong, "RandomSampler", "only int64 indices are supported, but got ",
              index_dtype);
}

RandomSampler::RandomSampler(int64_t size, uint64_t seed)
    : EpochSampler(static_cast<size_t>(size)), seed_(seed) {
  EMBER_CHECK(size >= 0, "RandomSampler", "expected a non-negative size, but got ", size);
  on_epoch_change();
}

void RandomSampler::on_epoch_change() { order_ = detail::random_permutation(size_, seed_, epoch()); }

DistributedRandomSampler::DistributedRandomSampler(size_t size, size_t num_replicas, size_t rank,
                                                   bool allow_duplicates, uint64_t seed)
    : EpochSampler(size), num_replicas_(num_replicas), rank_(rank),
      allow_duplicates_(allow_duplicates), seed_(seed) {
  EMBER_CHECK(num_replicas >= 1, "DistributedRandomSampler",
              "expected at least one replica, but got num_replicas = ", num_replicas);
  EMBER_CHECK(rank < num_replicas, "DistributedRandomSampler", "rank ", rank,
              " is out of range for num_replicas = ", num_replicas, " (expected 0 <= rank < ",
              num_replicas, ")");
  on_epoch_change();
}

size_t DistributedRandomSampler::local_count() const {
  return allow_duplicates_ ? (size_ + num_replicas_ - 1) / num_replicas_ : size_ / num_replicas_;
}

void DistributedRandomSampler::on_epoch_change() {
  std::vector<size_t> all = detail::random_permutation(size_, seed_, epoch());
  size_t n = local_count();
  order_.resize(n);
  // With duplicates the global order wraps around: position p is all[p % size].
  for (size_t i = 0; i < n; ++i) order_[i] = all[(rank_ * n + i) % size_];
}

}  // namespace ember::data::samplers
