#pragma once
// Runs one kernel body at the CPU's widest vector width, from a single source.
//
//   float s = with_vector_width([&]<int VectorBytes>() EMBER_VECTOR_BODY {
//     using V [[gnu::vector_size(VectorBytes)]] = float;  // GCC vector: 16, 32 or 64 bytes
//     ...
//   });
//
// The body is a lambda templated on the vector size in bytes and marked always_inline
// (EMBER_VECTOR_BODY), so it is compiled inside each wrapper below with that wrapper's target
// attributes: the same GCC vector code becomes SSE (baseline x86-64), AVX2 or AVX-512
// instructions, picked at run time by cpu_capability(). The library itself stays baseline.
// (GCC cannot subscript a vector type that depends on a template parameter: go through memcpy.)
#include "cpu/capability.h"

#define EMBER_VECTOR_BODY __attribute__((always_inline))

namespace ember::cpu {

namespace detail {
template <class F>
EMBER_TARGET_AVX512 inline decltype(auto) run_avx512(F& body) {
  return body.template operator()<64>();
}
template <class F>
EMBER_TARGET_AVX2 inline decltype(auto) run_avx2(F& body) {
  return body.template operator()<32>();
}
}  // namespace detail

template <class F>
decltype(auto) with_vector_width(F&& body) {
  switch (cpu_capability()) {
    case CpuCapability::Avx512: return detail::run_avx512(body);
    case CpuCapability::Avx2: return detail::run_avx2(body);
    case CpuCapability::Default: break;
  }
  return body.template operator()<16>();
}

}  // namespace ember::cpu
