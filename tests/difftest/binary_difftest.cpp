// Difftest cases for the binary family: src/ops/binary.cpp (arithmetic), compare.cpp,
// logical.cpp (logical and bitwise) and pointwise.cpp (where, clamp, lerp).
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

// Dtype lists. LibTorch 1.13's CPU kernels lack a few dtypes that ember supports (float16
// atan2/lerp/clamp with Scalar or two Tensor bounds, bool clamp with two bounds): those are
// left out here and covered by tests/ops/binary_test.cpp.
const std::vector<ScalarType> kBitwiseTypes = {kBool, kByte, kChar, kShort, kInt, kLong};
const std::vector<ScalarType> kAllButHalf = {kBool, kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};
const std::vector<ScalarType> kAllButBoolHalf = {kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};
const std::vector<ScalarType> kFloatingButHalf = {kBFloat16, kFloat, kDouble};

// Integer division by zero throws in both libraries; these make integral divisors nonzero so
// the cases check values (floating divisors keep their zeros: inf / nan must match too).
Tensor nonzero_divisor(const Tensor& b) { return b.is_floating_point() ? b : where(b == 0, 3, b); }
torch::Tensor nonzero_divisor(const torch::Tensor& b) {
  return b.is_floating_point() ? b : torch::where(b == 0, torch::scalar_tensor(3, b.options()), b);
}

// op(a, b, c) for three tensor operands; dtype_of(k, dtype) gives operand k's dtype (where's
// condition is bool). Same-shape layouts, then broadcasting triples.
using DtypeOf = std::function<ScalarType(int, ScalarType)>;
using ShapeTriples = std::vector<std::vector<std::vector<int64_t>>>;
const ShapeTriples kTernaryBroadcasts = {{{3, 4}, {4}, {3, 1}}, {{2, 1, 4}, {3, 1}, {}}, {{5}, {}, {5}}, {{1}, {2, 3}, {3}}};
// LibTorch 1.13's clamp backward combines masks in place (logical_or_), which throws unless
// self has the full broadcast shape: its broadcasting cases keep self the largest.
const ShapeTriples kSelfFullBroadcasts = {{{3, 4}, {4}, {3, 1}}, {{2, 3, 4}, {3, 1}, {}}, {{5}, {}, {5}}};
void ternary_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const DtypeOf& dtype_of,
                   const EmberFn& ember_fn, const TorchFn& torch_fn, Domain domain = {},
                   const ShapeTriples& broadcasts = kTernaryBroadcasts) {
  uint64_t seed = std::hash<std::string>{}(op + "/ternary");
  for (ScalarType dtype : dtypes) {
    for (Layout layout : kAllLayouts) {
      uint64_t s = seed++;
      std::ostringstream label;
      label << dtype << "/" << to_string(layout) << "/[3, 4]";
      add_case({op, label.str(), [=]() {
                  std::vector<Tensor> in;
                  for (int k = 0; k < 3; ++k)
                    in.push_back(make_input({3, 4}, dtype_of(k, dtype), layout, s + 1000 * k, domain.lo, domain.hi));
                  return run_and_compare(in, ember_fn, torch_fn, true, s);
                }});
    }
    for (const auto& shapes : broadcasts) {
      uint64_t s = seed++;
      std::ostringstream label;
      label << dtype << "/broadcast/" << IntArrayRef(shapes[0]) << "x" << IntArrayRef(shapes[1]) << "x"
            << IntArrayRef(shapes[2]);
      add_case({op, label.str(), [=]() {
                  std::vector<Tensor> in;
                  for (int k = 0; k < 3; ++k)
                    in.push_back(make_input(shapes[k], dtype_of(k, dtype), Layout::Contiguous, s + 1000 * k, domain.lo, domain.hi));
                  return run_and_compare(in, ember_fn, torch_fn, true, s);
                }});
    }
  }
}

ScalarType same_dtype(int, ScalarType dtype) { return dtype; }
ScalarType bool_then_dtype(int k, ScalarType dtype) { return k == 0 ? kBool : dtype; }

// Exact inputs for semantic edge cases (ties, NaN, min > max, integer corners).
Tensor doubles(std::vector<double> v, ScalarType dtype) {
  return from_blob(v.data(), {static_cast<int64_t>(v.size())}, kDouble).clone().to(dtype);
}
void exact_case(const std::string& op, const std::string& label, std::vector<Tensor> inputs,
                const EmberFn& ember_fn, const TorchFn& torch_fn) {
  add_case({op, "exact/" + label, [=]() { return run_and_compare(inputs, ember_fn, torch_fn, true, 7); }});
}

void arithmetic_cases() {
  binary_cases("add", kAllTypes, [](auto& x) { return add(x[0], x[1]); },
               [](auto& x) { return torch::add(x[0], x[1]); });
  binary_cases("add", kAllTypesButBool, [](auto& x) { return add(x[0], x[1], 2); },
               [](auto& x) { return torch::add(x[0], x[1], 2); });
  binary_cases("add", {kBool}, [](auto& x) { return add(x[0], x[1], 0); },
               [](auto& x) { return torch::add(x[0], x[1], 0); });
  // out= forms: into a preallocated tensor of the broadcast shape and result dtype (the kernel
  // writes it directly), into an empty one (resized), and into a wider dtype (cast on copy).
  for (bool preallocated : {true, false}) {
    auto out_e = [preallocated](const Tensor& a, const Tensor& b, ScalarType dtype) {
      return preallocated ? empty(broadcast_shapes(a.sizes(), b.sizes(), "add_out"), dtype) : empty({0}, dtype);
    };
    auto out_t = [preallocated](const torch::Tensor& a, const torch::Tensor& b, torch::ScalarType dtype) {
      return preallocated ? torch::empty(torch::infer_size(a.sizes(), b.sizes()), dtype) : torch::empty({0}, dtype);
    };
    binary_cases("add_out", kAllTypesButBool, [out_e](auto& x) { Tensor o = out_e(x[0], x[1], result_type(x[0], x[1]));
                   return add_out(o, x[0], x[1], 2); },
                 [out_t](auto& x) { torch::Tensor o = out_t(x[0], x[1], torch::result_type(x[0], x[1]));
                   return torch::add_out(o, x[0], x[1], 2); }, {}, false);
    binary_cases("mul_out", kAllTypes, [out_e](auto& x) { Tensor o = out_e(x[0], x[1], result_type(x[0], x[1]));
                   return mul_out(o, x[0], x[1]); },
                 [out_t](auto& x) { torch::Tensor o = out_t(x[0], x[1], torch::result_type(x[0], x[1]));
                   return torch::mul_out(o, x[0], x[1]); }, {}, false);
  }
  binary_cases("add_out", {kFloat, kInt}, [](auto& x) { Tensor o = empty({0}, kDouble); return add_out(o, x[0], x[1]); },
               [](auto& x) { torch::Tensor o = torch::empty({0}, torch::kDouble); return torch::add_out(o, x[0], x[1]); },
               {}, false);
  binary_cases("sub", kAllTypesButBool, [](auto& x) { return sub(x[0], x[1]); },
               [](auto& x) { return torch::sub(x[0], x[1]); });
  binary_cases("sub", kAllTypesButBool, [](auto& x) { return rsub(x[0], x[1], 3); },
               [](auto& x) { return torch::rsub(x[0], x[1], 3); });
  binary_cases("mul", kAllTypes, [](auto& x) { return mul(x[0], x[1]); },
               [](auto& x) { return torch::mul(x[0], x[1]); });
  binary_cases("div", kAllTypes, [](auto& x) { return div(x[0], x[1]); },
               [](auto& x) { return torch::div(x[0], x[1]); }, {0.5, 3.0});
  binary_cases("div", kAllTypesButBool, [](auto& x) { return div(x[0], nonzero_divisor(x[1]), "floor"); },
               [](auto& x) { return torch::div(x[0], nonzero_divisor(x[1]), "floor"); }, {-9.0, 9.0});
  binary_cases("div", kAllTypesButBool, [](auto& x) { return div(x[0], nonzero_divisor(x[1]), "trunc"); },
               [](auto& x) { return torch::div(x[0], nonzero_divisor(x[1]), "trunc"); }, {-9.0, 9.0});
  // Scalars on either side follow the wrapped-number promotion rule.
  unary_cases("add", kAllTypes, [](auto& x) { return add(x[0], 2.5); }, [](auto& x) { return torch::add(x[0], 2.5); });
  unary_cases("add", kAllTypes, [](auto& x) { return 3 + x[0]; }, [](auto& x) { return 3 + x[0]; });
  unary_cases("add", kAllTypes, [](auto& x) { return x[0] + true; }, [](auto& x) { return x[0] + true; });
  unary_cases("sub", kAllTypesButBool, [](auto& x) { return x[0] - 1.5; }, [](auto& x) { return x[0] - 1.5; });
  unary_cases("sub", kAllTypesButBool, [](auto& x) { return 2.5 - x[0]; }, [](auto& x) { return 2.5 - x[0]; });
  unary_cases("sub", kAllTypesButBool, [](auto& x) { return rsub(x[0], 2); }, [](auto& x) { return torch::rsub(x[0], 2); });
  unary_cases("mul", kAllTypes, [](auto& x) { return x[0] * 3; }, [](auto& x) { return x[0] * 3; });
  unary_cases("mul", kAllTypes, [](auto& x) { return 2.5 * x[0]; }, [](auto& x) { return 2.5 * x[0]; });
  unary_cases("div", kAllTypes, [](auto& x) { return x[0] / 4; }, [](auto& x) { return x[0] / 4; });
  unary_cases("div", kAllTypesButBool, [](auto& x) { return div(x[0], -3, "floor"); },
              [](auto& x) { return torch::div(x[0], -3, "floor"); }, {-9.0, 9.0});
  unary_cases("div", kFloatingTypes, [](auto& x) { return 1.5 / x[0]; }, [](auto& x) { return 1.5 / x[0]; },
              {0.5, 3.0});
  unary_cases("div", kFloatingTypes, [](auto& x) { return x[0] / 0; }, [](auto& x) { return x[0] / 0; });

  binary_cases("remainder", kAllTypesButBool, [](auto& x) { return remainder(x[0], nonzero_divisor(x[1])); },
               [](auto& x) { return torch::remainder(x[0], nonzero_divisor(x[1])); }, {-9.0, 9.0});
  binary_cases("fmod", kAllTypesButBool, [](auto& x) { return fmod(x[0], nonzero_divisor(x[1])); },
               [](auto& x) { return torch::fmod(x[0], nonzero_divisor(x[1])); }, {-9.0, 9.0});
  unary_cases("remainder", kAllTypesButBool, [](auto& x) { return remainder(x[0], -2.5); },
              [](auto& x) { return torch::remainder(x[0], -2.5); }, {-9.0, 9.0});
  unary_cases("remainder", kAllTypesButBool, [](auto& x) { return remainder(x[0], 4); },
              [](auto& x) { return torch::remainder(x[0], 4); }, {-9.0, 9.0});
  unary_cases("remainder", kAllTypesButBool, [](auto& x) { return x[0] % 3; }, [](auto& x) { return x[0] % 3; },
              {-9.0, 9.0});
  unary_cases("remainder", kAllTypesButBool, [](auto& x) { return 7 % nonzero_divisor(x[0]); },
              [](auto& x) { return 7 % nonzero_divisor(x[0]); }, {-9.0, 9.0});
  // remainder(Scalar, Tensor) has no derivative in LibTorch: forward only.
  unary_cases("remainder", kAllTypesButBool, [](auto& x) { return remainder(5.5, x[0]); },
              [](auto& x) { return torch::remainder(5.5, x[0]); }, {-9.0, 9.0}, /*differentiable=*/false);
  unary_cases("fmod", kAllTypesButBool, [](auto& x) { return fmod(x[0], -2.5); },
              [](auto& x) { return torch::fmod(x[0], -2.5); }, {-9.0, 9.0});
  unary_cases("fmod", kAllTypesButBool, [](auto& x) { return fmod(x[0], 4); },
              [](auto& x) { return torch::fmod(x[0], 4); }, {-9.0, 9.0});

  // pow: integer semantics (negative exponent tensors, wrapping) and floating values with
  // both gradients; negative bases to fractional powers give NaN in both.
  binary_cases("pow", kIntegralTypes, [](auto& x) { return pow(x[0], x[1]); },
               [](auto& x) { return torch::pow(x[0], x[1]); }, {-3.0, 3.0});
  // (float16 alone: LibTorch's exponent gradient takes log of a float16 base, which it has no
  // CPU kernel for, so float16 x float mixes are left out.)
  for (const std::vector<ScalarType>& types : {kFloatingButHalf, std::vector<ScalarType>{kHalf}}) {
    binary_cases("pow", types, [](auto& x) { return pow(x[0], x[1]); },
                 [](auto& x) { return torch::pow(x[0], x[1]); }, {0.25, 2.0});
    binary_cases("pow", types, [](auto& x) { return pow(x[0], x[1]); },
                 [](auto& x) { return torch::pow(x[0], x[1]); }, {-2.0, 2.0});
  }
  for (double e : {0.0, 1.0, 2.0, 3.0, 0.5, -0.5, -1.0, -2.0, 2.5, -1.5}) {
    unary_cases("pow", kFloatingTypes, [e](auto& x) { return pow(x[0], e); },
                [e](auto& x) { return torch::pow(x[0], e); }, {0.25, 2.0});
  }
  for (int e : {0, 1, 2, 3, 5}) {
    unary_cases("pow", kAllTypesButBool, [e](auto& x) { return x[0].pow(e); },
                [e](auto& x) { return x[0].pow(e); }, {-3.0, 3.0});
  }
  unary_cases("pow", kAllTypesButBool, [](auto& x) { return pow(x[0], 1.5); },
              [](auto& x) { return torch::pow(x[0], 1.5); }, {0.25, 3.0});
  unary_cases("pow", {kBool}, [](auto& x) { return pow(x[0], 2); }, [](auto& x) { return torch::pow(x[0], 2); });
  unary_cases("pow", kAllTypesButBool, [](auto& x) { return pow(2, x[0]); },
              [](auto& x) { return torch::pow(2, x[0]); }, {-3.0, 3.0});
  unary_cases("pow", kAllTypes, [](auto& x) { return pow(2.5, x[0]); }, [](auto& x) { return torch::pow(2.5, x[0]); });
  unary_cases("pow", kFloatingTypes, [](auto& x) { return pow(0, x[0]); }, [](auto& x) { return torch::pow(0, x[0]); });
  unary_cases("pow", kIntegralTypes, [](auto& x) { return pow(-1, x[0]); }, [](auto& x) { return torch::pow(-1, x[0]); },
              {-3.0, 3.0});
  // 0 ** exponent: the exponent gradient is masked where exponent >= 0; base 0 gradients.
  for (ScalarType t : {kFloat, kDouble}) {
    exact_case("pow", "zero base", {doubles({0, 0, 0, 2, -1}, t), doubles({0, -1, 2, 0, 2}, t)},
               [](auto& x) { return pow(x[0], x[1]); }, [](auto& x) { return torch::pow(x[0], x[1]); });
  }

  // Gradients for floating inputs only: with an integral or bool partner LibTorch 1.13 negates
  // that partner in its own dtype (uint8 wraps, bool throws), ember computes in floating point.
  binary_cases("atan2", kAllButHalf, [](auto& x) { return atan2(x[0], x[1]); },
               [](auto& x) { return torch::atan2(x[0], x[1]); }, {}, /*differentiable=*/false);
  binary_cases("atan2", kFloatingButHalf, [](auto& x) { return atan2(x[0], x[1]); },
               [](auto& x) { return torch::atan2(x[0], x[1]); });
  exact_case("atan2", "signed zeros and infinities",
             {doubles({0.0, -0.0, 1, -1, INFINITY, -INFINITY}, kDouble), doubles({-0.0, -1, 0, 0, INFINITY, 1}, kDouble)},
             [](auto& x) { return atan2(x[0], x[1]); }, [](auto& x) { return torch::atan2(x[0], x[1]); });

  binary_cases("maximum", kAllTypes, [](auto& x) { return maximum(x[0], x[1]); },
               [](auto& x) { return torch::maximum(x[0], x[1]); });
  binary_cases("minimum", kAllTypes, [](auto& x) { return minimum(x[0], x[1]); },
               [](auto& x) { return torch::minimum(x[0], x[1]); });
  binary_cases("fmax", kAllTypes, [](auto& x) { return fmax(x[0], x[1]); },
               [](auto& x) { return torch::fmax(x[0], x[1]); });
  binary_cases("fmin", kAllTypes, [](auto& x) { return fmin(x[0], x[1]); },
               [](auto& x) { return torch::fmin(x[0], x[1]); });
  // Ties split the gradient in half; NaN propagates (maximum) or is ignored (fmax).
  for (ScalarType t : {kFloat, kDouble}) {
    std::vector<Tensor> in = {doubles({1, 2, NAN, 3, NAN, -1}, t), doubles({1, 3, 1, NAN, NAN, -1}, t)};
    exact_case("maximum", "ties and nan", in, [](auto& x) { return maximum(x[0], x[1]); },
               [](auto& x) { return torch::maximum(x[0], x[1]); });
    exact_case("minimum", "ties and nan", in, [](auto& x) { return minimum(x[0], x[1]); },
               [](auto& x) { return torch::minimum(x[0], x[1]); });
    exact_case("fmax", "ties and nan", in, [](auto& x) { return fmax(x[0], x[1]); },
               [](auto& x) { return torch::fmax(x[0], x[1]); });
    exact_case("fmin", "ties and nan", in, [](auto& x) { return fmin(x[0], x[1]); },
               [](auto& x) { return torch::fmin(x[0], x[1]); });
  }
  // Integer corners: INT_MIN-like values, negative divisors, wrapping powers.
  for (ScalarType t : {kChar, kShort, kInt, kLong}) {
    std::vector<Tensor> in = {doubles({-7, 7, -7, 7, -128, 127, 100}, t), doubles({2, -2, -2, 3, -1, 2, 5}, t)};
    exact_case("remainder", "integer signs", in, [](auto& x) { return remainder(x[0], x[1]); },
               [](auto& x) { return torch::remainder(x[0], x[1]); });
    exact_case("fmod", "integer signs", in, [](auto& x) { return fmod(x[0], x[1]); },
               [](auto& x) { return torch::fmod(x[0], x[1]); });
    exact_case("div", "integer floor signs", in, [](auto& x) { return div(x[0], x[1], "floor"); },
               [](auto& x) { return torch::div(x[0], x[1], "floor"); });
    exact_case("pow", "integer wrap", in, [](auto& x) { return pow(x[0], x[1]); },
               [](auto& x) { return torch::pow(x[0], x[1]); });
  }
}

void compare_cases() {
  struct Cmp {
    const char* name;
    Tensor (*ember_tt)(const Tensor&, const Tensor&);
    Tensor (*ember_ts)(const Tensor&, const Scalar&);
    torch::Tensor (*torch_tt)(const torch::Tensor&, const torch::Tensor&);
    torch::Tensor (*torch_ts)(const torch::Tensor&, const torch::Scalar&);
  };
  const Cmp cmps[] = {
      {"eq", &eq, &eq, &torch::eq, &torch::eq}, {"ne", &ne, &ne, &torch::ne, &torch::ne},
      {"lt", &lt, &lt, &torch::lt, &torch::lt}, {"le", &le, &le, &torch::le, &torch::le},
      {"gt", &gt, &gt, &torch::gt, &torch::gt}, {"ge", &ge, &ge, &torch::ge, &torch::ge},
  };
  for (const Cmp& c : cmps) {
    auto e_tt = c.ember_tt;
    auto t_tt = c.torch_tt;
    auto e_ts = c.ember_ts;
    auto t_ts = c.torch_ts;
    binary_cases(c.name, kAllTypes, [e_tt](auto& x) { return e_tt(x[0], x[1]); },
                 [t_tt](auto& x) { return t_tt(x[0], x[1]); }, {-2.0, 2.0}, false);
    unary_cases(c.name, kAllTypes, [e_ts](auto& x) { return e_ts(x[0], 0.5); },
                [t_ts](auto& x) { return t_ts(x[0], 0.5); }, {-2.0, 2.0}, false);
    unary_cases(c.name, kAllTypes, [e_ts](auto& x) { return e_ts(x[0], 1); },
                [t_ts](auto& x) { return t_ts(x[0], 1); }, {-2.0, 2.0}, false);
  }
  // Operators (a Scalar on the left flips the comparison) and the in-place forms.
  binary_cases("lt", kAllTypes, [](auto& x) { return x[0] < x[1]; }, [](auto& x) { return x[0] < x[1]; }, {}, false);
  unary_cases("gt", kAllTypes, [](auto& x) { return 1 > x[0]; }, [](auto& x) { return 1 > x[0]; }, {}, false);
  unary_cases("le", kAllTypes, [](auto& x) { return 0.5 <= x[0]; }, [](auto& x) { return 0.5 <= x[0]; }, {}, false);
  unary_cases("eq", kAllTypes, [](auto& x) { return x[0] == 1; }, [](auto& x) { return x[0] == 1; }, {}, false);
  unary_cases("ne", kAllTypes, [](auto& x) { return 0 != x[0]; }, [](auto& x) { return 0 != x[0]; }, {}, false);
  unary_cases("ge", kAllTypes, [](auto& x) { return x[0] >= -0.5; }, [](auto& x) { return x[0] >= -0.5; }, {}, false);
  unary_cases("eq", kAllTypes, [](auto& x) { return x[0].clone().eq_(1); },
              [](auto& x) { return x[0].clone().eq_(1); }, {}, false);
  binary_cases("lt", kAllTypes, [](auto& x) { return x[0].clone().lt_(x[1].clone()); },
               [](auto& x) { return x[0].clone().lt_(x[1].clone()); }, {}, false);
  exact_case("eq", "nan", {doubles({NAN, 1, NAN}, kFloat), doubles({NAN, NAN, 1}, kFloat)},
             [](auto& x) { return eq(x[0], x[1]); }, [](auto& x) { return torch::eq(x[0], x[1]); });
  exact_case("ne", "nan", {doubles({NAN, 1, NAN}, kFloat), doubles({NAN, NAN, 1}, kFloat)},
             [](auto& x) { return ne(x[0], x[1]); }, [](auto& x) { return torch::ne(x[0], x[1]); });
}

void logical_cases() {
  binary_cases("logical_and", kAllTypes, [](auto& x) { return logical_and(x[0], x[1]); },
               [](auto& x) { return torch::logical_and(x[0], x[1]); }, {-1.0, 1.0}, false);
  binary_cases("logical_or", kAllTypes, [](auto& x) { return logical_or(x[0], x[1]); },
               [](auto& x) { return torch::logical_or(x[0], x[1]); }, {-1.0, 1.0}, false);
  binary_cases("logical_xor", kAllTypes, [](auto& x) { return logical_xor(x[0], x[1]); },
               [](auto& x) { return torch::logical_xor(x[0], x[1]); }, {-1.0, 1.0}, false);
  unary_cases("logical_not", kAllTypes, [](auto& x) { return logical_not(x[0]); },
              [](auto& x) { return torch::logical_not(x[0]); }, {-1.0, 1.0}, false);
  unary_cases("logical_not", kAllTypes, [](auto& x) { return x[0].clone().logical_not_(); },
              [](auto& x) { return x[0].clone().logical_not_(); }, {-1.0, 1.0}, false);
  binary_cases("logical_and", kAllTypes, [](auto& x) { return x[0].clone().logical_and_(x[1]); },
               [](auto& x) { return x[0].clone().logical_and_(x[1]); }, {-1.0, 1.0}, false);
  exact_case("logical_or", "nan is true", {doubles({NAN, 0, 0}, kFloat), doubles({0, 0, 1}, kFloat)},
             [](auto& x) { return logical_or(x[0], x[1]); }, [](auto& x) { return torch::logical_or(x[0], x[1]); });

  binary_cases("bitwise_and", kBitwiseTypes, [](auto& x) { return bitwise_and(x[0], x[1]); },
               [](auto& x) { return torch::bitwise_and(x[0], x[1]); }, {-100.0, 100.0}, false);
  binary_cases("bitwise_or", kBitwiseTypes, [](auto& x) { return x[0] | x[1]; },
               [](auto& x) { return x[0] | x[1]; }, {-100.0, 100.0}, false);
  binary_cases("bitwise_xor", kBitwiseTypes, [](auto& x) { return x[0] ^ x[1]; },
               [](auto& x) { return x[0] ^ x[1]; }, {-100.0, 100.0}, false);
  unary_cases("bitwise_and", kBitwiseTypes, [](auto& x) { return x[0] & 6; }, [](auto& x) { return x[0] & 6; },
              {-100.0, 100.0}, false);
  unary_cases("bitwise_or", kBitwiseTypes, [](auto& x) { return 5 | x[0]; }, [](auto& x) { return 5 | x[0]; },
              {-100.0, 100.0}, false);
  unary_cases("bitwise_xor", kBitwiseTypes, [](auto& x) { return bitwise_xor(x[0], true); },
              [](auto& x) { return torch::bitwise_xor(x[0], true); }, {-100.0, 100.0}, false);
  unary_cases("bitwise_and", kBitwiseTypes, [](auto& x) { return bitwise_and(3, x[0]); },
              [](auto& x) { return torch::bitwise_and(3, x[0]); }, {-100.0, 100.0}, false);
  unary_cases("bitwise_not", kBitwiseTypes, [](auto& x) { return ~x[0]; }, [](auto& x) { return ~x[0]; },
              {-100.0, 100.0}, false);
  unary_cases("bitwise_not", kBitwiseTypes, [](auto& x) { return x[0].clone().bitwise_not_(); },
              [](auto& x) { return x[0].clone().bitwise_not_(); }, {-100.0, 100.0}, false);
  binary_cases("bitwise_xor", kBitwiseTypes, [](auto& x) { return x[0].clone().bitwise_xor_(x[1]); },
               [](auto& x) { return x[0].clone().bitwise_xor_(x[1]); }, {-100.0, 100.0}, false);
  // Shift amounts within [0, 7] (defined in every dtype; see logical.h for the rest).
  binary_cases("bitwise_left_shift", kIntegralTypes, [](auto& x) { return bitwise_left_shift(x[0], x[1]); },
               [](auto& x) { return torch::bitwise_left_shift(x[0], x[1]); }, {0.0, 7.0}, false);
  binary_cases("bitwise_right_shift", kIntegralTypes, [](auto& x) { return bitwise_right_shift(x[0], x[1]); },
               [](auto& x) { return torch::bitwise_right_shift(x[0], x[1]); }, {0.0, 7.0}, false);
  unary_cases("bitwise_left_shift", kIntegralTypes, [](auto& x) { return x[0] << 3; },
              [](auto& x) { return x[0].__lshift__(3); }, {-100.0, 100.0}, false);
  unary_cases("bitwise_right_shift", kIntegralTypes, [](auto& x) { return x[0] >> 2; },
              [](auto& x) { return x[0].__rshift__(2); }, {-100.0, 100.0}, false);
  unary_cases("bitwise_left_shift", kIntegralTypes, [](auto& x) { return bitwise_left_shift(1, x[0]); },
              [](auto& x) { return torch::bitwise_left_shift(1, x[0]); }, {0.0, 7.0}, false);
  unary_cases("bitwise_right_shift", kIntegralTypes, [](auto& x) { return bitwise_right_shift(-100, x[0]); },
              [](auto& x) { return torch::bitwise_right_shift(-100, x[0]); }, {0.0, 6.0}, false);
}

void pointwise_cases() {
  // where: condition bool (first operand), the others promote.
  ternary_cases("where", kAllTypes, bool_then_dtype, [](auto& x) { return where(x[0], x[1], x[2]); },
                [](auto& x) { return torch::where(x[0], x[1], x[2]); });
  binary_cases("where", kAllTypes, [](auto& x) { return where(x[0] > 0, x[0], x[1]); },
               [](auto& x) { return torch::where(x[0] > 0, x[0], x[1]); });
  unary_cases("where", kAllTypes, [](auto& x) { return where(x[0] > 0, x[0], 2.5); },
              [](auto& x) { return torch::where(x[0] > 0, x[0], 2.5); });
  unary_cases("where", kAllTypes, [](auto& x) { return where(x[0] > 0, 2, x[0]); },
              [](auto& x) { return torch::where(x[0] > 0, 2, x[0]); });
  unary_cases("where", kAllTypes, [](auto& x) { return where(x[0] > 0, 1.0, -1.0); },
              [](auto& x) { return torch::where(x[0] > 0, 1.0, -1.0); }, {}, false);
  unary_cases("where", kAllTypes, [](auto& x) { return where(x[0] > 0, 1, 0); },
              [](auto& x) { return torch::where(x[0] > 0, 1, 0); }, {}, false);
  unary_cases("where", kAllTypes, [](auto& x) { return where((x[0] > 0).to(kByte), x[0], x[0] * 2); },
              [](auto& x) { return torch::where((x[0] > 0).to(torch::kByte), x[0], x[0] * 2); });

  // clamp with Scalar bounds (bool promotes with integer bounds to int64).
  unary_cases("clamp", kAllButHalf, [](auto& x) { return clamp(x[0], -1, 1); },
              [](auto& x) { return torch::clamp(x[0], -1, 1); }, {-3.0, 3.0});
  unary_cases("clamp", kAllButHalf, [](auto& x) { return clamp(x[0], -0.5, 1.25); },
              [](auto& x) { return torch::clamp(x[0], -0.5, 1.25); }, {-3.0, 3.0});
  unary_cases("clamp", kAllButHalf, [](auto& x) { return clamp(x[0], 0.5); },
              [](auto& x) { return torch::clamp(x[0], 0.5); }, {-3.0, 3.0});
  unary_cases("clamp", kAllButHalf, [](auto& x) { return clamp(x[0], std::nullopt, 1); },
              [](auto& x) { return torch::clamp(x[0], c10::nullopt, 1); }, {-3.0, 3.0});
  unary_cases("clamp", kAllButBoolHalf, [](auto& x) { return clamp(x[0], 1, -1); },
              [](auto& x) { return torch::clamp(x[0], 1, -1); }, {-3.0, 3.0});
  unary_cases("clamp", kAllButBoolHalf, [](auto& x) { return (x[0] * true).clamp_(-1, 1); },
              [](auto& x) { return (x[0] * true).clamp_(-1, 1); }, {-3.0, 3.0});
  unary_cases("clamp", kFloatingButHalf, [](auto& x) { return x[0] * clamp(x[0], -1, std::nullopt); },
              [](auto& x) { return x[0] * torch::clamp(x[0], -1, c10::nullopt); }, {-3.0, 3.0});
  unary_cases("clamp_min", kAllButBoolHalf, [](auto& x) { return clamp_min(x[0], 0.25); },
              [](auto& x) { return torch::clamp_min(x[0], 0.25); }, {-3.0, 3.0});
  unary_cases("clamp_max", kAllButBoolHalf, [](auto& x) { return x[0].clamp_max(-1); },
              [](auto& x) { return x[0].clamp_max(-1); }, {-3.0, 3.0});
  exact_case("clamp", "nan self and bounds", {doubles({NAN, 1, -5, 5}, kFloat)},
             [](auto& x) { return clamp(x[0], -1, 2); }, [](auto& x) { return torch::clamp(x[0], -1, 2); });
  exact_case("clamp", "nan scalar bound", {doubles({NAN, 1, -5, 5}, kFloat)},
             [](auto& x) { return clamp(x[0], NAN, 2); }, [](auto& x) { return torch::clamp(x[0], NAN, 2); });
  exact_case("clamp", "bound hit exactly", {doubles({-1, 0, 2, 3}, kDouble)},
             [](auto& x) { return clamp(x[0], -1, 2); }, [](auto& x) { return torch::clamp(x[0], -1, 2); });

  // clamp with Tensor bounds: min only / max only are maximum / minimum (all dtypes).
  ternary_cases("clamp", kAllButBoolHalf, same_dtype, [](auto& x) { return clamp(x[0], x[1], x[2]); },
                [](auto& x) { return torch::clamp(x[0], x[1], x[2]); }, {-3.0, 3.0}, kSelfFullBroadcasts);
  binary_cases("clamp", kAllTypes, [](auto& x) { return clamp(x[0], x[1]); },
               [](auto& x) { return torch::clamp(x[0], x[1]); }, {-3.0, 3.0});
  binary_cases("clamp", kAllTypes, [](auto& x) { return clamp(x[0], std::nullopt, x[1]); },
               [](auto& x) { return torch::clamp(x[0], c10::nullopt, x[1]); }, {-3.0, 3.0});
  binary_cases("clamp_min", kAllTypes, [](auto& x) { return clamp_min(x[0], x[1]); },
               [](auto& x) { return torch::clamp_min(x[0], x[1]); }, {-3.0, 3.0});
  binary_cases("clamp_max", kAllTypes, [](auto& x) { return clamp_max(x[0], x[1]); },
               [](auto& x) { return torch::clamp_max(x[0], x[1]); }, {-3.0, 3.0});
  binary_cases("clamp_min", kAllTypes, [](auto& x) { return (x[0] * true).clamp_min_(x[1]); },
               [](auto& x) { return (x[0] * true).clamp_min_(x[1]); }, {-3.0, 3.0});
  for (ScalarType t : {kFloat, kDouble}) {
    // min > max (max wins), ties with either bound, NaN bounds.
    std::vector<Tensor> in = {doubles({0, 1, 2, 5, -5, 1, 0}, t), doubles({1, 1, 3, 0, 0, NAN, 0}, t),
                              doubles({-1, 2, 2, 4, 4, 2, NAN}, t)};
    exact_case("clamp", "min > max, ties, nan bounds", in, [](auto& x) { return clamp(x[0], x[1], x[2]); },
               [](auto& x) { return torch::clamp(x[0], x[1], x[2]); });
    exact_case("clamp_min", "ties", {in[0], in[1]}, [](auto& x) { return clamp_min(x[0], x[1]); },
               [](auto& x) { return torch::clamp_min(x[0], x[1]); });
    exact_case("clamp_max", "ties", {in[0], in[2]}, [](auto& x) { return clamp_max(x[0], x[1]); },
               [](auto& x) { return torch::clamp_max(x[0], x[1]); });
  }

  // lerp: both formula branches (|weight| < 0.5 and >= 0.5), Scalar and Tensor weights.
  for (double w : {0.3, 0.75, -0.6, 1.5}) {
    binary_cases("lerp", kFloatingButHalf, [w](auto& x) { return lerp(x[0], x[1], w); },
                 [w](auto& x) { return torch::lerp(x[0], x[1], w); });
  }
  ternary_cases("lerp", kFloatingButHalf, same_dtype, [](auto& x) { return lerp(x[0], x[1], x[2]); },
                [](auto& x) { return torch::lerp(x[0], x[1], x[2]); }, {-1.0, 1.5});
  binary_cases("lerp", kFloatingButHalf, [](auto& x) { return (x[0] * true).lerp_(x[1], 0.4); },
               [](auto& x) { return (x[0] * true).lerp_(x[1], 0.4); });
}

void error_cases() {
  auto e = [](std::initializer_list<int64_t> s, ScalarType t = kFloat) { return zeros(s, t); };
  auto t = [](std::initializer_list<int64_t> s, torch::ScalarType d = torch::kFloat) { return torch::zeros(s, d); };
  auto ones_e = [](std::initializer_list<int64_t> s, ScalarType d) { return ones(s, d); };
  auto ones_t = [](std::initializer_list<int64_t> s, torch::ScalarType d) { return torch::ones(s, d); };

  add_error_case("add", "shapes [3] and [4]", [=] { add(e({3}), e({4})); }, [=] { torch::add(t({3}), t({4})); });
  add_error_case("add", "float alpha with int tensors", [=] { add(e({3}, kInt), e({3}, kInt), 1.5); },
                 [=] { torch::add(t({3}, torch::kInt), t({3}, torch::kInt), 1.5); });
  add_error_case("add", "bool alpha with float tensors", [=] { add(e({3}), e({3}), true); },
                 [=] { torch::add(t({3}), t({3}), true); });
  add_error_case("sub", "bool - bool", [=] { sub(e({3}, kBool), e({3}, kBool)); },
                 [=] { torch::sub(t({3}, torch::kBool), t({3}, torch::kBool)); });
  add_error_case("sub", "bool - int", [=] { sub(e({3}, kBool), e({3}, kInt)); },
                 [=] { torch::sub(t({3}, torch::kBool), t({3}, torch::kInt)); });
  add_error_case("sub", "bool tensor - scalar", [=] { sub(e({3}, kBool), 1); },
                 [=] { torch::sub(t({3}, torch::kBool), 1); });
  add_error_case("div", "bad rounding mode", [=] { div(e({3}), e({3}), "round"); },
                 [=] { torch::div(t({3}), t({3}), "round"); });
  add_error_case("div", "int floor division by zero", [=] { div(ones_e({3}, kInt), e({3}, kInt), "floor"); },
                 [=] { torch::div(ones_t({3}, torch::kInt), t({3}, torch::kInt), "floor"); });
  add_error_case("div", "int trunc division by scalar zero", [=] { div(ones_e({3}, kLong), 0, "trunc"); },
                 [=] { torch::div(ones_t({3}, torch::kLong), 0, "trunc"); });
  add_error_case("div", "bool floor division", [=] { div(ones_e({3}, kBool), ones_e({3}, kBool), "floor"); },
                 [=] { torch::div(ones_t({3}, torch::kBool), ones_t({3}, torch::kBool), "floor"); });
  add_error_case("add_out", "float into int out", [=] { Tensor o = e({3}, kInt); add_out(o, e({3}), e({3})); },
                 [=] { torch::Tensor o = t({3}, torch::kInt); torch::add_out(o, t({3}), t({3})); });
  add_error_case("add_out", "input requires grad", [=] { Tensor o = e({3}); add_out(o, e({3}).requires_grad_(), e({3})); },
                 [=] { torch::Tensor o = t({3}); torch::add_out(o, t({3}).requires_grad_(), t({3})); });
  add_error_case("mul_out", "shapes [2] and [3]", [=] { Tensor o = e({3}); mul_out(o, e({2}), e({3})); },
                 [=] { torch::Tensor o = t({3}); torch::mul_out(o, t({2}), t({3})); });
  add_error_case("mul_out", "out overlaps itself", [=] { Tensor o = e({1}).expand({3}); mul_out(o, e({3}), e({3})); },
                 [=] { torch::Tensor o = t({1}).expand({3}); torch::mul_out(o, t({3}), t({3})); });
  add_error_case("add_", "float into int", [=] { e({3}, kInt).add_(e({3})); },
                 [=] { t({3}, torch::kInt).add_(t({3})); });
  add_error_case("mul_", "broadcast grows self", [=] { e({3}).mul_(e({2, 3})); },
                 [=] { t({3}).mul_(t({2, 3})); });
  add_error_case("div_", "scalar / int tensor (float into int)", [=] { (void)(1.5 / ones_e({3}, kInt)); },
                 [=] { (void)(1.5 / ones_t({3}, torch::kInt)); });
  add_error_case("remainder", "bool tensors", [=] { remainder(e({3}, kBool), e({3}, kBool)); },
                 [=] { torch::remainder(t({3}, torch::kBool), t({3}, torch::kBool)); });
  add_error_case("remainder", "int division by zero", [=] { remainder(ones_e({3}, kInt), e({3}, kInt)); },
                 [=] { torch::remainder(ones_t({3}, torch::kInt), t({3}, torch::kInt)); });
  add_error_case("remainder", "int % scalar zero", [=] { remainder(ones_e({3}, kShort), 0); },
                 [=] { torch::remainder(ones_t({3}, torch::kShort), 0); });
  add_error_case("remainder", "shapes [2, 3] and [2]", [=] { remainder(e({2, 3}), e({2})); },
                 [=] { torch::remainder(t({2, 3}), t({2})); });
  add_error_case("remainder_", "float into int", [=] { ones_e({3}, kInt).remainder_(1.5); },
                 [=] { ones_t({3}, torch::kInt).remainder_(1.5); });
  add_error_case("fmod", "bool tensors", [=] { fmod(e({3}, kBool), e({3}, kBool)); },
                 [=] { torch::fmod(t({3}, torch::kBool), t({3}, torch::kBool)); });
  add_error_case("fmod", "int division by zero", [=] { fmod(ones_e({3}, kByte), e({3}, kByte)); },
                 [=] { torch::fmod(ones_t({3}, torch::kByte), t({3}, torch::kByte)); });
  add_error_case("fmod", "shapes [4] and [3]", [=] { fmod(e({4}), e({3})); }, [=] { torch::fmod(t({4}), t({3})); });
  add_error_case("pow", "bool ** bool", [=] { pow(e({3}, kBool), e({3}, kBool)); },
                 [=] { torch::pow(t({3}, torch::kBool), t({3}, torch::kBool)); });
  add_error_case("pow", "int ** negative int scalar", [=] { pow(ones_e({3}, kInt), -1); },
                 [=] { torch::pow(ones_t({3}, torch::kInt), -1); });
  add_error_case("pow", "uint8 ** negative int scalar", [=] { pow(ones_e({3}, kByte), -2); },
                 [=] { torch::pow(ones_t({3}, torch::kByte), -2); });
  add_error_case("pow", "shapes [2] and [3]", [=] { pow(e({2}), e({3})); }, [=] { torch::pow(t({2}), t({3})); });
  add_error_case("pow_", "int tensor ** float", [=] { ones_e({3}, kInt).pow_(0.5); },
                 [=] { ones_t({3}, torch::kInt).pow_(0.5); });
  add_error_case("atan2", "shapes [2, 2] and [3]", [=] { atan2(e({2, 2}), e({3})); },
                 [=] { torch::atan2(t({2, 2}), t({3})); });
  add_error_case("atan2_", "int self (float result)", [=] { ones_e({3}, kInt).atan2_(ones_e({3}, kInt)); },
                 [=] { ones_t({3}, torch::kInt).atan2_(ones_t({3}, torch::kInt)); });
  add_error_case("maximum", "shapes [2] and [5]", [=] { maximum(e({2}), e({5})); },
                 [=] { torch::maximum(t({2}), t({5})); });
  add_error_case("fmin", "shapes [2] and [5]", [=] { fmin(e({2}), e({5})); }, [=] { torch::fmin(t({2}), t({5})); });
  add_error_case("eq", "shapes [2, 3] and [2]", [=] { eq(e({2, 3}), e({2})); }, [=] { torch::eq(t({2, 3}), t({2})); });
  add_error_case("lt", "shapes [4] and [3]", [=] { (void)(e({4}) < e({3})); }, [=] { (void)(t({4}) < t({3})); });
  add_error_case("eq_", "broadcast grows self", [=] { e({3}).eq_(e({2, 3})); }, [=] { t({3}).eq_(t({2, 3})); });
  add_error_case("logical_and", "shapes [3] and [2]", [=] { logical_and(e({3}), e({2})); },
                 [=] { torch::logical_and(t({3}), t({2})); });
  add_error_case("bitwise_and", "float tensors", [=] { bitwise_and(e({3}), e({3})); },
                 [=] { torch::bitwise_and(t({3}), t({3})); });
  add_error_case("bitwise_or", "float tensor | int", [=] { bitwise_or(e({3}), 1); },
                 [=] { torch::bitwise_or(t({3}), 1); });
  add_error_case("bitwise_xor", "int tensor ^ 2.5", [=] { bitwise_xor(e({3}, kInt), 2.5); },
                 [=] { torch::bitwise_xor(t({3}, torch::kInt), 2.5); });
  add_error_case("bitwise_and", "int & half", [=] { (void)(e({3}, kInt) & e({3}, kHalf)); },
                 [=] { (void)(t({3}, torch::kInt) & t({3}, torch::kHalf)); });
  add_error_case("bitwise_and_", "bool self & int (int into bool)", [=] { e({3}, kBool).bitwise_and_(e({3}, kInt)); },
                 [=] { t({3}, torch::kBool).bitwise_and_(t({3}, torch::kInt)); });
  add_error_case("bitwise_not", "float tensor", [=] { bitwise_not(e({3})); }, [=] { torch::bitwise_not(t({3})); });
  add_error_case("bitwise_not", "double tensor", [=] { (void)~e({3}, kDouble); }, [=] { (void)~t({3}, torch::kDouble); });
  add_error_case("bitwise_left_shift", "float tensors", [=] { bitwise_left_shift(e({3}), e({3})); },
                 [=] { torch::bitwise_left_shift(t({3}), t({3})); });
  add_error_case("bitwise_left_shift", "int << 2.0", [=] { bitwise_left_shift(e({3}, kInt), 2.0); },
                 [=] { torch::bitwise_left_shift(t({3}, torch::kInt), 2.0); });
  add_error_case("bitwise_right_shift", "bool tensors", [=] { bitwise_right_shift(e({3}, kBool), e({3}, kBool)); },
                 [=] { torch::bitwise_right_shift(t({3}, torch::kBool), t({3}, torch::kBool)); });
  add_error_case("bitwise_right_shift", "bfloat16 >> int", [=] { (void)(e({3}, kBFloat16) >> 1); },
                 [=] { (void)t({3}, torch::kBFloat16).__rshift__(1); });
  add_error_case("bitwise_left_shift", "shapes [2] and [3]", [=] { bitwise_left_shift(e({2}, kInt), e({3}, kInt)); },
                 [=] { torch::bitwise_left_shift(t({2}, torch::kInt), t({3}, torch::kInt)); });
  add_error_case("where", "int condition", [=] { where(e({3}, kInt), e({3}), e({3})); },
                 [=] { torch::where(t({3}, torch::kInt), t({3}), t({3})); });
  add_error_case("where", "float condition", [=] { where(e({3}), 1.0, 0.0); },
                 [=] { torch::where(t({3}), 1.0, 0.0); });
  add_error_case("where", "shapes [3], [2], [3]", [=] { where(e({3}, kBool), e({2}), e({3})); },
                 [=] { torch::where(t({3}, torch::kBool), t({2}), t({3})); });
  add_error_case("clamp", "no bounds (Scalar)", [=] { clamp(e({3}), std::optional<Scalar>(), std::optional<Scalar>()); },
                 [=] { torch::clamp(t({3}), c10::optional<torch::Scalar>(), c10::optional<torch::Scalar>()); });
  add_error_case("clamp", "no bounds (Tensor)", [=] { clamp(e({3}), std::optional<Tensor>(), std::optional<Tensor>()); },
                 [=] { torch::clamp(t({3}), c10::optional<torch::Tensor>(), c10::optional<torch::Tensor>()); });
  add_error_case("clamp", "bound shapes [3], [2]", [=] { clamp(e({3}), e({2}), e({3})); },
                 [=] { torch::clamp(t({3}), t({2}), t({3})); });
  add_error_case("clamp_", "int self with float bound", [=] { e({3}, kInt).clamp_(0.5); },
                 [=] { t({3}, torch::kInt).clamp_(0.5); });
  add_error_case("clamp_min", "shapes [3] and [4]", [=] { clamp_min(e({3}), e({4})); },
                 [=] { torch::clamp_min(t({3}), t({4})); });
  add_error_case("lerp", "int tensors", [=] { lerp(e({3}, kInt), e({3}, kInt), 0.5); },
                 [=] { torch::lerp(t({3}, torch::kInt), t({3}, torch::kInt), 0.5); });
  add_error_case("lerp", "end dtype differs", [=] { lerp(e({3}), e({3}, kDouble), 0.5); },
                 [=] { torch::lerp(t({3}), t({3}, torch::kDouble), 0.5); });
  add_error_case("lerp", "weight dtype differs", [=] { lerp(e({3}), e({3}), e({3}, kDouble)); },
                 [=] { torch::lerp(t({3}), t({3}), t({3}, torch::kDouble)); });
  add_error_case("lerp", "shapes [3] and [2]", [=] { lerp(e({3}), e({2}), 0.5); },
                 [=] { torch::lerp(t({3}), t({2}), 0.5); });
  add_error_case("lerp_", "broadcast grows self", [=] { e({3}).lerp_(e({2, 3}), 0.5); },
                 [=] { t({3}).lerp_(t({2, 3}), 0.5); });
}

const bool registered = [] {
  arithmetic_cases();
  compare_cases();
  logical_cases();
  pointwise_cases();
  error_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
