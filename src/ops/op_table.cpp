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
      // nn_functional: softmax.cpp, normalization.cpp, embedding.cpp, dropout.cpp
      {"softmax", "nn_functional", true},
      {"log_softmax", "nn_functional", true},
      {"layer_norm", "nn_functional", true},
      {"group_norm", "nn_functional", true},
      {"rms_norm", "nn_functional", true},
      {"embedding", "nn_functional", true},
      {"dropout", "nn_functional", true},
  };
  return table;
}

}  // namespace ember
