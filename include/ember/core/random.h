#pragma once
// Random numbers. The generator is counter-based (Philox 4x32-10): each call reserves a range
// of counters and element i of the result uses counter offset + i, so the numbers for a given
// seed are the same whatever the thread count or chunking.
#include <cstdint>
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

class Generator {
 public:
  explicit Generator(uint64_t seed = 67280421310721ULL) : seed_(seed) {}
  void set_current_seed(uint64_t seed) {
    seed_ = seed;
    offset_ = 0;
  }
  uint64_t current_seed() const { return seed_; }
  // Counter position: (seed, offset) is the whole state, so saving these two resumes a stream.
  uint64_t offset() const { return offset_; }
  void set_offset(uint64_t offset) { offset_ = offset; }
  // Reserves `n` counters (each yields 4 random 32-bit words) and returns the first.
  uint64_t reserve(uint64_t n) {
    uint64_t first = offset_;
    offset_ += n;
    return first;
  }

 private:
  uint64_t seed_;
  uint64_t offset_ = 0;
};

// The process-wide default generator used when no generator is passed.
Generator& default_generator();
void manual_seed(uint64_t seed);

Tensor rand(IntArrayRef size, const TensorOptions& options = {});
Tensor randn(IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randperm(int64_t n, const TensorOptions& options = {});
Tensor normal(double mean, double std, IntArrayRef size, const TensorOptions& options = {});
Tensor normal(const Tensor& mean, const Tensor& std);
Tensor normal(const Tensor& mean, double std = 1);
Tensor normal(double mean, const Tensor& std);
Tensor bernoulli(const Tensor& p);
Tensor bernoulli(const Tensor& self, double p);

}  // namespace ember

namespace ember {
// The default generator's state as PyTorch's torch.get_rng_state(): a 1-D uint8 tensor, here
// 16 bytes (seed then offset, each little-endian uint64). set_rng_state restores it.
Tensor get_rng_state();
void set_rng_state(const Tensor& state);
}  // namespace ember
