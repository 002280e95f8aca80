#pragma once
// Which x86-64 vector instruction set the CPU kernels use. One binary runs anywhere: kernels
// compile their vector paths with per-function target attributes (no -march=native) and pick
// one at run time from this value.
//
// The default is the best the CPU supports, capped by the environment variable
// EMBER_CPU_CAPABILITY ("avx512", "avx2" or "default"), like PyTorch's ATEN_CPU_CAPABILITY.
namespace ember::cpu {

enum class CpuCapability { Default, Avx2, Avx512 };

CpuCapability cpu_capability();
// Caps the capability (it never goes above what the CPU supports); returns the previous one.
// For tests that compare the vector paths with the scalar one, and for benchmarks.
CpuCapability set_cpu_capability(CpuCapability capability);

// Function attributes for vector paths. AVX2 paths also use FMA (every AVX2 CPU has it, and
// SLEEF's AVX2 functions require it).
#define EMBER_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define EMBER_TARGET_AVX512 __attribute__((target("avx512f")))

}  // namespace ember::cpu
