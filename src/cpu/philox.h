#pragma once
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
// keyed bijection on 128-bit counters. Block j of a stream is philox(counter = j, key = seed),
// so any block can be computed directly, without the blocks before it: the property that
// lets a kernel split its elements across threads and still produce the seed's numbers.
#include <array>
#include <cstdint>

namespace ember::cpu {

using PhiloxBlock = std::array<uint32_t, 4>;

// One Philox4x32 bijection with 10 rounds. counter = {c0, c1, c2, c3} (c0 least
// significant), key = {k0, k1}. Checked against the Random123 known-answer vectors.
inline PhiloxBlock philox4x32_10(PhiloxBlock counter, std::array<uint32_t, 2> key) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;   // round multipliers
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;  // key schedule increments
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    uint64_t p0 = static_cast<uint64_t>(kMul0) * counter[0];
    uint64_t p1 = static_cast<uint64_t>(kMul1) * counter[2];
    counter = {static_cast<uint32_t>(p1 >> 32) ^ counter[1] ^ key[0], static_cast<uint32_t>(p1),
               static_cast<uint32_t>(p0 >> 32) ^ counter[3] ^ key[1], static_cast<uint32_t>(p0)};
  }
  return counter;
}

// The blocks a generator handed one call: block j is Philox(counter = first + j, key = seed).
// Each block gives four 32-bit words.
struct PhiloxStream {
  uint64_t seed;
  uint64_t first;  // the first counter reserved from the generator

  PhiloxBlock block(uint64_t j) const {
    uint64_t c = first + j;
    return philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u},
                         {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)});
  }
};

}  // namespace ember::cpu
