#pragma once
// The difftest harness: every op of the op table runs on the same inputs in ember and LibTorch,
// forward and (for differentiable ops on floating dtypes) backward, over dtypes and input
// layouts. A "case" is one op x dtype x layout. Family files register cases at static-init
// time; DifftestAll.Cases runs them and prints "difftest: N cases, N passed, 0 failed".
//
// Adding an op: one call to unary_cases / binary_cases / add_case in the family's file.
#include <functional>
#include <string>
#include <vector>

#include "difftest/torch_bridge.h"

namespace ember::difftest {

enum class Layout { Contiguous, Transposed, Sliced, Expanded, ZeroSize, ZeroDim };
std::string to_string(Layout layout);
constexpr Layout kAllLayouts[] = {Layout::Contiguous, Layout::Transposed, Layout::Sliced,
                                  Layout::Expanded,   Layout::ZeroSize,   Layout::ZeroDim};

// Comparison tolerances, stated once per dtype (close to torch.testing's defaults).
struct Tolerance {
  double rtol, atol;
};
Tolerance tolerance_for(ScalarType dtype);

// Dtype groups. Inline variables defined in this header are initialised before the
// registrations that follow them in every test file (no static-initialisation-order trap).
inline const std::vector<ScalarType> kFloatingTypes = {kHalf, kBFloat16, kFloat, kDouble};
inline const std::vector<ScalarType> kIntegralTypes = {kByte, kChar, kShort, kInt, kLong};
inline const std::vector<ScalarType> kAllTypes = {kBool, kByte, kChar, kShort, kInt,
                                                  kLong, kHalf, kBFloat16, kFloat, kDouble};
inline const std::vector<ScalarType> kAllTypesButBool = {kByte, kChar, kShort, kInt, kLong,
                                                         kHalf, kBFloat16, kFloat, kDouble};

// A deterministic pseudo-random input: values uniform in [lo, hi] (integral dtypes: rounded;
// bool: random), shaped `shape` and laid out per `layout` (Transposed: a transposed view,
// Sliced: every other element of a larger tensor, Expanded: a broadcast view with stride 0).
// ZeroSize/ZeroDim ignore `shape` and give shape [0, 3] / [].
Tensor make_input(IntArrayRef shape, ScalarType dtype, Layout layout, uint64_t seed,
                  double lo = -2.0, double hi = 2.0);

// "" when ember's result equals LibTorch's (same shape, same dtype, values within tol; NaN
// matches NaN, infinities match by sign), otherwise a description of the first mismatch.
std::string compare(const Tensor& ours, const torch::Tensor& theirs, Tolerance tol);

struct Case {
  std::string op;     // op table name
  std::string label;  // e.g. "float32/transposed/[3, 4]"
  std::function<std::string()> run;  // "" on pass, else why it failed
};
void add_case(Case c);
const std::vector<Case>& all_cases();

// A bad call: both libraries must reject it; ember with an ember::Error naming `op`.
void add_error_case(const std::string& op, const std::string& label,
                    std::function<void()> ember_call, std::function<void()> torch_call);

using EmberFn = std::function<Tensor(const std::vector<Tensor>&)>;
using TorchFn = std::function<torch::Tensor(const std::vector<torch::Tensor>&)>;

// Runs ember_fn and torch_fn on the same inputs; compares outputs and, when `check_grad` and
// the output is floating, the gradients of sum(out * g) w.r.t. every floating input (g random).
std::string run_and_compare(const std::vector<Tensor>& inputs, const EmberFn& ember_fn,
                            const TorchFn& torch_fn, bool check_grad, uint64_t seed);

// ---- gradcheck / gradgradcheck over the op table -------------------------------------------
// float64 finite differences of ember alone, first and second order. unary_cases and
// binary_cases register these automatically for differentiable ops that take float64;
// ops tested through add_case register theirs with add_gradcheck_case.
struct GradcheckCase {
  std::string op;
  std::string label;
  std::function<std::vector<Tensor>()> make_inputs;  // float64 inputs to differentiate (others as is)
  EmberFn fn;
};
void add_gradcheck_case(GradcheckCase c);
const std::vector<GradcheckCase>& all_gradcheck_cases();
// "" when gradcheck and gradgradcheck pass, kNotApplicable when the function is not finite
// at the inputs, else the failure.
inline const std::string kNotApplicable = "not applicable";
std::string run_gradcheck(const GradcheckCase& c);

struct Domain {
  double lo = -2.0, hi = 2.0;
};

// op(x) over every dtype in `dtypes` x every layout, on shapes [5], [3, 4], [2, 3, 4].
void unary_cases(const std::string& op, const std::vector<ScalarType>& dtypes,
                 const EmberFn& ember_fn, const TorchFn& torch_fn, Domain domain = {},
                 bool differentiable = true);
// op(a, b) over every dtype pair (a, b) in `dtypes` (same dtype) x layouts, plus broadcasting
// shape pairs and mixed-dtype pairs (promotion).
void binary_cases(const std::string& op, const std::vector<ScalarType>& dtypes,
                  const EmberFn& ember_fn, const TorchFn& torch_fn, Domain domain = {},
                  bool differentiable = true);

}  // namespace ember::difftest
