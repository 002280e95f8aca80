#pragma once
// The op table (DESIGN.md section 4): one entry per public op, so tests can iterate over every
// op (difftest, gradcheck) and an op without a test case fails a test.
#include <string_view>
#include <vector>

namespace ember {

struct OpInfo {
  std::string_view name;    // the free function's name, e.g. "add"
  std::string_view family;  // the src/ops/<family>.cpp that defines it
  bool differentiable;      // has a backward formula (false: integer/boolean results)
};

const std::vector<OpInfo>& op_table();

}  // namespace ember
