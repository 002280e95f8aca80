// Difftest cases for src/ops/binary.cpp.
#include "difftest/harness.h"

namespace ember::difftest {
namespace {

const bool registered = [] {
  binary_cases("add", kAllTypes, [](auto& x) { return add(x[0], x[1]); },
               [](auto& x) { return torch::add(x[0], x[1]); });
  binary_cases("add", kAllTypesButBool, [](auto& x) { return add(x[0], x[1], 2); },
               [](auto& x) { return torch::add(x[0], x[1], 2); });
  binary_cases("sub", kAllTypesButBool, [](auto& x) { return sub(x[0], x[1]); },
               [](auto& x) { return torch::sub(x[0], x[1]); });
  binary_cases("mul", kAllTypes, [](auto& x) { return mul(x[0], x[1]); },
               [](auto& x) { return torch::mul(x[0], x[1]); });
  binary_cases("div", kFloatingTypes, [](auto& x) { return div(x[0], x[1]); },
               [](auto& x) { return torch::div(x[0], x[1]); }, {0.5, 3.0});
  binary_cases("div", kAllTypesButBool, [](auto& x) { return div(x[0], x[1], "floor"); },
               [](auto& x) { return torch::div(x[0], x[1], "floor"); }, {1.0, 9.0});
  binary_cases("div", kAllTypesButBool, [](auto& x) { return div(x[0], x[1], "trunc"); },
               [](auto& x) { return torch::div(x[0], x[1], "trunc"); }, {1.0, 9.0});
  // Scalars on either side follow the wrapped-number promotion rule.
  unary_cases("add", kAllTypesButBool, [](auto& x) { return add(x[0], 2.5); },
              [](auto& x) { return torch::add(x[0], 2.5); });
  unary_cases("mul", kAllTypes, [](auto& x) { return x[0] * 3; }, [](auto& x) { return x[0] * 3; });
  unary_cases("div", kAllTypesButBool, [](auto& x) { return 1.5 / x[0]; }, [](auto& x) { return 1.5 / x[0]; },
              {0.5, 3.0});
  add_error_case("add", "shapes [3] and [4]", [] { add(empty({3}), empty({4})); },
                 [] { torch::add(torch::empty({3}), torch::empty({4})); });
  add_error_case("sub", "bool - bool", [] { sub(empty({3}, kBool), empty({3}, kBool)); },
                 [] { torch::sub(torch::empty({3}, torch::kBool), torch::empty({3}, torch::kBool)); });
  add_error_case("div", "bad rounding mode", [] { div(empty({3}), empty({3}), "round"); },
                 [] { torch::div(torch::empty({3}), torch::empty({3}), "round"); });
  add_error_case("add_", "float into int", [] { empty({3}, kInt).add_(empty({3})); },
                 [] { torch::empty({3}, torch::kInt).add_(torch::empty({3})); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
