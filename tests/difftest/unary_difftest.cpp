// Difftest cases for src/ops/unary.cpp and src/ops/activation.cpp.
//
// Dtype lists follow LibTorch 1.13's CPU kernels. Where LibTorch rejects a dtype the op is
// defined for in principle (most floating functions have no float16 CPU kernel in 1.13) ember
// computes it anyway, so that dtype is left out here; where LibTorch rejects a dtype by design
// (exp of bool is fine, gelu of int is not) both libraries must reject it, and the case passes.
#include <cmath>
#include <limits>
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

// All dtypes but float16 (no LibTorch 1.13 CPU kernel), optionally without bool.
std::vector<ScalarType> without_half(const std::vector<ScalarType>& types) {
  std::vector<ScalarType> out;
  for (ScalarType t : types)
    if (t != kHalf) out.push_back(t);
  return out;
}
const std::vector<ScalarType> kAllButHalf = without_half(kAllTypes);
const std::vector<ScalarType> kNumericButHalf = without_half(kAllTypesButBool);
// Activations: integers must be rejected by both; bfloat16, float and double computed.
const std::vector<ScalarType> kActivationTypes = {kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};

// Special values: NaN, +-inf, signed zeros, halves (round-half-to-even), large and tiny values.
Tensor special_values(ScalarType dtype) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> v = {std::nan(""), inf, -inf, 0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5,
                           1e30,         -1e30, 1e-30, 3.0, -3.0, 25.0, -25.0, 0.9999, 100.0, -100.0};
  return from_blob(v.data(), {static_cast<int64_t>(v.size())}, kDouble).clone().to(dtype);
}

// op over special values, forward only (gradients at infinities are not comparable).
void special_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const EmberFn& ember_fn,
                   const TorchFn& torch_fn) {
  for (ScalarType dtype : dtypes) {
    std::ostringstream label;
    label << dtype << "/special-values";
    add_case({op, label.str(), [=]() { return run_and_compare({special_values(dtype)}, ember_fn, torch_fn, false, 7); }});
  }
}

#define UNARY(op, dtypes, ...)                                                                                \
  unary_cases(#op, dtypes, [](auto& x) { return op(x[0]); }, [](auto& x) { return torch::op(x[0]); }, \
              ##__VA_ARGS__)

const bool registered = [] {
  // ---- math ------------------------------------------------------------------------------
  UNARY(neg, kAllTypesButBool);
  UNARY(abs, kAllTypesButBool);
  UNARY(sign, kAllTypes);
  UNARY(reciprocal, kAllTypes, {0.5, 3.0});
  unary_cases("reciprocal", kFloatingTypes, [](auto& x) { return reciprocal(x[0]); },
              [](auto& x) { return torch::reciprocal(x[0]); }, {-3.0, -0.5});
  UNARY(sqrt, kAllButHalf, {0.1, 5.0});
  UNARY(rsqrt, kAllButHalf, {0.1, 5.0});
  UNARY(exp, kAllButHalf);
  UNARY(exp2, kAllTypes);
  UNARY(expm1, kAllButHalf);
  UNARY(log, kAllButHalf, {0.1, 5.0});
  UNARY(log2, kAllButHalf, {0.1, 5.0});
  UNARY(log10, kAllButHalf, {0.1, 5.0});
  UNARY(log1p, kAllButHalf, {-0.9, 5.0});
  UNARY(sin, kAllButHalf, {-4.0, 4.0});
  UNARY(cos, kAllButHalf, {-4.0, 4.0});
  UNARY(tan, kAllButHalf, {-1.2, 1.2});
  UNARY(asin, kAllButHalf, {-0.9, 0.9});
  UNARY(acos, kAllButHalf, {-0.9, 0.9});
  UNARY(atan, kAllButHalf, {-4.0, 4.0});
  UNARY(sinh, kAllButHalf);
  UNARY(cosh, kAllButHalf);
  UNARY(tanh, kAllButHalf, {-4.0, 4.0});
  UNARY(sigmoid, kAllButHalf, {-6.0, 6.0});
  UNARY(logit, kAllButHalf, {0.05, 0.95});
  unary_cases("logit", kAllButHalf, [](auto& x) { return logit(x[0], 0.2); },
              [](auto& x) { return torch::logit(x[0], 0.2); }, {0.05, 0.95});
  UNARY(erf, kAllButHalf);
  UNARY(erfc, kAllButHalf);
  UNARY(erfinv, kAllButHalf, {-0.9, 0.9});
  const std::vector<ScalarType> rounding = {kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};
  UNARY(floor, rounding, {-5.0, 5.0});
  UNARY(ceil, rounding, {-5.0, 5.0});
  UNARY(round, rounding, {-5.0, 5.0});
  UNARY(trunc, rounding, {-5.0, 5.0});
  unary_cases("round", {kBFloat16, kFloat, kDouble}, [](auto& x) { return round(x[0], 2); },
              [](auto& x) { return torch::round(x[0], 2); }, {-5.0, 5.0});
  unary_cases("round", {kBFloat16, kFloat, kDouble}, [](auto& x) { return round(x[0], -1); },
              [](auto& x) { return torch::round(x[0], -1); }, {-50.0, 50.0});
  UNARY(frac, kFloatingTypes, {-5.0, 5.0});
  UNARY(isnan, kAllTypes, {}, false);
  UNARY(isinf, kAllTypes, {}, false);
  UNARY(isfinite, kAllTypes, {}, false);
  UNARY(nan_to_num, kAllTypes);
  unary_cases("nan_to_num", kAllTypes, [](auto& x) { return nan_to_num(x[0], 1.5, 100.0, -1e40); },
              [](auto& x) { return torch::nan_to_num(x[0], 1.5, 100.0, -1e40); });

  // Special values through every math op that has a float and double kernel.
#define SPECIAL(op)                                                                                 \
  special_cases(#op, {kFloat, kDouble, kBFloat16}, [](auto& x) { return op(x[0]); }, \
                [](auto& x) { return torch::op(x[0]); })
  SPECIAL(neg); SPECIAL(abs); SPECIAL(sign); SPECIAL(reciprocal); SPECIAL(sqrt); SPECIAL(rsqrt);
  SPECIAL(exp); SPECIAL(exp2); SPECIAL(expm1); SPECIAL(log); SPECIAL(log2); SPECIAL(log10);
  SPECIAL(log1p); SPECIAL(sin); SPECIAL(cos); SPECIAL(atan); SPECIAL(sinh); SPECIAL(cosh);
  SPECIAL(tanh); SPECIAL(sigmoid); SPECIAL(erf); SPECIAL(erfc); SPECIAL(floor); SPECIAL(ceil);
  SPECIAL(round); SPECIAL(trunc); SPECIAL(frac); SPECIAL(isnan); SPECIAL(isinf); SPECIAL(isfinite);
  SPECIAL(nan_to_num); SPECIAL(relu); SPECIAL(relu6); SPECIAL(hardtanh); SPECIAL(leaky_relu);
  SPECIAL(elu); SPECIAL(selu); SPECIAL(celu); SPECIAL(gelu); SPECIAL(silu); SPECIAL(softplus);
  SPECIAL(hardsigmoid); SPECIAL(hardswish);
  special_cases("nan_to_num", {kHalf, kBFloat16, kFloat, kDouble}, [](auto& x) { return nan_to_num(x[0], 1.5, 1e5, -1e40); },
                [](auto& x) { return torch::nan_to_num(x[0], 1.5, 1e5, -1e40); });
  special_cases("mish", {kFloat, kDouble}, [](auto& x) { return mish(x[0]); }, [](auto& x) { return torch::mish(x[0]); });
  special_cases("erfinv", {kFloat, kDouble}, [](auto& x) { return erfinv(x[0]); }, [](auto& x) { return torch::erfinv(x[0]); });
  special_cases("gelu", {kFloat, kDouble}, [](auto& x) { return gelu(x[0], "tanh"); },
                [](auto& x) { return torch::gelu(x[0], "tanh"); });
#undef SPECIAL

  // In-place forms, forward only: their gradients flow through clone's backward (autograd).
  unary_cases("exp", {kBFloat16, kFloat, kDouble}, [](auto& x) { Tensor y = x[0].clone(); y.exp_(); return y; },
              [](auto& x) { auto y = x[0].clone(); return y.exp_(); }, {}, false);
  unary_cases("neg", kAllTypesButBool, [](auto& x) { Tensor y = x[0].clone(); return Tensor(neg_(y)); },
              [](auto& x) { auto y = x[0].clone(); return torch::neg_(y); }, {}, false);
  unary_cases("floor", kNumericButHalf, [](auto& x) { Tensor y = x[0].clone(); return y.floor_(); },
              [](auto& x) { auto y = x[0].clone(); return y.floor_(); }, {-5.0, 5.0}, false);
  unary_cases("relu", kNumericButHalf, [](auto& x) { Tensor y = x[0].clone(); return y.relu_(); },
              [](auto& x) { auto y = x[0].clone(); return y.relu_(); }, {}, false);
  unary_cases("gelu", {kFloat, kDouble}, [](auto& x) { Tensor y = x[0].clone(); return Tensor(gelu_(y, "tanh")); },
              [](auto& x) { auto y = x[0].clone(); return torch::gelu_(y, "tanh"); }, {}, false);
  unary_cases("hardtanh", {kInt, kFloat}, [](auto& x) { Tensor y = x[0].clone(); return Tensor(hardtanh_(y, -0.5, 1.5)); },
              [](auto& x) { auto y = x[0].clone(); return torch::hardtanh_(y, -0.5, 1.5); }, {}, false);

  // ---- activations -----------------------------------------------------------------------
  UNARY(relu, kNumericButHalf);
  UNARY(relu6, kNumericButHalf, {-8.0, 8.0});
  UNARY(hardtanh, kNumericButHalf);
  unary_cases("hardtanh", kNumericButHalf, [](auto& x) { return hardtanh(x[0], -0.5, 1.5); },
              [](auto& x) { return torch::hardtanh(x[0], -0.5, 1.5); });
  UNARY(leaky_relu, kActivationTypes);
  unary_cases("leaky_relu", kActivationTypes, [](auto& x) { return leaky_relu(x[0], 0.2); },
              [](auto& x) { return torch::leaky_relu(x[0], 0.2); });
  UNARY(elu, kActivationTypes);
  unary_cases("elu", kActivationTypes, [](auto& x) { return elu(x[0], 0.5, 2.0, 1.5); },
              [](auto& x) { return torch::elu(x[0], 0.5, 2.0, 1.5); });
  UNARY(selu, kActivationTypes);
  UNARY(celu, kActivationTypes);
  unary_cases("celu", kActivationTypes, [](auto& x) { return celu(x[0], 2.0); },
              [](auto& x) { return torch::celu(x[0], 2.0); });
  UNARY(gelu, kActivationTypes, {-4.0, 4.0});
  unary_cases("gelu", kActivationTypes, [](auto& x) { return gelu(x[0], "tanh"); },
              [](auto& x) { return torch::gelu(x[0], "tanh"); }, {-4.0, 4.0});
  UNARY(silu, kActivationTypes, {-6.0, 6.0});
  const std::vector<ScalarType> mish_types = {kInt, kFloat, kDouble};  // no bfloat16 kernel in 1.13
  UNARY(mish, mish_types, {-6.0, 6.0});
  UNARY(softplus, kActivationTypes);
  unary_cases("softplus", kActivationTypes, [](auto& x) { return softplus(x[0], 2, 1); },
              [](auto& x) { return torch::softplus(x[0], 2, 1); });
  UNARY(hardsigmoid, kActivationTypes, {-4.0, 4.0});
  UNARY(hardswish, kActivationTypes, {-4.0, 4.0});
  unary_cases("softsign", kAllTypesButBool, [](auto& x) { return softsign(x[0]); },
              [](auto& x) { return torch::nn::functional::softsign(x[0]); });

  // ---- error cases -----------------------------------------------------------------------
  add_error_case("neg", "bool", [] { neg(zeros({3}, kBool)); }, [] { torch::neg(torch::empty({3}, torch::kBool)); });
  add_error_case("neg", "-bool", [] { -zeros({3}, kBool); }, [] { -torch::empty({3}, torch::kBool); });
  add_error_case("abs", "bool", [] { abs(zeros({3}, kBool)); }, [] { torch::abs(torch::empty({3}, torch::kBool)); });
  add_error_case("floor", "bool", [] { floor(zeros({3}, kBool)); }, [] { torch::floor(torch::empty({3}, torch::kBool)); });
  add_error_case("round", "decimals on int", [] { round(empty({3}, kInt), 2); },
                 [] { torch::round(torch::empty({3}, torch::kInt), 2); });
  add_error_case("frac", "int", [] { frac(empty({3}, kLong)); }, [] { torch::frac(torch::empty({3}, torch::kLong)); });
  add_error_case("exp_", "float result into int", [] { empty({3}, kInt).exp_(); },
                 [] { torch::empty({3}, torch::kInt).exp_(); });
  add_error_case("sigmoid_", "float result into bool", [] { sigmoid_(zeros({3}, kBool)); },
                 [] { auto t = torch::empty({3}, torch::kBool); torch::sigmoid_(t); });
  add_error_case("exp_", "leaf requiring grad", [] { empty({3}).set_requires_grad(true).exp_(); },
                 [] { torch::empty({3}, torch::requires_grad()).exp_(); });
  add_error_case("relu", "bool", [] { relu(zeros({3}, kBool)); }, [] { torch::relu(torch::empty({3}, torch::kBool)); });
  add_error_case("hardtanh", "bool", [] { hardtanh(zeros({3}, kBool)); },
                 [] { torch::hardtanh(torch::empty({3}, torch::kBool)); });
  add_error_case("hardtanh", "uint8 with negative limits", [] { hardtanh(empty({3}, kByte)); },
                 [] { torch::hardtanh(torch::empty({3}, torch::kByte)); });
  add_error_case("leaky_relu", "int", [] { leaky_relu(empty({3}, kInt)); },
                 [] { torch::leaky_relu(torch::empty({3}, torch::kInt)); });
  add_error_case("elu", "long", [] { elu(empty({3}, kLong)); }, [] { torch::elu(torch::empty({3}, torch::kLong)); });
  add_error_case("gelu", "bad approximate", [] { gelu(empty({3}), "fast"); },
                 [] { torch::gelu(torch::empty({3}), "fast"); });
  add_error_case("gelu", "int", [] { gelu(empty({3}, kInt)); }, [] { torch::gelu(torch::empty({3}, torch::kInt)); });
  add_error_case("celu", "alpha 0", [] { celu(empty({3}), 0); }, [] { torch::celu(torch::empty({3}), 0); });
  add_error_case("silu", "bool", [] { silu(zeros({3}, kBool)); }, [] { torch::silu(torch::empty({3}, torch::kBool)); });
  add_error_case("softplus", "int", [] { softplus(empty({3}, kInt)); },
                 [] { torch::softplus(torch::empty({3}, torch::kInt)); });
  add_error_case("hardswish", "short", [] { hardswish(empty({3}, kShort)); },
                 [] { torch::hardswish(torch::empty({3}, torch::kShort)); });
  add_error_case("softsign", "bool", [] { softsign(zeros({3}, kBool)); },
                 [] { torch::nn::functional::softsign(torch::empty({3}, torch::kBool)); });
  return true;
}();

#undef UNARY

}  // namespace
}  // namespace ember::difftest
