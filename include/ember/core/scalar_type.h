#pragma once
// ScalarType: the ten dtypes, their C++ types, names, and the dtype dispatch helper.
#include <cstdint>
#include <ostream>
#include <string_view>
#include <type_traits>

#include "ember/core/error.h"
#include "ember/core/half.h"

namespace ember {

// The order is ours (not PyTorch's enum values); names match LibTorch's.
enum class ScalarType : int8_t {
  Bool,
  Byte,   // uint8
  Char,   // int8
  Short,  // int16
  Int,    // int32
  Long,   // int64
  Half,   // float16
  BFloat16,
  Float,   // float32
  Double,  // float64
  Undefined,
};
constexpr int kNumScalarTypes = 10;

constexpr ScalarType kBool = ScalarType::Bool;
constexpr ScalarType kByte = ScalarType::Byte;
constexpr ScalarType kUInt8 = ScalarType::Byte;
constexpr ScalarType kChar = ScalarType::Char;
constexpr ScalarType kInt8 = ScalarType::Char;
constexpr ScalarType kShort = ScalarType::Short;
constexpr ScalarType kInt16 = ScalarType::Short;
constexpr ScalarType kInt = ScalarType::Int;
constexpr ScalarType kInt32 = ScalarType::Int;
constexpr ScalarType kLong = ScalarType::Long;
constexpr ScalarType kInt64 = ScalarType::Long;
constexpr ScalarType kHalf = ScalarType::Half;
constexpr ScalarType kFloat16 = ScalarType::Half;
constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kFloat32 = ScalarType::Float;
constexpr ScalarType kDouble = ScalarType::Double;
constexpr ScalarType kFloat64 = ScalarType::Double;

// Every dtype, for tests and loops over dtypes.
constexpr ScalarType kAllScalarTypes[kNumScalarTypes] = {kBool, kByte, kChar, kShort, kInt,
                                                         kLong, kHalf, kBFloat16, kFloat, kDouble};

constexpr size_t element_size(ScalarType t) {
  switch (t) {
    case kBool: case kByte: case kChar: return 1;
    case kShort: case kHalf: case kBFloat16: return 2;
    case kInt: case kFloat: return 4;
    case kLong: case kDouble: return 8;
    default: return 0;
  }
}

constexpr bool is_floating_type(ScalarType t) {
  return t == kHalf || t == kBFloat16 || t == kFloat || t == kDouble;
}
constexpr bool is_integral_type(ScalarType t, bool include_bool) {
  return (include_bool && t == kBool) || t == kByte || t == kChar || t == kShort || t == kInt ||
         t == kLong;
}
constexpr bool is_signed_type(ScalarType t) { return t != kBool && t != kByte; }
constexpr bool is_reduced_floating_type(ScalarType t) { return t == kHalf || t == kBFloat16; }

// LibTorch's names: "Float", "Long", ... (as printed by `std::cout << torch::kFloat`).
constexpr std::string_view to_string(ScalarType t) {
  switch (t) {
    case kBool: return "Bool";
    case kByte: return "Byte";
    case kChar: return "Char";
    case kShort: return "Short";
    case kInt: return "Int";
    case kLong: return "Long";
    case kHalf: return "Half";
    case kBFloat16: return "BFloat16";
    case kFloat: return "Float";
    case kDouble: return "Double";
    default: return "Undefined";
  }
}
inline std::ostream& operator<<(std::ostream& out, ScalarType t) { return out << to_string(t); }

// C++ type <-> ScalarType.
template <class T> struct scalar_type_of;
template <> struct scalar_type_of<bool> { static constexpr ScalarType value = kBool; };
template <> struct scalar_type_of<uint8_t> { static constexpr ScalarType value = kByte; };
template <> struct scalar_type_of<int8_t> { static constexpr ScalarType value = kChar; };
template <> struct scalar_type_of<int16_t> { static constexpr ScalarType value = kShort; };
template <> struct scalar_type_of<int32_t> { static constexpr ScalarType value = kInt; };
template <> struct scalar_type_of<int64_t> { static constexpr ScalarType value = kLong; };
template <> struct scalar_type_of<Half> { static constexpr ScalarType value = kHalf; };
template <> struct scalar_type_of<BFloat16> { static constexpr ScalarType value = kBFloat16; };
template <> struct scalar_type_of<float> { static constexpr ScalarType value = kFloat; };
template <> struct scalar_type_of<double> { static constexpr ScalarType value = kDouble; };
template <class T>
constexpr ScalarType scalar_type_v = scalar_type_of<std::remove_cv_t<T>>::value;

template <class T> struct type_tag { using type = T; };

// Calls f(type_tag<T>{}) with T the C++ type of dtype t. `op` names the caller in the error
// thrown for Undefined. Usage:
//   dispatch_all_types(t, "fill_", [&](auto tag) { using T = typename decltype(tag)::type; ... });
template <class F>
decltype(auto) dispatch_all_types(ScalarType t, const char* op, F&& f) {
  switch (t) {
    case kBool: return f(type_tag<bool>{});
    case kByte: return f(type_tag<uint8_t>{});
    case kChar: return f(type_tag<int8_t>{});
    case kShort: return f(type_tag<int16_t>{});
    case kInt: return f(type_tag<int32_t>{});
    case kLong: return f(type_tag<int64_t>{});
    case kHalf: return f(type_tag<Half>{});
    case kBFloat16: return f(type_tag<BFloat16>{});
    case kFloat: return f(type_tag<float>{});
    case kDouble: return f(type_tag<double>{});
    default: detail::throw_error(op, "undefined dtype");
  }
}

}  // namespace ember
