#include "cpu/pointwise_kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cpu/convert.h"
#include "cpu/elementwise_loop.h"
#include "ember/core/error.h"

namespace ember::cpu {

namespace {

// PyTorch's lerp: the form is chosen by |weight| so both ends are reproduced exactly.
template <class M>
M lerp(M self, M end, M weight) {
  return std::abs(weight) < M(0.5) ? self + weight * (end - self) : end - (end - self) * (M(1) - weight);
}

template <class F>
void dispatch_floating(ScalarType t, const char* op, F f) {
  dispatch_all_types(t, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) f(tag);
    else ember::detail::throw_error(op, "has no cpu kernel for ", t);
  });
}

// std::max / std::min order: a NaN self passes through, as PyTorch's clamp.
template <class M>
M clamp_lo(M x, M lo) { return x < lo ? lo : x; }
template <class M>
M clamp_hi(M x, M hi) { return hi < x ? hi : x; }

}  // namespace

void where_kernel(const Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "where", [&](auto tag) {
    using T = typename decltype(tag)::type;
    elementwise<T, bool, T, T>(out, {&cond, &a, &b}, [](bool c, T x, T y) { return c ? x : y; });
  });
}

void lerp_kernel(const Tensor& out, const Tensor& self, const Tensor& end, const Tensor& weight) {
  if (out.numel() == 0) return;
  dispatch_floating(out.dtype(), "lerp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    elementwise<T, T, T, T>(out, {&self, &end, &weight}, [](T s, T e, T w) {
      return static_cast<T>(lerp<M>(static_cast<M>(s), static_cast<M>(e), static_cast<M>(w)));
    });
  });
}

void lerp_kernel(const Tensor& out, const Tensor& self, const Tensor& end, const Scalar& weight) {
  if (out.numel() == 0) return;
  dispatch_floating(out.dtype(), "lerp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    M w = scalar_to<M>(weight);
    elementwise<T, T, T>(out, {&self, &end}, [w](T s, T e) {
      return static_cast<T>(lerp<M>(static_cast<M>(s), static_cast<M>(e), w));
    });
  });
}

void clamp_kernel(const Tensor& out, const Tensor& self, const Tensor& lo, const Tensor& hi) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "clamp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    elementwise<T, T, T, T>(out, {&self, &lo, &hi}, [](T x, T l, T h) {
      M mx = static_cast<M>(x), ml = static_cast<M>(l), mh = static_cast<M>(h);
      if constexpr (std::is_floating_point_v<M>) {
        if (ml != ml || mh != mh) return static_cast<T>(std::numeric_limits<M>::quiet_NaN());
      }
      return static_cast<T>(clamp_hi(clamp_lo(mx, ml), mh));
    });
  });
}

void clamp_scalar_kernel(const Tensor& out, const Tensor& self, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "clamp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    // Bounds are first converted to the tensor's dtype, as PyTorch (`min.to<scalar_t>()`).
    M l = lo ? static_cast<M>(scalar_to<T>(*lo)) : M(0);
    M h = hi ? static_cast<M>(scalar_to<T>(*hi)) : M(0);
    auto map = [&](auto f) {
      elementwise<T, T>(out, {&self}, [f](T x) { return static_cast<T>(f(static_cast<M>(x))); });
    };
    if (lo && hi) map([l, h](M x) { return clamp_hi(clamp_lo(x, l), h); });
    else if (lo) map([l](M x) { return clamp_lo(x, l); });
    else map([h](M x) { return clamp_hi(x, h); });
  });
}

}  // namespace ember::cpu
