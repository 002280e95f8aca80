#pragma once
// Random fills: element i of a StridedLoop's iteration takes lane i % L of Philox block i / L
// of the call's stream, where a sampler turns one block (four 32-bit words) into L values.
// Because element i's value depends only on (seed, first counter, i), generating a range
// [begin, end) gives exactly the numbers the same range gets when the whole tensor is
// generated at once, so the work can be split across threads freely (NOTE [Philox ranges]).
//
// Samplers (each has kLanes and operator()(const PhiloxBlock&) -> std::array<V, kLanes>):
//   Bits32Sampler / Bits64Sampler   raw words (integers, randint)
//   UnitSampler<Digits>             uniform on [0, 1), quantized to 2^-Digits
//   NormalSampler<Acc>              standard normal by Box-Muller, computed in Acc
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "cpu/philox.h"
#include "cpu/strided_loop.h"

namespace ember::cpu {

struct Bits32Sampler {
  static constexpr int kLanes = 4;
  std::array<uint64_t, 4> operator()(const PhiloxBlock& w) const { return {w[0], w[1], w[2], w[3]}; }
};

struct Bits64Sampler {
  static constexpr int kLanes = 2;
  std::array<uint64_t, 2> operator()(const PhiloxBlock& w) const {
    return {w[0] | static_cast<uint64_t>(w[1]) << 32, w[2] | static_cast<uint64_t>(w[3]) << 32};
  }
};

// k * 2^-Digits for a random k in [0, 2^Digits). With Digits = the mantissa bits of the
// target type (11 half, 8 bfloat16, 24 float, 53 double) every value is exactly
// representable there, so rounding to the target can never produce 1.0.
template <int Digits>
struct UnitSampler {
  static_assert(Digits >= 1 && Digits <= 53);
  static constexpr int kLanes = Digits <= 32 ? 4 : 2;
  std::array<double, kLanes> operator()(const PhiloxBlock& w) const {
    constexpr double scale = 1.0 / static_cast<double>(uint64_t{1} << Digits);
    std::array<double, kLanes> u;
    if constexpr (kLanes == 4) {
      for (int l = 0; l < 4; ++l) u[l] = static_cast<double>(w[l] >> (32 - Digits)) * scale;
    } else {
      auto bits = Bits64Sampler()(w);
      for (int l = 0; l < 2; ++l) u[l] = static_cast<double>(bits[l] >> (64 - Digits)) * scale;
    }
    return u;
  }
};

// Box-Muller: a pair of uniforms (u1 in (0, 1], u2 in [0, 1)) gives two independent standard
// normals r*cos(2 pi u2), r*sin(2 pi u2) with r = sqrt(-2 log u1). u1 is kept away from 0 so
// log never sees 0; the largest |z| is then 6.7 (float, 32-bit uniforms) or 8.6 (double,
// 53-bit), beyond which the true tail mass is below 1e-10.
template <class Acc>
struct NormalSampler {
  static constexpr int kLanes = std::is_same_v<Acc, double> ? 2 : 4;
  std::array<Acc, kLanes> operator()(const PhiloxBlock& w) const {
    constexpr Acc two_pi = static_cast<Acc>(2 * std::numbers::pi);
    std::array<Acc, kLanes> z;
    auto pair = [&](Acc u1, Acc u2, int lane) {
      Acc r = std::sqrt(Acc(-2) * std::log(u1));
      z[lane] = r * std::cos(two_pi * u2);
      z[lane + 1] = r * std::sin(two_pi * u2);
    };
    if constexpr (kLanes == 4) {
      constexpr float scale = 0x1p-32f;
      for (int l = 0; l < 4; l += 2)  // u1 = (w + 1/2) 2^-32, as curand's uniform
        pair(static_cast<float>(w[l]) * scale + scale / 2, static_cast<float>(w[l + 1]) * scale, l);
    } else {
      constexpr double scale = 0x1p-53;
      auto bits = Bits64Sampler()(w);
      pair(static_cast<double>((bits[0] >> 11) + 1) * scale, static_cast<double>(bits[1] >> 11) * scale, 0);
    }
    return z;
  }
};

// NOTE [Philox ranges]
// Visits elements [begin, end) of `loop` in its iteration order; element i gets the value
// sample(stream.block(i / kLanes))[i % kLanes]. write(ptrs, value) stores it, where ptrs[k]
// points at operand k's element (operand 0 is the output; others are inputs such as the
// `p` of bernoulli). A block straddling two runs is computed twice, never skipped.
template <int N, class Sampler, class Write>
void random_range(const StridedLoop<N>& loop, const PhiloxStream& stream, const Sampler& sample,
                  int64_t begin, int64_t end, Write&& write) {
  constexpr int64_t lanes = Sampler::kLanes;
  int64_t pos = begin;  // stream index of the run's first element
  loop.run(begin, end, [&](char** ptrs, const int64_t* strides, int64_t n) {
    std::array<char*, N> at;
    for (int64_t i = pos; i < pos + n;) {
      int64_t block = i / lanes;
      auto values = sample(stream.block(static_cast<uint64_t>(block)));
      int64_t block_end = std::min(pos + n, (block + 1) * lanes);
      for (; i < block_end; ++i) {
        for (int k = 0; k < N; ++k) at[k] = ptrs[k] + (i - pos) * strides[k];
        write(at, values[i - block * lanes]);
      }
    }
    pos += n;
  });
}

// Philox blocks a call of `numel` elements reserves from its generator.
template <class Sampler>
constexpr uint64_t blocks_for(int64_t numel) {
  return static_cast<uint64_t>((numel + Sampler::kLanes - 1) / Sampler::kLanes);
}

}  // namespace ember::cpu
