#pragma once
// checked_scalar_to<T>(value, op): a Scalar converted to T, throwing when T cannot hold it.
// This is the rule LibTorch applies whenever a Scalar becomes an element (full, fill_,
// scalar_tensor, tensor({...}), linspace bounds; c10's checked_convert):
//   - bool holds anything (non-zero -> true);
//   - a floating value must lie in [lowest, max] of T; inf passes to floating T, NaN to
//     floating T only;
//   - an integer must lie in [lowest, max] of T, except that for an unsigned T a negative
//     integer down to -max wraps (full({2}, -1, kByte) gives 255, as in LibTorch).
#include <cmath>
#include <limits>

#include "cpu/convert.h"
#include "ember/core/error.h"
#include "ember/core/scalar.h"

namespace ember::cpu {

// The largest finite value of a floating or integral T, as a double.
template <class T>
constexpr double largest_finite() {
  if constexpr (std::is_same_v<T, Half>) return 65504.0;
  else if constexpr (std::is_same_v<T, BFloat16>) return 3.3895313892515355e38;
  else return static_cast<double>(std::numeric_limits<T>::max());
}

template <class T>
bool scalar_overflows(const Scalar& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return false;
  } else {
    if (value.is_boolean()) return false;
    constexpr bool floating_t = is_float_like_v<T>;
    double highest = largest_finite<T>();
    double lowest = floating_t ? -highest : static_cast<double>(std::numeric_limits<T>::lowest());
    if (value.is_floating_point()) {
      double v = value.toDouble();
      if (std::isnan(v) || std::isinf(v)) return !floating_t;
      return v < lowest || v > highest;
    }
    int64_t v = value.toLong();
    if constexpr (!floating_t && !std::is_signed_v<T>) {
      if (v < 0) return static_cast<double>(v) < -highest;
      return static_cast<double>(v) > highest;
    } else {
      // int64 -> double rounds only beyond 2^53, where every narrower T has long overflowed.
      return static_cast<double>(v) < lowest || static_cast<double>(v) > highest;
    }
  }
}

template <class T>
T checked_scalar_to(const Scalar& value, ScalarType dtype, const char* op) {
  EMBER_CHECK(!scalar_overflows<T>(value), op, "value ", value, " cannot be converted to type ",
              dtype, " without overflow; use a wider dtype");
  return scalar_to<T>(value);
}

}  // namespace ember::cpu
