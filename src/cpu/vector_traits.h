#pragma once
// Vector traits for the CPU kernels' SIMD paths, one struct per instruction set and element
// type: K::V holds K::kWidth values of K::T; K::load/store/set1/add/sub/mul/div/max/sqrt/abs,
// the horizontal reduce_add/reduce_max, and SLEEF's vector math (exp, log, tanh, erf, ...).
// Kernels write a body once as a template over K, instantiate it inside
// `#pragma GCC target(...)` for vec_avx2 and vec_avx512, and pick one at run time with
// cpu_capability() (cpu/capability.h). The traits are compiled for their instruction set only,
// so the library itself stays baseline x86-64.
#include <immintrin.h>

// SLEEF's header declares its x86 functions only for the instruction sets the translation unit
// is compiled for; we compile for baseline x86-64 and enable AVX2/AVX-512 per function, so we
// declare the ones we call. Name: Sleef_<fn><f|d><lanes>_<ulp error><isa>.
#pragma GCC push_options
#pragma GCC target("avx2,fma,avx512f")
extern "C" {
#define EMBER_SLEEF_DECLARE(fn, ulp)                                                  \
  __m256 Sleef_##fn##f8_##ulp##avx2(__m256) __attribute__((const));                   \
  __m256d Sleef_##fn##d4_##ulp##avx2(__m256d) __attribute__((const));                 \
  __m512 Sleef_##fn##f16_##ulp##avx512f(__m512) __attribute__((const));               \
  __m512d Sleef_##fn##d8_##ulp##avx512f(__m512d) __attribute__((const));
// The SLEEF functions the vector paths use (1.0 ulp; erfc 1.5 ulp).
#define EMBER_SLEEF_FUNCTIONS(X) \
  X(exp, u10) X(exp2, u10) X(expm1, u10) X(log, u10) X(log2, u10) X(log10, u10) X(log1p, u10) \
  X(sin, u10) X(cos, u10) X(tan, u10) X(asin, u10) X(acos, u10) X(atan, u10)                   \
  X(sinh, u10) X(cosh, u10) X(tanh, u10) X(erf, u10) X(erfc, u15)
EMBER_SLEEF_FUNCTIONS(EMBER_SLEEF_DECLARE)
#undef EMBER_SLEEF_DECLARE
}
#pragma GCC pop_options

namespace ember::cpu {

#define EMBER_SLEEF_METHOD(fn, ulp) \
  static V fn(V x) { return EMBER_SLEEF_NAME(fn, ulp)(x); }

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace vec_avx2 {
struct F32 {
  using T = float;
  using V = __m256;
  static constexpr int kWidth = 8;
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V set1(T v) { return _mm256_set1_ps(v); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static V max(V a, V b) { return _mm256_max_ps(a, b); }  // a > b ? a : b (b when unordered)
  static V sqrt(V a) { return _mm256_sqrt_ps(a); }
  static V abs(V a) { return _mm256_andnot_ps(set1(-0.0f), a); }
  static T reduce_add(V a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
  static T reduce_max(V a) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)));
  }
#define EMBER_SLEEF_NAME(fn, ulp) Sleef_##fn##f8_##ulp##avx2
  EMBER_SLEEF_FUNCTIONS(EMBER_SLEEF_METHOD)
#undef EMBER_SLEEF_NAME
};
struct F64 {
  using T = double;
  using V = __m256d;
  static constexpr int kWidth = 4;
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V set1(T v) { return _mm256_set1_pd(v); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static V div(V a, V b) { return _mm256_div_pd(a, b); }
  static V max(V a, V b) { return _mm256_max_pd(a, b); }
  static V sqrt(V a) { return _mm256_sqrt_pd(a); }
  static V abs(V a) { return _mm256_andnot_pd(set1(-0.0), a); }
  static T reduce_add(V a) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
  static T reduce_max(V a) {
    __m128d m = _mm_max_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)));
  }
#define EMBER_SLEEF_NAME(fn, ulp) Sleef_##fn##d4_##ulp##avx2
  EMBER_SLEEF_FUNCTIONS(EMBER_SLEEF_METHOD)
#undef EMBER_SLEEF_NAME
};
}  // namespace vec_avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace vec_avx512 {
// max and sqrt use the all-lanes masked forms: GCC 12's plain forms start from an "undefined"
// register that -Wmaybe-uninitialized flags.
struct F32 {
  using T = float;
  using V = __m512;
  static constexpr int kWidth = 16;
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V set1(T v) { return _mm512_set1_ps(v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  static V max(V a, V b) { return _mm512_mask_max_ps(a, 0xffff, a, b); }  // a > b ? a : b (b when unordered)
  static V sqrt(V a) { return _mm512_mask_sqrt_ps(a, 0xffff, a); }
  static V abs(V a) { return _mm512_abs_ps(a); }
  // Horizontal reductions by halving.
  // (Masked extracts: GCC 12's unmasked ones, which casts use too, trip -Wuninitialized.)
  template <int Which>
  static __m256 half(V a) {
    return _mm256_castpd_ps(_mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), 0xf, _mm512_castps_pd(a), Which));
  }
  static T reduce_add(V a) {
    __m256 h = _mm256_add_ps(half<0>(a), half<1>(a));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
  static T reduce_max(V a) {
    __m256 h = _mm256_max_ps(half<0>(a), half<1>(a));
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)));
  }
#define EMBER_SLEEF_NAME(fn, ulp) Sleef_##fn##f16_##ulp##avx512f
  EMBER_SLEEF_FUNCTIONS(EMBER_SLEEF_METHOD)
#undef EMBER_SLEEF_NAME
};
struct F64 {
  using T = double;
  using V = __m512d;
  static constexpr int kWidth = 8;
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V set1(T v) { return _mm512_set1_pd(v); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V div(V a, V b) { return _mm512_div_pd(a, b); }
  static V max(V a, V b) { return _mm512_mask_max_pd(a, 0xff, a, b); }
  static V sqrt(V a) { return _mm512_mask_sqrt_pd(a, 0xff, a); }
  static V abs(V a) { return _mm512_abs_pd(a); }
  template <int Which>
  static __m256d half(V a) { return _mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), 0xf, a, Which); }
  static T reduce_add(V a) {
    __m256d h = _mm256_add_pd(half<0>(a), half<1>(a));
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
  static T reduce_max(V a) {
    __m256d h = _mm256_max_pd(half<0>(a), half<1>(a));
    __m128d m = _mm_max_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
    return _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)));
  }
#define EMBER_SLEEF_NAME(fn, ulp) Sleef_##fn##d8_##ulp##avx512f
  EMBER_SLEEF_FUNCTIONS(EMBER_SLEEF_METHOD)
#undef EMBER_SLEEF_NAME
};
}  // namespace vec_avx512
#pragma GCC pop_options
#undef EMBER_SLEEF_METHOD

}  // namespace ember::cpu
