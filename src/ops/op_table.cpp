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
      // arrange.cpp
      {"flip", "arrange", true},
      {"roll", "arrange", true},
      {"rot90", "arrange", true},
      {"repeat", "arrange", true},
      {"tile", "arrange", true},
      {"repeat_interleave", "arrange", true},
      {"tril", "arrange", true},
      {"triu", "arrange", true},
      {"one_hot", "arrange", false},
      {"constant_pad_nd", "arrange", true},
      {"pad", "arrange", true},
      // sort.cpp
      {"sort", "sort", true},
      {"argsort", "sort", false},
      {"topk", "sort", true},
      {"kthvalue", "sort", true},
      {"unique", "sort", false},
      {"searchsorted", "sort", false},
      {"bucketize", "sort", false},
  };
  return table;
}

}  // namespace ember
