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
      // linalg.cpp
      {"matmul", "linalg", true},
      {"mm", "linalg", true},
      {"bmm", "linalg", true},
      {"mv", "linalg", true},
      {"dot", "linalg", true},
      {"vdot", "linalg", true},
      {"outer", "linalg", true},
      {"ger", "linalg", true},
      {"addmm", "linalg", true},
      {"addmv", "linalg", true},
      {"baddbmm", "linalg", true},
      {"einsum", "linalg", true},
      {"linear", "linalg", true},
  };
  return table;
}

}  // namespace ember
