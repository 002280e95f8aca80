// Difftest cases for src/ops/reduce.cpp.
#include <cmath>
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

const std::vector<ScalarType> kNoReducedFloat = {kBool, kByte, kChar, kShort, kInt, kLong, kFloat, kDouble};
constexpr double kInf = std::numeric_limits<double>::infinity();

using EmberTuple = std::function<std::tuple<Tensor, Tensor>(const std::vector<Tensor>&)>;
using TorchTuple = std::function<std::tuple<torch::Tensor, torch::Tensor>(const std::vector<torch::Tensor>&)>;

// A (values, indices)-returning op: both outputs are compared, gradients through the values.
void tuple_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const EmberTuple& ours,
                 const TorchTuple& theirs, Domain domain = {}, bool differentiable = true) {
  unary_cases(op, dtypes, [ours](auto& x) { return std::get<0>(ours(x)); },
              [theirs](auto& x) { return std::get<0>(theirs(x)); }, domain, differentiable);
  unary_cases(op, dtypes, [ours](auto& x) { return std::get<1>(ours(x)); },
              [theirs](auto& x) { return std::get<1>(theirs(x)); }, domain, false);
}

// As unary_cases, over the given layouts only: for cases where LibTorch's own result is
// implementation-defined on some layouts (median's index among ties in an expanded input).
void layout_cases(const std::string& op, const std::vector<ScalarType>& dtypes, std::vector<Layout> layouts,
                  const EmberFn& ours, const TorchFn& theirs, bool differentiable = true) {
  uint64_t seed = std::hash<std::string>{}(op + "/layouts");
  for (ScalarType dtype : dtypes)
    for (Layout layout : layouts)
      for (std::vector<int64_t> shape : {std::vector<int64_t>{5}, {3, 4}, {2, 3, 4}}) {
        uint64_t s = seed++;
        std::ostringstream label;
        label << dtype << "/" << to_string(layout) << "/" << IntArrayRef(shape);
        add_case({op, label.str(), [=]() {
                    Tensor x = make_input(shape, dtype, layout, s, -100, 100);
                    return run_and_compare({x}, ours, theirs, differentiable, s);
                  }});
      }
}
const std::vector<Layout> kNoExpanded = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::ZeroSize,
                                         Layout::ZeroDim};
// LibTorch 1.13's own std backward fails on empty inputs (its engine rejects the gradient shape).
const std::vector<Layout> kStdLayouts = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::ZeroDim};
// LibTorch's var backward on a 0-dim input with n - correction = 0 is a degenerate inf/NaN.
const std::vector<Layout> kNoZeroDim = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::Expanded,
                                        Layout::ZeroSize};

// One fixed input (e.g. with zeros or ties), forward and gradient.
void fixed_case(const std::string& op, const std::string& label, std::vector<double> values,
                std::vector<int64_t> shape, const EmberFn& ours, const TorchFn& theirs) {
  add_case({op, label, [=]() {
              Tensor x = tensor(detail::TensorLiteral(values), kDouble).reshape(shape);
              return run_and_compare({x}, ours, theirs, true, 7);
            }});
}

const bool registered = [] {
  // ---- sum, mean, prod ----
  unary_cases("sum", kAllTypes, [](auto& x) { return sum(x[0]); }, [](auto& x) { return torch::sum(x[0]); });
  unary_cases("sum", kAllTypes, [](auto& x) { return sum(x[0], {-1}, true); },
              [](auto& x) { return torch::sum(x[0], {-1}, true); });
  unary_cases("sum", {kFloat, kDouble, kInt, kBool}, [](auto& x) { return sum(x[0], {0}); },
              [](auto& x) { return torch::sum(x[0], {0}); });
  unary_cases("sum", {kFloat, kHalf}, [](auto& x) { return sum(x[0], {0, -1}); },
              [](auto& x) { return torch::sum(x[0], at::IntArrayRef{0, -1}); });
  unary_cases("sum", {kFloat, kInt}, [](auto& x) { return sum(x[0], {}, false, kDouble); },
              [](auto& x) { return torch::sum(x[0], torch::kDouble); });
  unary_cases("sum", {kInt, kBool}, [](auto& x) { return sum(x[0], {-1}, false, kByte); },
              [](auto& x) { return torch::sum(x[0], {-1}, false, torch::kByte); });
  unary_cases("mean", kAllTypes, [](auto& x) { return mean(x[0]); }, [](auto& x) { return torch::mean(x[0]); });
  unary_cases("mean", kFloatingTypes, [](auto& x) { return mean(x[0], {-1}, true); },
              [](auto& x) { return torch::mean(x[0], {-1}, true); });
  unary_cases("mean", {kFloat, kDouble}, [](auto& x) { return mean(x[0], {0, -1}); },
              [](auto& x) { return torch::mean(x[0], at::IntArrayRef{0, -1}); });
  unary_cases("mean", {kInt, kFloat}, [](auto& x) { return mean(x[0], {0}, false, kDouble); },
              [](auto& x) { return torch::mean(x[0], {0}, false, torch::kDouble); });
  unary_cases("prod", kAllTypes, [](auto& x) { return prod(x[0]); }, [](auto& x) { return torch::prod(x[0]); },
              {0.5, 1.5});
  unary_cases("prod", kNoReducedFloat, [](auto& x) { return prod(x[0], -1, true); },
              [](auto& x) { return torch::prod(x[0], -1, true); });
  unary_cases("prod", {kHalf, kFloat}, [](auto& x) { return prod(x[0], 0, false, kDouble); },
              [](auto& x) { return torch::prod(x[0], 0, false, torch::kDouble); });
  fixed_case("prod", "one zero/full", {1.5, 0, -2, 3}, {4}, [](auto& x) { return prod(x[0]); },
             [](auto& x) { return torch::prod(x[0]); });
  fixed_case("prod", "zeros/dim", {1.5, 0, -2, 0, 0, 3, 2, 4, 5}, {3, 3}, [](auto& x) { return prod(x[0], 1); },
             [](auto& x) { return torch::prod(x[0], 1); });

  // ---- max, min, amax, amin, argmax, argmin ----
  unary_cases("max", kAllTypes, [](auto& x) { return max(x[0]); }, [](auto& x) { return torch::max(x[0]); });
  unary_cases("min", kAllTypes, [](auto& x) { return min(x[0]); }, [](auto& x) { return torch::min(x[0]); });
  tuple_cases("max", kAllTypes, [](auto& x) { return max(x[0], -1); }, [](auto& x) { return torch::max(x[0], -1); });
  tuple_cases("max", kAllTypes, [](auto& x) { return max(x[0], 0, true); },
              [](auto& x) { return torch::max(x[0], 0, true); });
  tuple_cases("min", kAllTypes, [](auto& x) { return min(x[0], -1, true); },
              [](auto& x) { return torch::min(x[0], -1, true); });
  unary_cases("amax", kAllTypes, [](auto& x) { return amax(x[0]); }, [](auto& x) { return torch::amax(x[0]); });
  unary_cases("amax", kAllTypes, [](auto& x) { return amax(x[0], {0, -1}, true); },
              [](auto& x) { return torch::amax(x[0], {0, -1}, true); });
  unary_cases("amin", kAllTypes, [](auto& x) { return amin(x[0], {-1}); },
              [](auto& x) { return torch::amin(x[0], {-1}); });
  for (const char* op : {"argmax", "argmin"}) {
    bool is_max = std::string(op) == "argmax";
    unary_cases(op, kAllTypes, [is_max](auto& x) { return is_max ? argmax(x[0]) : argmin(x[0]); },
                [is_max](auto& x) { return is_max ? torch::argmax(x[0]) : torch::argmin(x[0]); });
    unary_cases(op, kAllTypesButBool, [is_max](auto& x) { return is_max ? argmax(x[0], -1, true) : argmin(x[0], -1, true); },
                [is_max](auto& x) { return is_max ? torch::argmax(x[0], -1, true) : torch::argmin(x[0], -1, true); });
    unary_cases(op, {kFloat, kInt}, [is_max](auto& x) { return is_max ? argmax(x[0], 0) : argmin(x[0], 0); },
                [is_max](auto& x) { return is_max ? torch::argmax(x[0], 0) : torch::argmin(x[0], 0); });
  }
  fixed_case("max", "NaN and ties", {1, double(NAN), 3, 3}, {4}, [](auto& x) { return max(x[0]); },
             [](auto& x) { return torch::max(x[0]); });
  fixed_case("amax", "ties split", {1, 3, 3, 2, 5, 5}, {2, 3}, [](auto& x) { return amax(x[0], {1}); },
             [](auto& x) { return torch::amax(x[0], {1}); });
  fixed_case("max", "index of first NaN", {1, double(NAN), 3, double(NAN)}, {4},
             [](auto& x) { return std::get<1>(max(x[0], 0)); }, [](auto& x) { return std::get<1>(torch::max(x[0], 0)); });

  // ---- var, std, var_mean, std_mean ----
  unary_cases("var", kAllTypes, [](auto& x) { return var(x[0]); }, [](auto& x) { return torch::var(x[0]); }, {}, false);
  layout_cases("var", {kFloat, kDouble}, kNoZeroDim, [](auto& x) { return var(x[0]); },
               [](auto& x) { return torch::var(x[0]); });
  unary_cases("var", kFloatingTypes, [](auto& x) { return var(x[0], IntArrayRef{-1}, false, true); },
              [](auto& x) { return torch::var(x[0], {-1}, false, true); });
  layout_cases("var", {kFloat, kDouble}, kNoZeroDim, [](auto& x) { return var(x[0], IntArrayRef{0}, true, true); },
               [](auto& x) { return torch::var(x[0], {0}, true, true); });
  unary_cases("var", {kFloat, kDouble}, [](auto& x) { return var(x[0], IntArrayRef{0, -1}, std::optional<int64_t>(2)); },
              [](auto& x) { return torch::var(x[0], at::IntArrayRef{0, -1}, c10::optional<int64_t>(2)); });
  // Expanded inputs have equal values: a std of exactly 0 (gradient masked to 0) or a rounding
  // residue (a finite gradient) depends on summation order, so they are left to "zero spread".
  unary_cases("std", kAllTypes, [](auto& x) { return std(x[0], false); }, [](auto& x) { return torch::std(x[0], false); },
              {}, false);
  layout_cases("std", kFloatingTypes, kStdLayouts, [](auto& x) { return std(x[0], false); },
               [](auto& x) { return torch::std(x[0], false); });
  layout_cases("std", kFloatingTypes, kStdLayouts, [](auto& x) { return std(x[0], IntArrayRef{0}, true, true); },
               [](auto& x) { return torch::std(x[0], {0}, true, true); });
  layout_cases("var_mean", kFloatingTypes, kNoZeroDim, [](auto& x) { return std::get<0>(var_mean(x[0], IntArrayRef{-1}, true, true)); },
               [](auto& x) { return std::get<0>(torch::var_mean(x[0], {-1}, true, true)); });
  layout_cases("var_mean", kFloatingTypes, kNoZeroDim, [](auto& x) { return std::get<1>(var_mean(x[0], IntArrayRef{-1}, true, true)); },
               [](auto& x) { return std::get<1>(torch::var_mean(x[0], {-1}, true, true)); });
  layout_cases("var_mean", {kDouble}, kNoZeroDim, [](auto& x) { return std::get<0>(var_mean(x[0])); },
               [](auto& x) { return std::get<0>(torch::var_mean(x[0])); });
  tuple_cases("std_mean", kFloatingTypes, [](auto& x) { return std_mean(x[0], IntArrayRef{0}, std::optional<int64_t>(0)); },
              [](auto& x) { return torch::std_mean(x[0], {0}, c10::optional<int64_t>(0)); });
  fixed_case("std", "zero spread", {2, 2, 2}, {3}, [](auto& x) { return std(x[0]); },
             [](auto& x) { return torch::std(x[0]); });

  // ---- norm ----
  for (double p : {2.0, 1.0, kInf, -kInf, 0.0}) {
    unary_cases("norm", kAllTypes, [p](auto& x) { return norm(x[0], p); }, [p](auto& x) { return torch::norm(x[0], p); });
    unary_cases("norm", kFloatingTypes, [p](auto& x) { return norm(x[0], p, {-1}, true); },
                [p](auto& x) { return torch::norm(x[0], p, {-1}, true); });
  }
  unary_cases("norm", kFloatingTypes, [](auto& x) { return norm(x[0], 3, {0}); },
              [](auto& x) { return torch::norm(x[0], 3, {0}); });
  unary_cases("norm", {kFloat, kDouble}, [](auto& x) { return norm(x[0], 1.5, {-1}, true); },
              [](auto& x) { return torch::norm(x[0], 1.5, {-1}, true); });
  unary_cases("norm", {kDouble}, [](auto& x) { return norm(x[0], 0.5); }, [](auto& x) { return torch::norm(x[0], 0.5); });
  unary_cases("norm", {kHalf, kFloat}, [](auto& x) { return norm(x[0], 2, {0, -1}, false, kDouble); },
              [](auto& x) { return torch::norm(x[0], 2, at::IntArrayRef{0, -1}, false, torch::kDouble); });
  unary_cases("norm", {kFloat, kDouble}, [](auto& x) { return norm(x[0], "fro", {-1}); },
              [](auto& x) { return torch::frobenius_norm(x[0], {-1}); });
  fixed_case("norm", "zero vector p=2", {0, 0, 0}, {3}, [](auto& x) { return norm(x[0]); },
             [](auto& x) { return torch::norm(x[0]); });
  fixed_case("norm", "inf ties", {1, -3, 3}, {3}, [](auto& x) { return norm(x[0], kInf); },
             [](auto& x) { return torch::norm(x[0], kInf); });

  // ---- logsumexp ----
  unary_cases("logsumexp", kAllTypes, [](auto& x) { return logsumexp(x[0], {-1}); },
              [](auto& x) { return torch::logsumexp(x[0], {-1}); }, {-30, 30});
  unary_cases("logsumexp", {kFloat, kDouble}, [](auto& x) { return logsumexp(x[0], {0, -1}, true); },
              [](auto& x) { return torch::logsumexp(x[0], at::IntArrayRef{0, -1}, true); }, {-100, 100});
  add_case({"logsumexp", "infinities", [] {
              Tensor x = tensor({{kInf, 1.0}, {-kInf, -kInf}, {double(NAN), 1.0}}, kDouble);
              return run_and_compare({x}, [](auto& v) { return logsumexp(v[0], {1}); },
                                     [](auto& v) { return torch::logsumexp(v[0], {1}); }, false, 3);
            }});

  // ---- all, any, count_nonzero ----
  unary_cases("all", kAllTypes, [](auto& x) { return all(x[0]); }, [](auto& x) { return torch::all(x[0]); }, {0, 2});
  unary_cases("all", kAllTypes, [](auto& x) { return all(x[0], -1, true); },
              [](auto& x) { return torch::all(x[0], -1, true); }, {0, 2});
  unary_cases("any", kAllTypes, [](auto& x) { return any(x[0]); }, [](auto& x) { return torch::any(x[0]); }, {0, 0.6});
  unary_cases("any", kAllTypes, [](auto& x) { return any(x[0], 0); }, [](auto& x) { return torch::any(x[0], 0); },
              {0, 0.6});
  unary_cases("count_nonzero", kAllTypes, [](auto& x) { return count_nonzero(x[0]); },
              [](auto& x) { return torch::count_nonzero(x[0]); });
  unary_cases("count_nonzero", kAllTypes, [](auto& x) { return count_nonzero(x[0], std::vector<int64_t>{-1, 0}); },
              [](auto& x) { return torch::count_nonzero(x[0], std::vector<int64_t>{-1, 0}); });

  // ---- cumsum, cumprod ----
  unary_cases("cumsum", kAllTypes, [](auto& x) { return cumsum(x[0], 0); }, [](auto& x) { return torch::cumsum(x[0], 0); });
  unary_cases("cumsum", kAllTypes, [](auto& x) { return cumsum(x[0], -1); }, [](auto& x) { return torch::cumsum(x[0], -1); });
  unary_cases("cumsum", {kInt, kHalf}, [](auto& x) { return cumsum(x[0], -1, kFloat); },
              [](auto& x) { return torch::cumsum(x[0], -1, torch::kFloat); });
  unary_cases("cumprod", kAllTypes, [](auto& x) { return cumprod(x[0], -1); },
              [](auto& x) { return torch::cumprod(x[0], -1); }, {0.5, 1.5});
  unary_cases("cumprod", {kFloat, kDouble, kLong}, [](auto& x) { return cumprod(x[0], 0); },
              [](auto& x) { return torch::cumprod(x[0], 0); }, {0.5, 1.5});

  // ---- median, mode ----
  // The index among equal medians is implementation-defined (PyTorch documents it as
  // nondeterministic): indices and gradients are compared where values are distinct.
  unary_cases("median", kAllTypes, [](auto& x) { return median(x[0]); }, [](auto& x) { return torch::median(x[0]); },
              {-100, 100}, false);
  layout_cases("median", {kFloat, kDouble}, kNoExpanded, [](auto& x) { return median(x[0]); },
               [](auto& x) { return torch::median(x[0]); });
  unary_cases("median", kAllTypes, [](auto& x) { return std::get<0>(median(x[0], -1)); },
              [](auto& x) { return std::get<0>(torch::median(x[0], -1)); }, {-100, 100}, false);
  layout_cases("median", {kFloat, kDouble, kBFloat16}, kNoExpanded, [](auto& x) { return std::get<1>(median(x[0], -1)); },
               [](auto& x) { return std::get<1>(torch::median(x[0], -1)); }, false);
  layout_cases("median", {kFloat, kDouble}, kNoExpanded, [](auto& x) { return std::get<0>(median(x[0], 0, true)); },
               [](auto& x) { return std::get<0>(torch::median(x[0], 0, true)); });
  tuple_cases("mode", kAllTypes, [](auto& x) { return mode(x[0], -1); }, [](auto& x) { return torch::mode(x[0], -1); });
  tuple_cases("mode", {kFloat, kInt}, [](auto& x) { return mode(x[0], 0, true); },
              [](auto& x) { return torch::mode(x[0], 0, true); });

  // ---- errors ----
  add_error_case("sum", "dim out of range", [] { sum(empty({2, 3}), {2}); },
                 [] { torch::sum(torch::empty({2, 3}), {2}); });
  add_error_case("sum", "repeated dim", [] { sum(empty({2, 3}), {1, 1}); },
                 [] { torch::sum(torch::empty({2, 3}), {1, 1}); });
  add_error_case("amax", "repeated dim", [] { amax(empty({2, 3}), {0, -2}); },
                 [] { torch::amax(torch::empty({2, 3}), {0, -2}); });
  add_error_case("mean", "mean of int", [] { mean(zeros({2, 3}, kInt)); },
                 [] { torch::mean(torch::zeros({2, 3}, torch::kInt)); });
  add_error_case("mean", "int dtype", [] { mean(zeros({2, 3}), {}, false, kLong); },
                 [] { torch::mean(torch::zeros({2, 3}), at::IntArrayRef{}, false, torch::kLong); });
  add_error_case("max", "max of empty", [] { max(empty({0, 3})); }, [] { torch::max(torch::empty({0, 3})); });
  add_error_case("max", "empty reduced dim", [] { max(empty({0, 3}), 0); }, [] { torch::max(torch::empty({0, 3}), 0); });
  add_error_case("amin", "amin of empty", [] { amin(empty({0})); }, [] { torch::amin(torch::empty({0})); });
  add_error_case("argmax", "argmax of empty", [] { argmax(empty({0})); }, [] { torch::argmax(torch::empty({0})); });
  add_error_case("argmax", "bool", [] { argmax(zeros({3}, kBool)); }, [] { torch::argmax(torch::zeros({3}, torch::kBool)); });
  add_error_case("var", "var of int", [] { var(zeros({3}, kInt)); }, [] { torch::var(torch::zeros({3}, torch::kInt)); });
  add_error_case("std", "std of long", [] { std(zeros({3}, kLong), IntArrayRef{0}); },
                 [] { torch::std(torch::zeros({3}, torch::kLong), {0}); });
  add_error_case("norm", "norm of int", [] { norm(zeros({3}, kInt)); }, [] { torch::norm(torch::zeros({3}, torch::kInt)); });
  add_error_case("norm", "int dtype", [] { norm(zeros({3}), 2, {0}, false, kInt); },
                 [] { torch::norm(torch::zeros({3}), 2, {0}, false, torch::kInt); });
  add_error_case("prod", "half", [] { prod(zeros({3}, kHalf)); }, [] { torch::prod(torch::zeros({3}, torch::kHalf)); });
  add_error_case("cumsum", "dim out of range", [] { cumsum(zeros({2, 3}), 2); },
                 [] { torch::cumsum(torch::zeros({2, 3}), 2); });
  add_error_case("cumsum", "half", [] { cumsum(zeros({3}, kHalf), 0); },
                 [] { torch::cumsum(torch::zeros({3}, torch::kHalf), 0); });
  add_error_case("all", "dim out of range", [] { all(zeros({2, 3}), 2); }, [] { torch::all(torch::zeros({2, 3}), 2); });
  add_error_case("count_nonzero", "repeated dim", [] { count_nonzero(zeros({2, 3}), IntArrayRef{0, 0}); },
                 [] { torch::count_nonzero(torch::zeros({2, 3}), std::vector<int64_t>{0, 0}); });
  add_error_case("median", "bool", [] { median(zeros({3}, kBool)); }, [] { torch::median(torch::zeros({3}, torch::kBool)); });
  add_error_case("median", "empty reduced dim", [] { median(empty({0, 3}), 0); },
                 [] { torch::median(torch::empty({0, 3}), 0); });
  add_error_case("mode", "empty reduced dim", [] { mode(empty({0, 3}), 0); }, [] { torch::mode(torch::empty({0, 3}), 0); });
  add_error_case("logsumexp", "half", [] { logsumexp(zeros({3}, kHalf), {0}); },
                 [] { torch::logsumexp(torch::zeros({3}, torch::kHalf), {0}); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
