#pragma once
// Row statistics for the normalisation kernels (layer/group norm, batch/instance norm).
#include <cstdint>

#include "cpu/convert.h"

namespace ember::cpu {

// Sum of f(x[j]) over n contiguous elements in double, in 8 interleaved partial sums:
// independent chains the compiler vectorises (one running sum is bound by the add latency).
template <class T, class F>
double lane_sum(const T* x, int64_t n, F f) {
  double acc[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += f(convert<double>(x[j + l]));
  double s = 0;
  for (; j < n; ++j) s += f(convert<double>(x[j]));
  for (double a : acc) s += a;
  return s;
}

}  // namespace ember::cpu
