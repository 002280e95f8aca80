// Difftest cases for src/ops/reduce.cpp.
#include "difftest/harness.h"

namespace ember::difftest {
namespace {

const bool registered = [] {
  unary_cases("sum", kAllTypes, [](auto& x) { return sum(x[0]); }, [](auto& x) { return torch::sum(x[0]); });
  unary_cases("sum", kAllTypesButBool, [](auto& x) { return sum(x[0], {-1}, true); },
              [](auto& x) { return torch::sum(x[0], {-1}, true); });
  unary_cases("sum", {kFloat, kDouble, kInt}, [](auto& x) { return sum(x[0], {0}); },
              [](auto& x) { return torch::sum(x[0], {0}); });
  unary_cases("sum", {kFloat, kInt}, [](auto& x) { return sum(x[0], {}, false, kDouble); },
              [](auto& x) { return torch::sum(x[0], torch::kDouble); });
  add_error_case("sum", "dim out of range", [] { sum(empty({2, 3}), {2}); },
                 [] { torch::sum(torch::empty({2, 3}), {2}); });
  add_error_case("sum", "repeated dim", [] { sum(empty({2, 3}), {1, 1}); },
                 [] { torch::sum(torch::empty({2, 3}), {1, 1}); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
