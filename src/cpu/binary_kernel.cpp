#include "cpu/binary_kernel.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

#include "cpu/convert.h"
#include "cpu/elementwise_loop.h"
#include "ember/core/error.h"

namespace ember::cpu {

namespace {

template <class T>
constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Integer arithmetic that wraps (two's complement) instead of overflowing: signed overflow is
// undefined behaviour in C++, and PyTorch's results are the wrapped ones.
template <class T>
T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
}
template <class T>
T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}

// v < 0, without a tautological comparison for unsigned types.
template <class T>
constexpr bool negative(T v) {
  if constexpr (std::is_signed_v<T>) return v < T(0);
  else return false;
}

// a / b truncated; b != 0 (checked by the op). INT_MIN / -1 wraps to INT_MIN (x86's idiv
// would trap).
template <class T>
T div_trunc_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(a));
  }
  return static_cast<T>(a / b);
}

template <class T>
T fmod_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return 0;
  }
  return static_cast<T>(a % b);
}

template <class T>
T floor_divide(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    T q = div_trunc_int(a, b);
    if (fmod_int(a, b) != 0 && negative(a) != negative(b)) --q;
    return q;
  } else {
    // PyTorch's div_floor_floating: floor of the exact quotient, robust for large values.
    if (b == 0) return a / b;
    T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
    if (div == 0) return std::copysign(T(0), a / b);
    T floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += 1;
    return floordiv;
  }
}

template <class T>
T remainder(T a, T b) {
  T mod;
  if constexpr (std::is_integral_v<T>) mod = fmod_int(a, b);
  else mod = std::fmod(a, b);
  if (mod != 0 && negative(b) != negative(mod)) mod = static_cast<T>(mod + b);
  return mod;
}

// PyTorch's powi: exponentiation by squaring, wrapping on overflow; negative exponents give
// 0 except for bases 1 and -1.
template <class T>
T powi(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) {
      if (a == 1) return 1;
      if (a == -1) return b % 2 != 0 ? T(-1) : T(1);  // not -b: INT_MIN has no negation
      return 0;
    }
  }
  T result = 1;
  while (b) {
    if (b & 1) result = wrap_mul(result, a);
    b = static_cast<T>(b / 2);
    a = wrap_mul(a, a);
  }
  return result;
}

template <class T>
T shift_left(T a, T b) {
  constexpr int bits = sizeof(T) * CHAR_BIT;
  if (static_cast<std::make_signed_t<T>>(b) < 0 || b >= bits) return 0;
  return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) << b);
}

template <class T>
T shift_right(T a, T b) {
  constexpr int bits = sizeof(T) * CHAR_BIT;
  if (static_cast<std::make_signed_t<T>>(b) < 0 || b >= bits) return negative(a) ? T(-1) : T(0);
  return static_cast<T>(a >> b);
}

template <class M>
M nan_propagating_max(M a, M b) {
  if constexpr (std::is_floating_point_v<M>) {
    if (a != a || b != b) return std::numeric_limits<M>::quiet_NaN();
  }
  return std::max(a, b);
}
template <class M>
M nan_propagating_min(M a, M b) {
  if constexpr (std::is_floating_point_v<M>) {
    if (a != a || b != b) return std::numeric_limits<M>::quiet_NaN();
  }
  return std::min(a, b);
}

// Runs out = a op b for one dtype T with a functor on opmath values (Half and bfloat16 are
// widened to float, the result rounded back).
template <class T, class F>
void run(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  using M = opmath_t<T>;
  elementwise<T, T, T>(out, {&a, &b}, [f](T x, T y) {
    return static_cast<T>(f(static_cast<M>(x), static_cast<M>(y)));
  });
}

[[noreturn]] void no_kernel(BinaryOp op, ScalarType dtype) {
  ember::detail::throw_error(to_string(op), "has no cpu kernel for ", dtype);
}

template <class T>
void binary_typed(BinaryOp op, const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  using M = opmath_t<T>;
  constexpr bool is_bool = std::is_same_v<T, bool>;
  constexpr bool is_float = is_float_like_v<T>;
  switch (op) {
    case BinaryOp::Add:
      if constexpr (is_bool) {
        // In bool, x + alpha * y is x || (alpha && y).
        if (scalar_to<bool>(alpha)) return run<T>(out, a, b, [](bool x, bool y) { return x || y; });
        return run<T>(out, a, b, [](bool x, bool) { return x; });
      } else {
        M w = scalar_to<M>(alpha);
        if constexpr (is_int_v<T>) {
          if (w == M(1)) return run<T>(out, a, b, [](M x, M y) { return wrap_add(x, y); });
          return run<T>(out, a, b, [w](M x, M y) { return wrap_add(x, wrap_mul(w, y)); });
        } else {
          if (w == M(1)) return run<T>(out, a, b, [](M x, M y) { return x + y; });
          return run<T>(out, a, b, [w](M x, M y) { return x + w * y; });
        }
      }
    case BinaryOp::Mul:
      if constexpr (is_bool) return run<T>(out, a, b, [](bool x, bool y) { return x && y; });
      else if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return wrap_mul(x, y); });
      else return run<T>(out, a, b, [](M x, M y) { return x * y; });
    case BinaryOp::Div:
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return x / y; });
      break;
    case BinaryOp::DivTrunc:
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return div_trunc_int(x, y); });
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::trunc(x / y); });
      break;
    case BinaryOp::DivFloor:
      if constexpr (!is_bool) return run<T>(out, a, b, [](M x, M y) { return floor_divide(x, y); });
      break;
    case BinaryOp::Remainder:
      if constexpr (!is_bool) return run<T>(out, a, b, [](M x, M y) { return remainder(x, y); });
      break;
    case BinaryOp::Fmod:
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return fmod_int(x, y); });
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::fmod(x, y); });
      break;
    case BinaryOp::Pow:
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return powi(x, y); });
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::pow(x, y); });
      break;
    case BinaryOp::Atan2:
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::atan2(x, y); });
      break;
    case BinaryOp::Maximum:
      return run<T>(out, a, b, [](M x, M y) { return nan_propagating_max(x, y); });
    case BinaryOp::Minimum:
      return run<T>(out, a, b, [](M x, M y) { return nan_propagating_min(x, y); });
    case BinaryOp::Fmax:
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::fmax(x, y); });
      else return run<T>(out, a, b, [](M x, M y) { return std::max(x, y); });
    case BinaryOp::Fmin:
      if constexpr (is_float) return run<T>(out, a, b, [](M x, M y) { return std::fmin(x, y); });
      else return run<T>(out, a, b, [](M x, M y) { return std::min(x, y); });
    case BinaryOp::BitwiseAnd:
      if constexpr (is_bool) return run<T>(out, a, b, [](bool x, bool y) { return x && y; });
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return static_cast<M>(x & y); });
      break;
    case BinaryOp::BitwiseOr:
      if constexpr (is_bool) return run<T>(out, a, b, [](bool x, bool y) { return x || y; });
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return static_cast<M>(x | y); });
      break;
    case BinaryOp::BitwiseXor:
      if constexpr (is_bool) return run<T>(out, a, b, [](bool x, bool y) { return x != y; });
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return static_cast<M>(x ^ y); });
      break;
    case BinaryOp::LeftShift:
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return shift_left(x, y); });
      break;
    case BinaryOp::RightShift:
      if constexpr (is_int_v<T>) return run<T>(out, a, b, [](M x, M y) { return shift_right(x, y); });
      break;
  }
  no_kernel(op, out.dtype());
}

}  // namespace

const char* to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "add";
    case BinaryOp::Mul: return "mul";
    case BinaryOp::Div: return "div";
    case BinaryOp::DivTrunc: return "div(rounding_mode='trunc')";
    case BinaryOp::DivFloor: return "div(rounding_mode='floor')";
    case BinaryOp::Remainder: return "remainder";
    case BinaryOp::Fmod: return "fmod";
    case BinaryOp::Pow: return "pow";
    case BinaryOp::Atan2: return "atan2";
    case BinaryOp::Maximum: return "maximum";
    case BinaryOp::Minimum: return "minimum";
    case BinaryOp::Fmax: return "fmax";
    case BinaryOp::Fmin: return "fmin";
    case BinaryOp::BitwiseAnd: return "bitwise_and";
    case BinaryOp::BitwiseOr: return "bitwise_or";
    case BinaryOp::BitwiseXor: return "bitwise_xor";
    case BinaryOp::LeftShift: return "bitwise_left_shift";
    case BinaryOp::RightShift: return "bitwise_right_shift";
  }
  return "binary_kernel";
}

void binary_kernel(BinaryOp op, const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "binary_kernel", [&](auto tag) {
    binary_typed<typename decltype(tag)::type>(op, out, a, b, alpha);
  });
}

void pow_scalar_kernel(const Tensor& out, const Tensor& a, const Scalar& exponent) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "pow", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    auto map = [&](auto f) {
      elementwise<T, T>(out, {&a}, [f](T x) { return static_cast<T>(f(static_cast<M>(x))); });
    };
    if constexpr (std::is_same_v<T, bool>) {
      no_kernel(BinaryOp::Pow, out.dtype());
    } else if constexpr (std::is_integral_v<T>) {
      // Integral results come from integral exponents only (the op checks it is >= 0).
      M e = static_cast<M>(exponent.toLong());
      if (e == 2) map([](M x) { return wrap_mul(x, x); });
      else if (e == 3) map([](M x) { return wrap_mul(wrap_mul(x, x), x); });
      else map([e](M x) { return powi(x, e); });
    } else {
      M e = static_cast<M>(scalar_to<T>(exponent));
      if (e == M(0.5)) map([](M x) { return std::sqrt(x); });
      else if (e == M(2)) map([](M x) { return x * x; });
      else if (e == M(3)) map([](M x) { return x * x * x; });
      else if (e == M(-0.5)) map([](M x) { return M(1) / std::sqrt(x); });
      else if (e == M(-1)) map([](M x) { return M(1) / x; });
      else if (e == M(-2)) map([](M x) { return M(1) / (x * x); });
      else map([e](M x) { return std::pow(x, e); });
    }
  });
}

void bitwise_not_kernel(const Tensor& out, const Tensor& a) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "bitwise_not", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, bool>) {
      elementwise<T, T>(out, {&a}, [](bool x) { return !x; });
    } else if constexpr (is_int_v<T>) {
      elementwise<T, T>(out, {&a}, [](T x) { return static_cast<T>(~x); });
    } else {
      ember::detail::throw_error("bitwise_not", "has no cpu kernel for ", out.dtype());
    }
  });
}

bool has_zero(const Tensor& t) {
  bool found = false;
  dispatch_all_types(t.dtype(), "has_zero", [&](auto tag) {
    using T = typename decltype(tag)::type;
    StridedLoop<1> loop({&t}, t.sizes());
    loop.run([&found](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n && !found; ++i) found = static_cast<double>(detail::load<T>(p[0] + i * s[0])) == 0.0;
    });
  });
  return found;
}

}  // namespace ember::cpu
