#include "cpu/binary_kernel.h"

#include <cmath>
#include <cstring>

#include "cpu/convert.h"
#include "cpu/strided_loop.h"

namespace ember::cpu {

namespace {

// Half and bfloat16 compute in float (their "opmath" type, as PyTorch).
template <class T> struct opmath { using type = T; };
template <> struct opmath<Half> { using type = float; };
template <> struct opmath<BFloat16> { using type = float; };

template <class T>
T floor_divide(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    T q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
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

template <class T, class F>
void run_binary(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  StridedLoop<3> loop({&out, &a, &b}, out.sizes());
  loop.run([&f](char** p, const int64_t* s, int64_t n) {
    // Contiguous fast path: plain pointer loops the compiler vectorises.
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {
      T* o = reinterpret_cast<T*>(p[0]);
      const T* x = reinterpret_cast<const T*>(p[1]);
      const T* y = reinterpret_cast<const T*>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
    } else if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == 0) {
      T* o = reinterpret_cast<T*>(p[0]);
      const T* x = reinterpret_cast<const T*>(p[1]);
      const T y = *reinterpret_cast<const T*>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y);
    } else {
      for (int64_t i = 0; i < n; ++i) {
        T x, y;
        std::memcpy(&x, p[1] + i * s[1], sizeof(T));
        std::memcpy(&y, p[2] + i * s[2], sizeof(T));
        T r = f(x, y);
        std::memcpy(p[0] + i * s[0], &r, sizeof(T));
      }
    }
  });
}

}  // namespace

void binary_kernel(BinaryOp op, const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "binary_kernel", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = typename opmath<T>::type;
    switch (op) {
      case BinaryOp::Add: {
        if constexpr (std::is_same_v<T, bool>) {
          // bool + bool is logical or (alpha must be true/1 for bools).
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(x || y); });
        } else {
          M w = scalar_to<M>(alpha);
          if (w == M(1)) {
            run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(static_cast<M>(x) + static_cast<M>(y)); });
          } else {
            run_binary<T>(out, a, b, [w](T x, T y) { return static_cast<T>(static_cast<M>(x) + w * static_cast<M>(y)); });
          }
        }
        break;
      }
      case BinaryOp::Mul:
        if constexpr (std::is_same_v<T, bool>) {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(x && y); });
        } else {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(static_cast<M>(x) * static_cast<M>(y)); });
        }
        break;
      case BinaryOp::Div:
        run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(static_cast<M>(x) / static_cast<M>(y)); });
        break;
      case BinaryOp::DivTrunc:
        if constexpr (std::is_integral_v<T>) {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(x / y); });
        } else {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(std::trunc(static_cast<M>(x) / static_cast<M>(y))); });
        }
        break;
      case BinaryOp::DivFloor:
        if constexpr (std::is_same_v<T, bool>) {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(x && y); });
        } else {
          run_binary<T>(out, a, b, [](T x, T y) { return static_cast<T>(floor_divide<M>(static_cast<M>(x), static_cast<M>(y))); });
        }
        break;
    }
  });
}

}  // namespace ember::cpu
