#include "ember/data/detail/random.h"

#include <limits>
#include <utility>

#include "ember/core/random.h"
#include "ember/core/tensor.h"

namespace ember::data::detail {

namespace {
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
}  // namespace

uint64_t hash_key(uint64_t a, uint64_t b, uint64_t c) {
  // Chained so that (a, b, c) and any permutation of it give unrelated values.
  return splitmix64(splitmix64(splitmix64(a) ^ b) ^ c);
}

uint64_t KeyedStream::below(uint64_t bound) {
  // Accept only draws below the largest multiple of bound, so every residue is equally likely.
  uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
  uint64_t x = next();
  while (x >= limit) x = next();
  return x % bound;
}

std::vector<size_t> random_permutation(size_t n, uint64_t seed, uint64_t epoch) {
  std::vector<size_t> perm(n);
  for (size_t i = 0; i < n; ++i) perm[i] = i;
  KeyedStream stream(hash_key(seed, epoch, 0x5EED));
  for (size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[stream.below(i)]);
  return perm;
}

uint64_t seed_from_default_generator() {
  return static_cast<uint64_t>(randint(std::numeric_limits<int64_t>::max(), {}, kLong).item<int64_t>());
}

}  // namespace ember::data::detail
