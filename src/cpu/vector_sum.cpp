#include "cpu/vector_sum.h"

#include <cstring>

#include "cpu/vector_width.h"

namespace ember::cpu {

namespace {

constexpr int kLanes = 64;

// Merges the 64 lane sums in a fixed pairwise tree.
template <class A>
A merge_lanes(A* lanes) {
  for (int width = kLanes / 2; width >= 1; width /= 2)
    for (int j = 0; j < width; ++j) lanes[j] += lanes[j + width];
  return lanes[0];
}

// sum over x of f(x[i]) in 64 lanes; f maps a vector (or a scalar, for the tail) in place,
// so no lambda returns a vector (GCC warns of the ABI of vector returns, -Wpsabi).
template <class A, class F>
A lanes_sum(const A* x, int64_t n, F f) {
  return with_vector_width([&]<int VectorBytes>() EMBER_VECTOR_BODY {
    using V [[gnu::vector_size(VectorBytes)]] = A;
    constexpr int kWidth = VectorBytes / sizeof(A), kVectors = kLanes / kWidth;
    V acc[kVectors] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
#pragma GCC unroll 16
      for (int k = 0; k < kVectors; ++k) {
        V chunk;
        std::memcpy(&chunk, x + i + k * kWidth, sizeof chunk);
        f(chunk);
        acc[k] += chunk;
      }
    }
    A lanes[kLanes];
    std::memcpy(lanes, acc, sizeof lanes);
    for (int64_t j = 0; i + j < n; ++j) {
      A v = x[i + j];
      f(v);
      lanes[j] += v;
    }
    return merge_lanes(lanes);
  });
}

}  // namespace

float vector_sum(const float* x, int64_t n) {
  return lanes_sum(x, n, [](auto&) EMBER_VECTOR_BODY {});
}
double vector_sum(const double* x, int64_t n) {
  return lanes_sum(x, n, [](auto&) EMBER_VECTOR_BODY {});
}
float vector_centered_square_sum(const float* x, int64_t n, float mean) {
  return lanes_sum(x, n, [mean](auto& v) EMBER_VECTOR_BODY { v = (v - mean) * (v - mean); });
}

}  // namespace ember::cpu
