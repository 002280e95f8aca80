// Every public op, grouped by the file that defines it. Adding an op means adding its line
// here; the difftest and gradcheck tests then fail until the op has cases.
#include "ember/ops/op_table.h"

namespace ember {

const std::vector<OpInfo>& op_table() {
  static const std::vector<OpInfo> table = {
      // binary.cpp
      {"add", "binary", true},
      {"sub", "binary", true},
      {"mul", "binary", true},
      {"div", "binary", true},
      {"remainder", "binary", true},
      {"fmod", "binary", true},
      {"pow", "binary", true},
      {"atan2", "binary", true},
      {"maximum", "binary", true},
      {"minimum", "binary", true},
      {"fmax", "binary", true},
      {"fmin", "binary", true},
      // compare.cpp
      {"eq", "compare", false},
      {"ne", "compare", false},
      {"lt", "compare", false},
      {"le", "compare", false},
      {"gt", "compare", false},
      {"ge", "compare", false},
      // logical.cpp
      {"logical_and", "logical", false},
      {"logical_or", "logical", false},
      {"logical_xor", "logical", false},
      {"logical_not", "logical", false},
      {"bitwise_and", "logical", false},
      {"bitwise_or", "logical", false},
      {"bitwise_xor", "logical", false},
      {"bitwise_not", "logical", false},
      {"bitwise_left_shift", "logical", false},
      {"bitwise_right_shift", "logical", false},
      // pointwise.cpp
      {"where", "pointwise", true},
      {"clamp", "pointwise", true},
      {"clamp_min", "pointwise", true},
      {"clamp_max", "pointwise", true},
      {"lerp", "pointwise", true},
      // reduce.cpp
      {"sum", "reduce", true},
  };
  return table;
}

}  // namespace ember
