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
      // unary.cpp
      {"neg", "unary", true},
      {"abs", "unary", true},
      {"sign", "unary", true},
      {"reciprocal", "unary", true},
      {"sqrt", "unary", true},
      {"rsqrt", "unary", true},
      {"exp", "unary", true},
      {"exp2", "unary", true},
      {"expm1", "unary", true},
      {"log", "unary", true},
      {"log2", "unary", true},
      {"log10", "unary", true},
      {"log1p", "unary", true},
      {"sin", "unary", true},
      {"cos", "unary", true},
      {"tan", "unary", true},
      {"asin", "unary", true},
      {"acos", "unary", true},
      {"atan", "unary", true},
      {"sinh", "unary", true},
      {"cosh", "unary", true},
      {"tanh", "unary", true},
      {"sigmoid", "unary", true},
      {"logit", "unary", true},
      {"erf", "unary", true},
      {"erfc", "unary", true},
      {"erfinv", "unary", true},
      {"floor", "unary", true},
      {"ceil", "unary", true},
      {"round", "unary", true},
      {"trunc", "unary", true},
      {"frac", "unary", true},
      {"isnan", "unary", false},
      {"isinf", "unary", false},
      {"isfinite", "unary", false},
      {"nan_to_num", "unary", true},
      // activation.cpp
      {"relu", "activation", true},
      {"relu6", "activation", true},
      {"leaky_relu", "activation", true},
      {"elu", "activation", true},
      {"selu", "activation", true},
      {"celu", "activation", true},
      {"gelu", "activation", true},
      {"silu", "activation", true},
      {"mish", "activation", true},
      {"softplus", "activation", true},
      {"hardtanh", "activation", true},
      {"hardsigmoid", "activation", true},
      {"hardswish", "activation", true},
      {"softsign", "activation", true},
  };
  return table;
}

}  // namespace ember
