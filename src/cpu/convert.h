#pragma once
// convert<To>(from): the element conversion used by copy_ and to(), matching PyTorch:
// anything -> bool is "!= 0"; floating -> integral truncates toward zero. Out-of-range and
// NaN floating values (undefined behaviour for a plain cast in C++) become the integer
// type's lowest value, as x86's cvtt instructions give PyTorch.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "ember/core/half.h"

namespace ember::cpu {

template <class T>
constexpr bool is_float_like_v = std::is_floating_point_v<T> || std::is_same_v<T, Half> ||
                                 std::is_same_v<T, BFloat16>;

template <class To, class From>
inline To convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    // NaN != 0, so NaN converts to true, as in PyTorch.
    if constexpr (is_float_like_v<From>) return static_cast<double>(v) != 0.0;
    else return v != 0;
  } else if constexpr (is_float_like_v<From> && !is_float_like_v<To>) {
    double d = static_cast<double>(v);
    if (!(d > -9.2233720368547758e18 && d < 9.2233720368547758e18)) return std::numeric_limits<To>::lowest();
    // Truncate through int64 then wrap, as PyTorch does for narrow integer types.
    return static_cast<To>(static_cast<int64_t>(d));
  } else if constexpr (std::is_same_v<To, Half> || std::is_same_v<To, BFloat16>) {
    return To(static_cast<float>(v));
  } else if constexpr (std::is_same_v<From, Half> || std::is_same_v<From, BFloat16>) {
    return static_cast<To>(static_cast<float>(v));
  } else {
    return static_cast<To>(v);
  }
}

}  // namespace ember::cpu

namespace ember::cpu {
// A Scalar converted to T with the same rules as element conversion.
template <class T, class S>
inline T scalar_to(const S& s) {
  if (s.is_floating_point()) return convert<T>(s.toDouble());
  if (s.is_boolean()) return convert<T>(s.toBool());
  return convert<T>(s.toLong());
}
}  // namespace ember::cpu
