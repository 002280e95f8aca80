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
      // indexing.cpp
      {"index", "indexing", true},
      {"index_put_", "indexing", true},
      {"index_put", "indexing", true},
      {"nonzero", "indexing", false},
      // shape.cpp
      {"cat", "shape", true},
      {"concat", "shape", true},
      {"stack", "shape", true},
      {"hstack", "shape", true},
      {"vstack", "shape", true},
      {"row_stack", "shape", true},
      {"split", "shape", true},
      {"split_with_sizes", "shape", true},
      {"chunk", "shape", true},
      {"unbind", "shape", true},
      // scatter_gather.cpp
      {"index_select", "shape", true},
      {"gather", "shape", true},
      {"scatter", "shape", true},
      {"scatter_add", "shape", true},
      {"scatter_reduce", "shape", true},
      {"index_add", "shape", true},
      {"index_copy", "shape", true},
      {"index_fill", "shape", true},
      {"masked_fill", "shape", true},
      {"masked_select", "shape", true},
      {"masked_scatter", "shape", true},
      {"take", "shape", true},
      {"scatter_", "shape", true},
      {"scatter_add_", "shape", true},
      {"scatter_reduce_", "shape", true},
      {"index_add_", "shape", true},
      {"index_copy_", "shape", true},
      {"index_fill_", "shape", true},
      {"masked_fill_", "shape", true},
      {"masked_scatter_", "shape", true},
  };
  return table;
}

}  // namespace ember
