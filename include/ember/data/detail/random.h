#pragma once
// Stateless randomness for the data pipeline: every draw is a pure function of its key
// (seed, epoch, example index...), so shuffles and augmentations are the same whatever the
// number of worker threads, their timing, or where a run was resumed.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ember::data::detail {

// SplitMix64 of a combined key: a well-mixed 64-bit value for (a, b, c).
uint64_t hash_key(uint64_t a, uint64_t b, uint64_t c = 0);

// A uniformly random permutation of [0, n) determined by (seed, epoch) (Fisher-Yates over a
// counter-based stream; the same on every platform, unlike std::shuffle).
std::vector<size_t> random_permutation(size_t n, uint64_t seed, uint64_t epoch);

// A counter-based stream of 64-bit values keyed by `key`.
class KeyedStream {
 public:
  explicit KeyedStream(uint64_t key) : key_(key) {}
  uint64_t next() { return hash_key(key_, counter_++); }
  // Uniform in [0, bound) for bound >= 1 (rejection sampling: no modulo bias).
  uint64_t below(uint64_t bound);
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t key_;
  uint64_t counter_ = 0;
};

// A seed drawn from ember's default generator, for samplers and transforms built without one:
// manual_seed(s) then makes them reproducible, as LibTorch's RandomSampler is.
uint64_t seed_from_default_generator();

}  // namespace ember::data::detail
