// Unary elementwise kernels, in three parts:
//   1. the table of scalar functors: what each op computes, for its compute type M (float for
//      half and bfloat16, as PyTorch's "opmath"; the dtype itself otherwise);
//   2. vector bodies for the hot ops on float and double (cpu/unary_vector.inc), compiled once
//      for AVX2 and once for AVX-512 with SLEEF's vector math, chosen at run time;
//   3. one driver that runs any functor over a strided loop.
#include "cpu/unary_kernel.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "cpu/capability.h"
#include "cpu/convert.h"
#include "cpu/strided_loop.h"
#include "cpu/vector_traits.h"

namespace ember::cpu {

namespace {

template <class T> struct opmath { using type = T; };
template <> struct opmath<Half> { using type = float; };
template <> struct opmath<BFloat16> { using type = float; };

// erfinv has no C library function: Winitzki's closed-form approximation (relative error
// ~2e-3), then Halley steps on erf(x) = y in double (cubic convergence: three steps reach
// double precision across (-1, 1)).
double erfinv(double y) {
  if (!(y > -1.0 && y < 1.0)) {
    if (y == 1.0) return std::numeric_limits<double>::infinity();
    if (y == -1.0) return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (y == 0.0) return y;
  constexpr double a = 0.147;
  double l = std::log1p(-y * y);
  double t = 2.0 / (M_PI * a) + 0.5 * l;
  double x = std::copysign(std::sqrt(std::sqrt(t * t - l / a) - t), y);
  for (int i = 0; i < 3; ++i) {
    // Newton step dx = f/f' with f = erf(x) - y, f' = 2/sqrt(pi) exp(-x^2); f''/f' = -2x.
    double dx = (std::erf(x) - y) / (M_2_SQRTPI * std::exp(-x * x));
    x -= dx / (1.0 + x * dx);
  }
  return x;
}

// ---- 1. The scalar functors ------------------------------------------------------------------
// Functors marked kVector also have vector bodies in cpu/unary_vector.inc. NaN handling follows
// PyTorch's CPU kernels (e.g. relu(NaN) = NaN, sign(NaN) = 0, clamp keeps NaN).

struct Neg {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const {
    // Integers wrap (neg of int8 -128 is -128), computed unsigned to avoid overflow UB.
    if constexpr (std::is_integral_v<M>) {
      using U = std::make_unsigned_t<M>;
      return static_cast<M>(static_cast<U>(0) - static_cast<U>(x));
    } else {
      return -x;
    }
  }
};
struct Abs {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const {
    if constexpr (std::is_unsigned_v<M>) return x;
    else if constexpr (std::is_integral_v<M>) return x < 0 ? Neg{}(x) : x;
    else return std::abs(x);
  }
};
struct Sign {
  template <class M> M operator()(M x) const {
    if constexpr (std::is_unsigned_v<M>) return static_cast<M>(x > 0);
    else return static_cast<M>((M(0) < x) - (x < M(0)));
  }
};
struct Relu {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const {
    if constexpr (std::is_unsigned_v<M>) return x;
    else return x < M(0) ? M(0) : x;  // NaN < 0 is false: NaN stays NaN
  }
};
template <class M> struct Clamp {
  M min, max;
  M operator()(M x) const {
    M lo = x < min ? min : x;  // std::max / std::min ordering: NaN passes through
    return max < lo ? max : lo;
  }
};
struct Reciprocal {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return M(1) / x; }
};
struct Sqrt {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return std::sqrt(x); }
};
struct Rsqrt {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return M(1) / std::sqrt(x); }
};

// Functors that call one C library function.
#define EMBER_LIBM_FUNCTOR(Name, fn)                                  \
  struct Name {                                                        \
    static constexpr bool kVector = true;                              \
    template <class M> M operator()(M x) const { return std::fn(x); } \
  };
EMBER_LIBM_FUNCTOR(Exp, exp)
EMBER_LIBM_FUNCTOR(Exp2, exp2)
EMBER_LIBM_FUNCTOR(Expm1, expm1)
EMBER_LIBM_FUNCTOR(Log, log)
EMBER_LIBM_FUNCTOR(Log2, log2)
EMBER_LIBM_FUNCTOR(Log10, log10)
EMBER_LIBM_FUNCTOR(Log1p, log1p)
EMBER_LIBM_FUNCTOR(Sin, sin)
EMBER_LIBM_FUNCTOR(Cos, cos)
EMBER_LIBM_FUNCTOR(Tan, tan)
EMBER_LIBM_FUNCTOR(Asin, asin)
EMBER_LIBM_FUNCTOR(Acos, acos)
EMBER_LIBM_FUNCTOR(Atan, atan)
EMBER_LIBM_FUNCTOR(Sinh, sinh)
EMBER_LIBM_FUNCTOR(Cosh, cosh)
EMBER_LIBM_FUNCTOR(Tanh, tanh)
EMBER_LIBM_FUNCTOR(Erf, erf)
EMBER_LIBM_FUNCTOR(Erfc, erfc)
#undef EMBER_LIBM_FUNCTOR

struct Floor {
  template <class M> M operator()(M x) const { return std::floor(x); }
};
struct Ceil {
  template <class M> M operator()(M x) const { return std::ceil(x); }
};
struct Trunc {
  template <class M> M operator()(M x) const { return std::trunc(x); }
};
struct Round {  // half to even, as torch.round
  template <class M> M operator()(M x) const { return std::nearbyint(x); }
};
template <class M> struct RoundDecimals {
  M ten_pow;     // 10^|decimals|
  bool negative;  // decimals < 0: round to multiples of 10^-decimals
  M operator()(M x) const {
    return negative ? std::nearbyint(x / ten_pow) * ten_pow : std::nearbyint(x * ten_pow) / ten_pow;
  }
};
struct Frac {  // x - trunc(x): frac(inf) is NaN, as PyTorch
  template <class M> M operator()(M x) const { return x - std::trunc(x); }
};
template <class M> struct NanToNum {
  M nan, posinf, neginf;
  M operator()(M x) const {
    if (std::isnan(x)) return nan;
    if (std::isinf(x)) return x > 0 ? posinf : neginf;
    return x;
  }
};

struct Sigmoid {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return M(1) / (M(1) + std::exp(-x)); }
};
template <class M> struct Logit {
  M eps;  // < 0: no clamping
  M operator()(M x) const {
    if (eps >= M(0)) x = x < eps ? eps : (x > M(1) - eps ? M(1) - eps : x);
    return std::log(x / (M(1) - x));
  }
};
struct Erfinv {
  template <class M> M operator()(M x) const { return static_cast<M>(erfinv(static_cast<double>(x))); }
};

template <class M> struct LeakyRelu {
  M negative_slope;
  M operator()(M x) const { return x > M(0) ? x : x * negative_slope; }
};
template <class M> struct Elu {
  M negcoef, poscoef, input_scale;  // negcoef = alpha * scale, poscoef = scale
  M operator()(M x) const { return x <= M(0) ? std::expm1(x * input_scale) * negcoef : x * poscoef; }
};
struct Gelu {  // x * Phi(x), Phi the standard normal CDF
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return x * M(0.5) * (M(1) + std::erf(x * M(M_SQRT1_2))); }
};
constexpr double kGeluBeta = M_SQRT2 * M_2_SQRTPI * 0.5;  // sqrt(2 / pi)
constexpr double kGeluKappa = 0.044715;
struct GeluTanh {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const {
    M inner = M(kGeluBeta) * (x + M(kGeluKappa) * x * x * x);
    return M(0.5) * x * (M(1) + std::tanh(inner));
  }
};
struct Silu {
  static constexpr bool kVector = true;
  template <class M> M operator()(M x) const { return x / (M(1) + std::exp(-x)); }
};
struct Mish {
  template <class M> M operator()(M x) const { return x * std::tanh(std::log1p(std::exp(x))); }
};
template <class M> struct Softplus {
  M beta, threshold;
  // Above the threshold softplus is x to working precision (and exp would overflow).
  M operator()(M x) const { return x * beta > threshold ? x : std::log1p(std::exp(x * beta)) / beta; }
};
struct Hardsigmoid {
  template <class M> M operator()(M x) const { return std::min(std::max(x + M(3), M(0)), M(6)) / M(6); }
};
struct Hardswish {
  template <class M> M operator()(M x) const { return x * std::min(std::max(x + M(3), M(0)), M(6)) / M(6); }
};

// ---- 2. Vector bodies, one copy per instruction set -------------------------------------------
#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
using F32 = vec_avx2::F32;
using F64 = vec_avx2::F64;
#include "cpu/unary_vector.inc"
}  // namespace avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
using F32 = vec_avx512::F32;
using F64 = vec_avx512::F64;
#include "cpu/unary_vector.inc"
}  // namespace avx512
#pragma GCC pop_options

template <class Op>
concept VectorOp = Op::kVector;

template <class M, class F32, class F64>
using traits_for = std::conditional_t<std::is_same_v<M, float>, F32, F64>;

// y = op(x) over n contiguous values of the compute type (x == y allowed). Every layout and
// every 16-bit dtype funnels through here, so a dtype gives the same bits in any layout.
template <class Op, class M>
void apply_contiguous(const Op& op, const M* x, M* y, int64_t n) {
  if constexpr (VectorOp<Op> && (std::is_same_v<M, float> || std::is_same_v<M, double>)) {
    switch (cpu_capability()) {
      case CpuCapability::Avx512:
        return avx512::apply<traits_for<M, avx512::F32, avx512::F64>>(op, x, y, n);
      case CpuCapability::Avx2:
        return avx2::apply<traits_for<M, avx2::F32, avx2::F64>>(op, x, y, n);
      case CpuCapability::Default:
        break;
    }
  }
  for (int64_t i = 0; i < n; ++i) y[i] = op(x[i]);
}

// ---- 3. The driver -----------------------------------------------------------------------------
// out = op(in) for dtype T. Contiguous runs of the compute type go straight to apply_contiguous;
// strided runs and half/bfloat16 go through a stack buffer of the compute type.
template <class T, class Op>
void run_unary(const Op& op, const Tensor& out, const Tensor& in) {
  using M = typename opmath<T>::type;
  StridedLoop<2> loop({&out, &in}, out.sizes());
  loop.parallel_run([&op](char** p, const int64_t* s, int64_t n) {
    if constexpr (std::is_same_v<T, M>) {
      if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
        apply_contiguous(op, reinterpret_cast<const M*>(p[1]), reinterpret_cast<M*>(p[0]), n);
        return;
      }
    }
    constexpr int64_t kChunk = 256;
    M buf[kChunk];
    for (int64_t start = 0; start < n; start += kChunk) {
      int64_t m = std::min(kChunk, n - start);
      for (int64_t i = 0; i < m; ++i) {
        T v;
        std::memcpy(&v, p[1] + (start + i) * s[1], sizeof(T));
        buf[i] = static_cast<M>(v);
      }
      apply_contiguous(op, buf, buf, m);
      for (int64_t i = 0; i < m; ++i) {
        T r = static_cast<T>(buf[i]);
        std::memcpy(p[0] + (start + i) * s[0], &r, sizeof(T));
      }
    }
  });
}

// make(M{}) builds the functor for compute type M; run over every dtype but bool...
template <class Make>
void run_numeric(const Tensor& out, const Tensor& in, Make make) {
  dispatch_all_types(out.dtype(), "unary_kernel", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, bool>) {
      detail::throw_error("unary_kernel", "no kernel for bool (the op checks its dtype first)");
    } else {
      run_unary<T>(make(typename opmath<T>::type{}), out, in);
    }
  });
}

// ...or over the floating dtypes.
template <class Make>
void run_floating(const Tensor& out, const Tensor& in, Make make) {
  dispatch_all_types(out.dtype(), "unary_kernel", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (!is_float_like_v<T>) {
      detail::throw_error("unary_kernel", "no kernel for ", out.dtype(), " (the op checks its dtype first)");
    } else {
      run_unary<T>(make(typename opmath<T>::type{}), out, in);
    }
  });
}

}  // namespace

void unary_kernel(UnaryOp op, const Tensor& out, const Tensor& in, const UnaryParams& p) {
  if (out.numel() == 0) return;
  // The functor for each op; `auto m` is a value of the compute type M.
  auto simple = [](auto functor) { return [functor](auto) { return functor; }; };
  switch (op) {
    case UnaryOp::Neg: return run_numeric(out, in, simple(Neg{}));
    case UnaryOp::Abs: return run_numeric(out, in, simple(Abs{}));
    case UnaryOp::Sign: return run_numeric(out, in, simple(Sign{}));
    case UnaryOp::Relu: return run_numeric(out, in, simple(Relu{}));
    case UnaryOp::Clamp:
      return run_numeric(out, in, [&](auto m) {
        using M = decltype(m);
        return Clamp<M>{convert<M>(p.min), convert<M>(p.max)};
      });
    case UnaryOp::Reciprocal: return run_floating(out, in, simple(Reciprocal{}));
    case UnaryOp::Sqrt: return run_floating(out, in, simple(Sqrt{}));
    case UnaryOp::Rsqrt: return run_floating(out, in, simple(Rsqrt{}));
    case UnaryOp::Exp: return run_floating(out, in, simple(Exp{}));
    case UnaryOp::Exp2: return run_floating(out, in, simple(Exp2{}));
    case UnaryOp::Expm1: return run_floating(out, in, simple(Expm1{}));
    case UnaryOp::Log: return run_floating(out, in, simple(Log{}));
    case UnaryOp::Log2: return run_floating(out, in, simple(Log2{}));
    case UnaryOp::Log10: return run_floating(out, in, simple(Log10{}));
    case UnaryOp::Log1p: return run_floating(out, in, simple(Log1p{}));
    case UnaryOp::Sin: return run_floating(out, in, simple(Sin{}));
    case UnaryOp::Cos: return run_floating(out, in, simple(Cos{}));
    case UnaryOp::Tan: return run_floating(out, in, simple(Tan{}));
    case UnaryOp::Asin: return run_floating(out, in, simple(Asin{}));
    case UnaryOp::Acos: return run_floating(out, in, simple(Acos{}));
    case UnaryOp::Atan: return run_floating(out, in, simple(Atan{}));
    case UnaryOp::Sinh: return run_floating(out, in, simple(Sinh{}));
    case UnaryOp::Cosh: return run_floating(out, in, simple(Cosh{}));
    case UnaryOp::Tanh: return run_floating(out, in, simple(Tanh{}));
    case UnaryOp::Sigmoid: return run_floating(out, in, simple(Sigmoid{}));
    case UnaryOp::Logit:
      return run_floating(out, in, [&](auto m) { return Logit<decltype(m)>{static_cast<decltype(m)>(p.eps)}; });
    case UnaryOp::Erf: return run_floating(out, in, simple(Erf{}));
    case UnaryOp::Erfc: return run_floating(out, in, simple(Erfc{}));
    case UnaryOp::Erfinv: return run_floating(out, in, simple(Erfinv{}));
    case UnaryOp::Floor: return run_floating(out, in, simple(Floor{}));
    case UnaryOp::Ceil: return run_floating(out, in, simple(Ceil{}));
    case UnaryOp::Round: return run_floating(out, in, simple(Round{}));
    case UnaryOp::RoundDecimals:
      return run_floating(out, in, [&](auto m) {
        using M = decltype(m);
        int64_t d = p.decimals < 0 ? -p.decimals : p.decimals;
        return RoundDecimals<M>{static_cast<M>(std::pow(10.0, static_cast<double>(d))), p.decimals < 0};
      });
    case UnaryOp::Trunc: return run_floating(out, in, simple(Trunc{}));
    case UnaryOp::Frac: return run_floating(out, in, simple(Frac{}));
    case UnaryOp::NanToNum:
      return run_floating(out, in, [&](auto m) {
        using M = decltype(m);
        return NanToNum<M>{static_cast<M>(p.nan), static_cast<M>(p.posinf), static_cast<M>(p.neginf)};
      });
    case UnaryOp::LeakyRelu:
      return run_floating(out, in, [&](auto m) {
        using M = decltype(m);
        return LeakyRelu<M>{static_cast<M>(p.negative_slope)};
      });
    case UnaryOp::Elu:
      return run_floating(out, in, [&](auto m) {
        using M = decltype(m);
        return Elu<M>{static_cast<M>(p.alpha * p.scale), static_cast<M>(p.scale), static_cast<M>(p.input_scale)};
      });
    case UnaryOp::Gelu: return run_floating(out, in, simple(Gelu{}));
    case UnaryOp::GeluTanh: return run_floating(out, in, simple(GeluTanh{}));
    case UnaryOp::Silu: return run_floating(out, in, simple(Silu{}));
    case UnaryOp::Mish: return run_floating(out, in, simple(Mish{}));
    case UnaryOp::Softplus:
      return run_floating(out, in, [&](auto m) {
        using M = decltype(m);
        return Softplus<M>{static_cast<M>(p.beta), static_cast<M>(p.threshold)};
      });
    case UnaryOp::Hardsigmoid: return run_floating(out, in, simple(Hardsigmoid{}));
    case UnaryOp::Hardswish: return run_floating(out, in, simple(Hardswish{}));
  }
}

void predicate_kernel(UnaryPredicate op, const Tensor& out, const Tensor& in) {
  if (out.numel() == 0) return;
  dispatch_all_types(in.dtype(), "predicate_kernel", [&](auto tag) {
    using T = typename decltype(tag)::type;
    StridedLoop<2> loop({&out, &in}, out.sizes());
    loop.parallel_run([op](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        bool r;
        if constexpr (is_float_like_v<T>) {
          T v;
          std::memcpy(&v, p[1] + i * s[1], sizeof(T));
          double x = static_cast<double>(v);
          r = op == UnaryPredicate::IsNan ? std::isnan(x) : op == UnaryPredicate::IsInf ? std::isinf(x) : std::isfinite(x);
        } else {
          r = op == UnaryPredicate::IsFinite;  // integers are always finite
        }
        std::memcpy(p[0] + i * s[0], &r, sizeof(bool));
      }
    });
  });
}

namespace {

// StepSpec's function in the element type M. Selects, not branches: the sign of an
// activation's input is a coin toss, and mispredicted branches made this mask cost more than
// the op it differentiates.
template <class M>
struct StepFunction {
  M lo, hi, inside, outside, nan;
  bool lo_open, hi_open;
  explicit StepFunction(const StepSpec& spec)
      : lo(static_cast<M>(spec.lo)), hi(static_cast<M>(spec.hi)), inside(static_cast<M>(spec.inside)),
        outside(static_cast<M>(spec.outside)), nan(static_cast<M>(spec.nan)), lo_open(spec.lo_open),
        hi_open(spec.hi_open) {}
  M operator()(M x) const {
    const bool above = (lo_open & (x > lo)) | (!lo_open & (x >= lo));
    const bool below = (hi_open & (x < hi)) | (!hi_open & (x <= hi));
    const M r = (above & below) ? inside : outside;
    return x != x ? nan : r;
  }
};

template <class M>
void step_mul_contiguous(const StepSpec& spec, M* __restrict out, const M* __restrict g, const M* __restrict x,
                         int64_t n) {
  const StepFunction<M> step(spec);
  parallel_for(0, n, 32768, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) out[i] = g[i] * step(x[i]);
  });
}

}  // namespace

void step_kernel(const StepSpec& spec, const Tensor& out, const Tensor& in) {
  if (out.numel() == 0) return;
  run_floating(out, in, [&spec](auto m) { return StepFunction<decltype(m)>(spec); });
}

void step_mul_kernel(const StepSpec& spec, const Tensor& out, const Tensor& g, const Tensor& in) {
  if (out.dtype() == kFloat)
    step_mul_contiguous(spec, static_cast<float*>(out.data_ptr()), static_cast<const float*>(g.data_ptr()),
                        static_cast<const float*>(in.data_ptr()), out.numel());
  else
    step_mul_contiguous(spec, static_cast<double*>(out.data_ptr()), static_cast<const double*>(g.data_ptr()),
                        static_cast<const double*>(in.data_ptr()), out.numel());
}

}  // namespace ember::cpu
