#pragma once
// Sums of a contiguous run of floats or doubles, at the widest vector width the CPU has.
#include <cstdint>

namespace ember::cpu {

// The sum of x[0..n) in 64 interleaved lanes (element i goes to lane i % 64), the lanes merged
// in a fixed pairwise tree. The lane assignment does not depend on the instruction set, so the
// result is bit-identical whether AVX-512, AVX2 or baseline SSE code runs it; 64 lanes are
// enough independent add chains to stream from memory at full speed with 512-bit vectors.
float vector_sum(const float* x, int64_t n);
double vector_sum(const double* x, int64_t n);
// The sum of (x[i] - mean)^2, in the same lanes.
float vector_centered_square_sum(const float* x, int64_t n, float mean);

}  // namespace ember::cpu
