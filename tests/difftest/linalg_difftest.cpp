// Difftest cases for src/ops/linalg.cpp: every product over its dtypes, operand layouts
// (contiguous, transposed, sliced, broadcast), 0-size dims (k = 0 gives zeros), batch
// broadcasting, and bad calls both libraries reject.
//
// LibTorch 1.13 has no float16 matrix products on CPU; ember does (computed in float, rounded
// once), so float16 cases compare against LibTorch computing in float and rounding to half.
// The same goes for bfloat16 in mm/bmm (operands without a BLAS layout), mv, the add* forms
// and einsum: there LibTorch 1.13 rounds partial sums to bfloat16 (off by several bfloat16
// ulps), while ember accumulates in float and rounds once, as PyTorch 2.x does.
#include <set>
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

// Integer, bfloat16, float and double: LibTorch's CPU dtypes for matrix products.
const std::vector<ScalarType> kTorchTypes = {kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};
const std::vector<ScalarType> kAllMatmulTypes = {kByte, kChar, kShort, kInt, kLong, kHalf, kBFloat16, kFloat, kDouble};
const std::vector<ScalarType> kFloatTypes = {kHalf, kBFloat16, kFloat, kDouble};

struct Operand {
  std::vector<int64_t> shape;
  Layout layout = Layout::Contiguous;
};

// LibTorch's result for 16-bit operands computed in float, rounded once to `dtype`.
TorchFn via_float(const TorchFn& fn, torch::ScalarType dtype) {
  return [fn, dtype](const std::vector<torch::Tensor>& x) {
    std::vector<torch::Tensor> f;
    for (const torch::Tensor& t : x) f.push_back(t.scalar_type() == dtype ? t.to(torch::kFloat) : t);
    return fn(f).to(dtype);
  };
}

const std::set<std::string> kBFloat16ViaFloat = {"mm", "bmm", "mv", "addmm", "addmv", "baddbmm", "einsum"};

TorchFn reference(const std::string& op, ScalarType dtype, const TorchFn& fn) {
  if (dtype == kHalf) return via_float(fn, torch::kHalf);
  if (dtype == kBFloat16 && kBFloat16ViaFloat.count(op)) return via_float(fn, torch::kBFloat16);
  return fn;
}

std::string describe(ScalarType dtype, const std::vector<Operand>& operands, const std::string& extra) {
  std::ostringstream s;
  s << dtype;
  for (const Operand& o : operands) s << "/" << to_string(o.layout) << IntArrayRef(o.shape);
  if (!extra.empty()) s << "/" << extra;
  return s.str();
}

// One case: operands made with make_input in `dtype`, compared forward and (float/double)
// backward.
void product_case(const std::string& op, ScalarType dtype, const std::vector<Operand>& operands, const EmberFn& ember_fn,
                  const TorchFn& torch_fn, const std::string& extra = "") {
  uint64_t seed = std::hash<std::string>{}(op + describe(dtype, operands, extra));
  add_case({op, describe(dtype, operands, extra), [=]() {
              std::vector<Tensor> inputs;
              for (size_t i = 0; i < operands.size(); ++i)
                inputs.push_back(make_input(operands[i].shape, dtype, operands[i].layout, seed + i));
              return run_and_compare(inputs, ember_fn, reference(op, dtype, torch_fn), true, seed);
            }});
}

void product_cases(const std::string& op, const std::vector<ScalarType>& dtypes,
                   const std::vector<std::vector<Operand>>& operand_sets, const EmberFn& ember_fn,
                   const TorchFn& torch_fn, const std::string& extra = "") {
  for (ScalarType dtype : dtypes)
    for (const auto& operands : operand_sets) product_case(op, dtype, operands, ember_fn, torch_fn, extra);
}

constexpr Layout C = Layout::Contiguous, T = Layout::Transposed, S = Layout::Sliced, E = Layout::Expanded;

// Matrix-matrix operand sets: every layout pair on (3,4)x(4,5), gemv-shaped products (one
// side a single row or column), and 0-size dims including k = 0.
std::vector<std::vector<Operand>> matrix_pairs(std::vector<int64_t> a, std::vector<int64_t> b) {
  std::vector<std::vector<Operand>> sets;
  for (Layout la : {C, T, S, E})
    for (Layout lb : {C, T, S, E}) sets.push_back({{a, la}, {b, lb}});
  return sets;
}

std::vector<std::vector<Operand>> mm_sets() {
  auto sets = matrix_pairs({3, 4}, {4, 5});
  for (auto [a, b] : std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>>{
           {{1, 4}, {4, 5}}, {{3, 4}, {4, 1}}, {{1, 4}, {4, 1}}, {{0, 4}, {4, 5}}, {{3, 0}, {0, 5}},
           {{3, 4}, {4, 0}}, {{17, 33}, {33, 9}}}) {
    sets.push_back({{a, C}, {b, C}});
    sets.push_back({{a, T}, {b, T}});
  }
  return sets;
}

std::vector<std::vector<Operand>> bmm_sets() {
  auto sets = matrix_pairs({2, 3, 4}, {2, 4, 5});
  for (auto [a, b] : std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>>{
           {{2, 1, 4}, {2, 4, 5}}, {{2, 3, 4}, {2, 4, 1}}, {{0, 3, 4}, {0, 4, 5}}, {{2, 3, 0}, {2, 0, 5}}}) {
    sets.push_back({{a, C}, {b, C}});
    sets.push_back({{a, T}, {b, S}});
  }
  return sets;
}

std::vector<std::vector<Operand>> mv_sets() {
  std::vector<std::vector<Operand>> sets;
  for (Layout la : {C, T, S, E})
    for (Layout lb : {C, S, E}) sets.push_back({{{3, 4}, la}, {{4}, lb}});
  sets.push_back({{{0, 4}, C}, {{4}, C}});
  sets.push_back({{{3, 0}, C}, {{0}, C}});
  sets.push_back({{{1, 4}, T}, {{4}, C}});
  return sets;
}

std::vector<std::vector<Operand>> vector_pairs(int64_t n, int64_t m) {
  std::vector<std::vector<Operand>> sets;
  for (Layout la : {C, S, E})
    for (Layout lb : {C, S, E}) sets.push_back({{{n}, la}, {{m}, lb}});
  sets.push_back({{{0}, C}, {{n == m ? 0 : m}, C}});
  return sets;
}

// matmul's shape cases: every rank pair, batch broadcasting, k = 0 and empty batches.
std::vector<std::vector<Operand>> matmul_sets() {
  std::vector<std::vector<Operand>> sets;
  const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> shapes = {
      {{3}, {3}},          {{2, 3}, {3}},         {{3}, {3, 4}},          {{2, 3}, {3, 4}},
      {{2, 2, 3}, {3, 4}}, {{3}, {2, 3, 4}},      {{2, 2, 3}, {3}},       {{2, 3}, {4, 3, 5}},
      {{2, 2, 3}, {2, 3, 5}}, {{2, 1, 2, 3}, {4, 3, 5}}, {{5, 2, 3}, {1, 3, 4}}, {{2, 1, 3}, {1, 3, 3, 2}},
      {{0, 2, 3}, {3, 4}}, {{2, 2, 0}, {0, 4}},   {{3, 0}, {2, 0, 4}},    {{0}, {0}},
      {{2, 3, 1}, {1, 4}}, {{4}, {4, 1}}};
  for (const auto& [a, b] : shapes) {
    sets.push_back({{a, C}, {b, C}});
    if (a.size() >= 2 || b.size() >= 2) sets.push_back({{a, a.size() >= 2 ? T : S}, {b, b.size() >= 2 ? T : S}});
  }
  sets.push_back({{{2, 2, 3}, E}, {{2, 3, 4}, S}});
  return sets;
}

// A self operand for the add* forms: NaN filled when beta is 0 (it must be ignored).
TorchFn torch_add_form(std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&)> f) {
  return [f](const std::vector<torch::Tensor>& x) { return f(x[0], x[1], x[2]); };
}

void register_products() {
  product_cases("mm", kAllMatmulTypes, mm_sets(), [](auto& x) { return mm(x[0], x[1]); },
                [](auto& x) { return torch::mm(x[0], x[1]); });
  product_cases("bmm", kAllMatmulTypes, bmm_sets(), [](auto& x) { return bmm(x[0], x[1]); },
                [](auto& x) { return torch::bmm(x[0], x[1]); });
  product_cases("mv", kAllMatmulTypes, mv_sets(), [](auto& x) { return mv(x[0], x[1]); },
                [](auto& x) { return torch::mv(x[0], x[1]); });
  product_cases("dot", kAllMatmulTypes, vector_pairs(7, 7), [](auto& x) { return dot(x[0], x[1]); },
                [](auto& x) { return torch::dot(x[0], x[1]); });
  product_cases("vdot", kAllMatmulTypes, vector_pairs(7, 7), [](auto& x) { return vdot(x[0], x[1]); },
                [](auto& x) { return torch::vdot(x[0], x[1]); });
  product_cases("matmul", kAllMatmulTypes, matmul_sets(), [](auto& x) { return matmul(x[0], x[1]); },
                [](auto& x) { return torch::matmul(x[0], x[1]); });
  // outer is a broadcast multiply: every dtype, bool included, and mixed dtypes promote.
  product_cases("outer", kAllTypes, vector_pairs(3, 4), [](auto& x) { return outer(x[0], x[1]); },
                [](auto& x) { return torch::outer(x[0], x[1]); });
  product_cases("ger", {kInt, kFloat, kDouble}, vector_pairs(3, 4), [](auto& x) { return ger(x[0], x[1]); },
                [](auto& x) { return torch::ger(x[0], x[1]); });
  for (auto [da, db] : std::vector<std::pair<ScalarType, ScalarType>>{{kFloat, kDouble}, {kInt, kFloat}, {kBool, kLong}}) {
    std::ostringstream label;
    label << da << "x" << db << "/promotion";
    add_case({"outer", label.str(), [da = da, db = db]() {
                return run_and_compare({make_input({3}, da, C, 1), make_input({4}, db, C, 2)},
                                       [](auto& x) { return outer(x[0], x[1]); },
                                       [](auto& x) { return torch::outer(x[0], x[1]); }, true, 3);
              }});
  }
}

void register_add_forms() {
  struct Coefficients {
    double beta, alpha;
    bool floating_only;
  };
  const std::vector<Coefficients> coefficients = {{1, 1, false}, {2, 3, false}, {0.5, -1.5, true}, {0, 2, true}};
  for (const Coefficients& c : coefficients) {
    std::ostringstream extra;
    extra << "beta=" << c.beta << ",alpha=" << c.alpha;
    const auto& types = c.floating_only ? kFloatTypes : kAllMatmulTypes;
    auto scalar = [&](double v) { return c.floating_only ? Scalar(v) : Scalar(static_cast<int64_t>(v)); };
    Scalar beta = scalar(c.beta), alpha = scalar(c.alpha);
    auto tb = [&](double v) { return c.floating_only ? torch::Scalar(v) : torch::Scalar(static_cast<int64_t>(v)); };
    torch::Scalar tbeta = tb(c.beta), talpha = tb(c.alpha);
    product_cases(
        "addmm", types,
        {{{{3, 5}, C}, {{3, 4}, C}, {{4, 5}, C}},
         {{{5}, C}, {{3, 4}, T}, {{4, 5}, S}},
         {{{1, 5}, C}, {{3, 4}, S}, {{4, 5}, T}},
         {{{}, C}, {{3, 4}, C}, {{4, 5}, E}},
         {{{3, 5}, T}, {{3, 0}, C}, {{0, 5}, C}},
         {{{3, 1}, C}, {{3, 4}, C}, {{4, 1}, C}}},
        [=](auto& x) { return addmm(x[0], x[1], x[2], beta, alpha); },
        torch_add_form([=](auto& s, auto& a, auto& b) { return torch::addmm(s, a, b, tbeta, talpha); }), extra.str());
    product_cases(
        "addmv", types,
        {{{{3}, C}, {{3, 4}, C}, {{4}, C}},
         {{{1}, C}, {{3, 4}, T}, {{4}, S}},
         {{{}, C}, {{3, 4}, S}, {{4}, E}},
         {{{3}, S}, {{3, 0}, C}, {{0}, C}}},
        [=](auto& x) { return addmv(x[0], x[1], x[2], beta, alpha); },
        torch_add_form([=](auto& s, auto& a, auto& b) { return torch::addmv(s, a, b, tbeta, talpha); }), extra.str());
    product_cases(
        "baddbmm", types,
        {{{{2, 3, 5}, C}, {{2, 3, 4}, C}, {{2, 4, 5}, C}},
         {{{3, 5}, C}, {{2, 3, 4}, T}, {{2, 4, 5}, S}},
         {{{5}, C}, {{2, 3, 4}, E}, {{2, 4, 5}, T}},
         {{{2, 3, 5}, S}, {{2, 3, 0}, C}, {{2, 0, 5}, C}}},
        [=](auto& x) { return baddbmm(x[0], x[1], x[2], beta, alpha); },
        // LibTorch 1.13's baddbmm with beta 0 reads its uninitialised output (NaN at random):
        // the reference is then the product alone.
        torch_add_form([=](auto& s, auto& a, auto& b) {
          return c.beta == 0 ? s * 0 + torch::bmm(a, b) * talpha : torch::baddbmm(s, a, b, tbeta, talpha);
        }),
        extra.str());
  }
  // beta = 0 ignores self: NaN in it must not propagate.
  add_case({"addmm", "float32/beta=0 ignores NaN self", []() {
              Tensor self = full({3, 5}, std::nan(""), kFloat);
              return run_and_compare({self, make_input({3, 4}, kFloat, C, 1), make_input({4, 5}, kFloat, C, 2)},
                                     [](auto& x) { return addmm(x[0], x[1], x[2], 0, 1); },
                                     [](auto& x) { return torch::addmm(x[0], x[1], x[2], 0, 1); }, false, 1);
            }});
  add_case({"addmv", "float64/beta=0 ignores NaN self", []() {
              Tensor self = full({3}, std::nan(""), kDouble);
              return run_and_compare({self, make_input({3, 4}, kDouble, C, 1), make_input({4}, kDouble, C, 2)},
                                     [](auto& x) { return addmv(x[0], x[1], x[2], 0, 1); },
                                     [](auto& x) { return torch::addmv(x[0], x[1], x[2], 0, 1); }, false, 1);
            }});
}

void register_einsum() {
  struct Pattern {
    std::string equation;
    std::vector<Operand> operands;
  };
  const std::vector<Pattern> patterns = {
      {"ij,jk->ik", {{{3, 4}, C}, {{4, 5}, T}}},
      {"bij,bjk->bik", {{{2, 3, 4}, C}, {{2, 4, 5}, S}}},
      {"i,i->", {{{5}, C}, {{5}, S}}},
      {"ij->ji", {{{3, 4}, T}}},
      {"ii->i", {{{4, 4}, C}}},
      {"ii", {{{4, 4}, T}}},
      {"ij->", {{{3, 4}, S}}},
      {"ij->j", {{{3, 4}, C}}},
      {"bhqd,bhkd->bhqk", {{{2, 3, 4, 5}, C}, {{2, 3, 6, 5}, C}}},
      {"ij,jk", {{{3, 4}, C}, {{4, 5}, C}}},
      {"ba,Ab", {{{3, 4}, C}, {{2, 3}, C}}},
      {"i,j->ij", {{{3}, C}, {{4}, E}}},
      {"ij,ij->ij", {{{3, 4}, C}, {{3, 4}, T}}},
      {"ij,kj->ik", {{{3, 4}, C}, {{5, 4}, C}}},
      {"ij,jk,kl->il", {{{2, 3}, C}, {{3, 4}, C}, {{4, 5}, C}}},
      {"...ij,...jk->...ik", {{{2, 1, 2, 3}, C}, {{4, 3, 5}, C}}},
      {"...ij,...jk", {{{2, 2, 3}, C}, {{3, 5}, C}}},
      {"b...,b...->b", {{{2, 3, 4}, C}, {{2, 3, 4}, S}}},
      {"i...->...", {{{3, 4, 2}, C}}},
      {"ij,jk->ik", {{{3, 1}, C}, {{4, 5}, C}}},  // a size-1 label broadcasts
      {"iij,jk->ik", {{{3, 3, 4}, C}, {{4, 2}, C}}},
      {"ij,jk->ik", {{{3, 0}, C}, {{0, 5}, C}}},
      {"bij,bkj->bik", {{{0, 3, 4}, C}, {{0, 2, 4}, C}}},
      {" i j , j k -> i k ", {{{2, 3}, C}, {{3, 2}, C}}},
  };
  for (const Pattern& p : patterns) {
    product_cases("einsum", {kInt, kLong, kHalf, kBFloat16, kFloat, kDouble}, {p.operands},
                  [eq = p.equation](auto& x) { return einsum(eq, x); },
                  [eq = p.equation](auto& x) { return torch::einsum(eq, x); }, "'" + p.equation + "'");
  }
}

void register_linear() {
  const std::vector<std::vector<Operand>> with_bias = {
      {{{2, 3}, C}, {{4, 3}, C}, {{4}, C}},
      {{{2, 3}, T}, {{4, 3}, T}, {{4}, S}},
      {{{3}, C}, {{4, 3}, C}, {{4}, C}},
      {{{2, 2, 3}, C}, {{4, 3}, S}, {{4}, C}},
      {{{2, 3}, C}, {{4, 3}, C}, {{1}, C}},
      {{{0, 3}, C}, {{4, 3}, C}, {{4}, C}},
      {{{2, 0}, C}, {{4, 0}, C}, {{4}, C}},
  };
  const std::vector<std::vector<Operand>> without_bias = {
      {{{2, 3}, C}, {{4, 3}, C}},
      {{{2, 2, 3}, T}, {{4, 3}, C}},
      {{{2, 3}, C}, {{3}, C}},
      {{{3}, C}, {{4, 3}, T}},
  };
  product_cases("linear", kAllMatmulTypes, with_bias, [](auto& x) { return linear(x[0], x[1], x[2]); },
                [](auto& x) { return torch::linear(x[0], x[1], x[2]); });
  product_cases("linear", kAllMatmulTypes, without_bias, [](auto& x) { return linear(x[0], x[1]); },
                [](auto& x) { return torch::linear(x[0], x[1]); });
}

torch::Tensor tempty(std::vector<int64_t> shape, torch::ScalarType dtype = torch::kFloat) {
  return torch::ones(shape, torch::TensorOptions().dtype(dtype));
}
Tensor eempty(std::vector<int64_t> shape, ScalarType dtype = kFloat) { return ones(shape, dtype); }

void register_errors() {
  auto err = [](const std::string& op, const std::string& label, std::function<void()> e, std::function<void()> t) {
    add_error_case(op, label, std::move(e), std::move(t));
  };
  err("mm", "inner dims 3 vs 4", [] { mm(eempty({2, 3}), eempty({4, 5})); },
      [] { torch::mm(tempty({2, 3}), tempty({4, 5})); });
  err("mm", "1-D self", [] { mm(eempty({3}), eempty({3, 5})); }, [] { torch::mm(tempty({3}), tempty({3, 5})); });
  err("mm", "3-D mat2", [] { mm(eempty({2, 3}), eempty({1, 3, 5})); },
      [] { torch::mm(tempty({2, 3}), tempty({1, 3, 5})); });
  err("mm", "float x double", [] { mm(eempty({2, 3}), eempty({3, 5}, kDouble)); },
      [] { torch::mm(tempty({2, 3}), tempty({3, 5}, torch::kDouble)); });
  err("mm", "bool", [] { mm(eempty({2, 3}, kBool), eempty({3, 5}, kBool)); },
      [] { torch::mm(tempty({2, 3}, torch::kBool), tempty({3, 5}, torch::kBool)); });
  err("bmm", "2-D batch1", [] { bmm(eempty({2, 3}), eempty({2, 3, 5})); },
      [] { torch::bmm(tempty({2, 3}), tempty({2, 3, 5})); });
  err("bmm", "batch 2 vs 3", [] { bmm(eempty({2, 2, 3}), eempty({3, 3, 5})); },
      [] { torch::bmm(tempty({2, 2, 3}), tempty({3, 3, 5})); });
  err("bmm", "inner dims", [] { bmm(eempty({2, 2, 3}), eempty({2, 4, 5})); },
      [] { torch::bmm(tempty({2, 2, 3}), tempty({2, 4, 5})); });
  err("bmm", "int x float", [] { bmm(eempty({2, 2, 3}, kInt), eempty({2, 3, 5})); },
      [] { torch::bmm(tempty({2, 2, 3}, torch::kInt), tempty({2, 3, 5})); });
  err("mv", "size mismatch", [] { mv(eempty({2, 3}), eempty({4})); }, [] { torch::mv(tempty({2, 3}), tempty({4})); });
  err("mv", "2-D vec", [] { mv(eempty({2, 3}), eempty({3, 1})); }, [] { torch::mv(tempty({2, 3}), tempty({3, 1})); });
  err("mv", "dtype", [] { mv(eempty({2, 3}), eempty({3}, kDouble)); },
      [] { torch::mv(tempty({2, 3}), tempty({3}, torch::kDouble)); });
  err("dot", "sizes 3 vs 4", [] { dot(eempty({3}), eempty({4})); }, [] { torch::dot(tempty({3}), tempty({4})); });
  err("dot", "2-D", [] { dot(eempty({3, 1}), eempty({3})); }, [] { torch::dot(tempty({3, 1}), tempty({3})); });
  err("dot", "dtype", [] { dot(eempty({3}), eempty({3}, kDouble)); },
      [] { torch::dot(tempty({3}), tempty({3}, torch::kDouble)); });
  err("vdot", "sizes", [] { vdot(eempty({3}), eempty({4})); }, [] { torch::vdot(tempty({3}), tempty({4})); });
  err("matmul", "0-D operand", [] { matmul(eempty({}), eempty({3})); },
      [] { torch::matmul(tempty({}), tempty({3})); });
  err("matmul", "1-D sizes", [] { matmul(eempty({3}), eempty({4})); }, [] { torch::matmul(tempty({3}), tempty({4})); });
  err("matmul", "2-D x 1-D sizes", [] { matmul(eempty({2, 3}), eempty({4})); },
      [] { torch::matmul(tempty({2, 3}), tempty({4})); });
  err("matmul", "1-D x 2-D sizes", [] { matmul(eempty({3}), eempty({4, 2})); },
      [] { torch::matmul(tempty({3}), tempty({4, 2})); });
  err("matmul", "batch dims 2 vs 3", [] { matmul(eempty({2, 2, 3}), eempty({3, 3, 5})); },
      [] { torch::matmul(tempty({2, 2, 3}), tempty({3, 3, 5})); });
  err("matmul", "batched inner dims", [] { matmul(eempty({2, 2, 3}), eempty({2, 4, 5})); },
      [] { torch::matmul(tempty({2, 2, 3}), tempty({2, 4, 5})); });
  err("matmul", "float x double", [] { matmul(eempty({2, 3}), eempty({3, 5}, kDouble)); },
      [] { torch::matmul(tempty({2, 3}), tempty({3, 5}, torch::kDouble)); });
  err("matmul", "batched float x double", [] { matmul(eempty({2, 2, 3}), eempty({3, 5}, kDouble)); },
      [] { torch::matmul(tempty({2, 2, 3}), tempty({3, 5}, torch::kDouble)); });
  err("addmm", "self not expandable", [] { addmm(eempty({3, 4}), eempty({2, 3}), eempty({3, 5})); },
      [] { torch::addmm(tempty({3, 4}), tempty({2, 3}), tempty({3, 5})); });
  err("addmm", "self dtype", [] { addmm(eempty({2, 5}, kDouble), eempty({2, 3}), eempty({3, 5})); },
      [] { torch::addmm(tempty({2, 5}, torch::kDouble), tempty({2, 3}), tempty({3, 5})); });
  err("addmm", "1-D mat1", [] { addmm(eempty({2, 5}), eempty({3}), eempty({3, 5})); },
      [] { torch::addmm(tempty({2, 5}), tempty({3}), tempty({3, 5})); });
  err("addmv", "self size", [] { addmv(eempty({3}), eempty({2, 3}), eempty({3})); },
      [] { torch::addmv(tempty({3}), tempty({2, 3}), tempty({3})); });
  err("addmv", "vec size", [] { addmv(eempty({2}), eempty({2, 3}), eempty({4})); },
      [] { torch::addmv(tempty({2}), tempty({2, 3}), tempty({4})); });
  err("baddbmm", "self not expandable", [] { baddbmm(eempty({3, 4}), eempty({2, 2, 3}), eempty({2, 3, 4})); },
      [] { torch::baddbmm(tempty({3, 4}), tempty({2, 2, 3}), tempty({2, 3, 4})); });
  err("baddbmm", "inner dims", [] { baddbmm(eempty({2, 2, 4}), eempty({2, 2, 3}), eempty({2, 4, 4})); },
      [] { torch::baddbmm(tempty({2, 2, 4}), tempty({2, 2, 3}), tempty({2, 4, 4})); });
  err("outer", "2-D self", [] { outer(eempty({2, 3}), eempty({3})); },
      [] { torch::outer(tempty({2, 3}), tempty({3})); });
  err("ger", "2-D vec2", [] { ger(eempty({3}), eempty({2, 3})); }, [] { torch::ger(tempty({3}), tempty({2, 3})); });
  err("linear", "in_features 3 vs 5", [] { linear(eempty({2, 3}), eempty({4, 5})); },
      [] { torch::linear(tempty({2, 3}), tempty({4, 5})); });
  err("linear", "bias size", [] { linear(eempty({2, 3}), eempty({4, 3}), eempty({5})); },
      [] { torch::linear(tempty({2, 3}), tempty({4, 3}), tempty({5})); });
  err("linear", "weight dtype", [] { linear(eempty({2, 3}), eempty({4, 3}, kDouble)); },
      [] { torch::linear(tempty({2, 3}), tempty({4, 3}, torch::kDouble)); });
  err("linear", "0-D input", [] { linear(eempty({}), eempty({4, 3})); },
      [] { torch::linear(tempty({}), tempty({4, 3})); });
  err("linear", "3-D input features", [] { linear(eempty({2, 2, 3}), eempty({4, 5})); },
      [] { torch::linear(tempty({2, 2, 3}), tempty({4, 5})); });
  err("einsum", "size mismatch", [] { einsum("ij,jk->ik", {eempty({2, 3}), eempty({4, 5})}); },
      [] { torch::einsum("ij,jk->ik", {tempty({2, 3}), tempty({4, 5})}); });
  err("einsum", "fewer operands", [] { einsum("ij,jk->ik", {eempty({2, 3})}); },
      [] { torch::einsum("ij,jk->ik", {tempty({2, 3})}); });
  err("einsum", "more operands", [] { einsum("ij->i", {eempty({2, 3}), eempty({2})}); },
      [] { torch::einsum("ij->i", {tempty({2, 3}), tempty({2})}); });
  err("einsum", "rank", [] { einsum("ijk,jk->ik", {eempty({2, 3}), eempty({3, 5})}); },
      [] { torch::einsum("ijk,jk->ik", {tempty({2, 3}), tempty({3, 5})}); });
  err("einsum", "bad character", [] { einsum("i1,jk->ik", {eempty({2, 3}), eempty({3, 5})}); },
      [] { torch::einsum("i1,jk->ik", {tempty({2, 3}), tempty({3, 5})}); });
  err("einsum", "repeated output", [] { einsum("ij,jk->ii", {eempty({2, 3}), eempty({3, 5})}); },
      [] { torch::einsum("ij,jk->ii", {tempty({2, 3}), tempty({3, 5})}); });
  err("einsum", "unknown output", [] { einsum("ij,jk->iz", {eempty({2, 3}), eempty({3, 5})}); },
      [] { torch::einsum("ij,jk->iz", {tempty({2, 3}), tempty({3, 5})}); });
  err("einsum", "diagonal sizes", [] { einsum("ii->i", {eempty({2, 3})}); },
      [] { torch::einsum("ii->i", {tempty({2, 3})}); });
  err("einsum", "ellipsis broadcast", [] { einsum("...ij,...jk", {eempty({2, 2, 2, 3}), eempty({4, 3, 5})}); },
      [] { torch::einsum("...ij,...jk", {tempty({2, 2, 2, 3}), tempty({4, 3, 5})}); });
  err("einsum", "lone dots", [] { einsum("i..,i", {eempty({2, 3}), eempty({2})}); },
      [] { torch::einsum("i..,i", {tempty({2, 3}), tempty({2})}); });
  err("einsum", "two ellipses", [] { einsum("...i...->i", {eempty({2})}); },
      [] { torch::einsum("...i...->i", {tempty({2})}); });
  err("einsum", "two arrows", [] { einsum("i->->i", {eempty({2})}); }, [] { torch::einsum("i->->i", {tempty({2})}); });
  err("einsum", "dtype", [] { einsum("ij,jk", {eempty({2, 3}, kInt), eempty({3, 2})}); },
      [] { torch::einsum("ij,jk", {tempty({2, 3}, torch::kInt), tempty({3, 2})}); });
}

const bool registered = [] {
  register_products();
  register_add_forms();
  register_einsum();
  register_linear();
  register_errors();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
