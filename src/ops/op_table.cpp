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
      // reduce.cpp
      {"sum", "reduce", true},
      {"mean", "reduce", true},
      {"prod", "reduce", true},
      {"max", "reduce", true},
      {"min", "reduce", true},
      {"amax", "reduce", true},
      {"amin", "reduce", true},
      {"argmax", "reduce", false},
      {"argmin", "reduce", false},
      {"var", "reduce", true},
      {"std", "reduce", true},
      {"var_mean", "reduce", true},
      {"std_mean", "reduce", true},
      {"norm", "reduce", true},
      {"logsumexp", "reduce", true},
      {"all", "reduce", false},
      {"any", "reduce", false},
      {"count_nonzero", "reduce", false},
      {"cumsum", "reduce", true},
      {"cumprod", "reduce", true},
      {"median", "reduce", true},
      {"mode", "reduce", true},
  };
  return table;
}

}  // namespace ember
