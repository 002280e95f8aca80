// Difftest cases for src/ops/sort.cpp.
#include <sstream>

#include "difftest/harness.h"
#include "ember/ops/sort.h"

namespace ember::difftest {
namespace {

const std::vector<ScalarType> kRealTypes = kAllTypesButBool;
// LibTorch 1.13's CPU topk and kthvalue have no float16 kernel (ember's do).
const std::vector<ScalarType> kTopkTypes = {kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};
// _unique2/unique_dim: no float16 in LibTorch 1.13 either.
const std::vector<ScalarType> kUniqueTypes = {kBool, kByte, kChar, kShort, kInt, kLong, kBFloat16, kFloat, kDouble};

// Distinct values (a permutation of 0..n-1, shifted to be signed), so that positions are
// unique and any correct sort/topk gives LibTorch's indices. Shape [3, 4] or its transpose.
void distinct_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const EmberFn& e, const TorchFn& t,
                    bool differentiable = true) {
  uint64_t seed = std::hash<std::string>{}(op + "distinct");
  for (ScalarType dtype : dtypes) {
    for (bool transposed : {false, true}) {
      uint64_t s = seed++;
      std::ostringstream l;
      l << dtype << "/distinct" << (transposed ? "/transposed" : "") << "/[3, 4]";
      add_case({op, l.str(), [=]() {
                  torch::manual_seed(s);
                  torch::Tensor perm = (torch::randperm(12) - 5).to(to_torch(dtype));
                  Tensor x = from_torch(transposed ? perm.view({4, 3}).t() : perm.view({3, 4}));
                  return run_and_compare({x}, e, t, differentiable, s);
                }});
    }
  }
}

const bool registered = [] {
  // Values over every dtype and layout (ties allowed: values do not depend on tie order).
  unary_cases("sort", kAllTypes, [](auto& x) { return std::get<0>(sort(x[0])); },
              [](auto& x) { return std::get<0>(torch::sort(x[0])); });
  unary_cases("sort", kAllTypes, [](auto& x) { return std::get<0>(sort(x[0], 0, true)); },
              [](auto& x) { return std::get<0>(torch::sort(x[0], 0, true)); });
  unary_cases("sort", kAllTypes, [](auto& x) { return std::get<1>(sort(x[0], true, -1, true)); },
              [](auto& x) { return std::get<1>(torch::sort(x[0], true, -1, true)); });
  unary_cases("sort", kAllTypes, [](auto& x) { return std::get<1>(x[0].sort(true, 0, false)); },
              [](auto& x) { return std::get<1>(x[0].sort(true, 0, false)); });
  distinct_cases("sort", kRealTypes, [](auto& x) { return std::get<1>(sort(x[0], -1, true)); },
                 [](auto& x) { return std::get<1>(torch::sort(x[0], -1, true)); });
  add_case({"sort", "NaN last", [] {
              Tensor x = tensor({3.0, double(NAN), -1.0, double(NAN), 2.0});
              return run_and_compare({x}, [](auto& v) { return std::get<0>(sort(v[0], 0, true)); },
                                     [](auto& v) { return std::get<0>(torch::sort(v[0], 0, true)); }, true, 3);
            }});
  unary_cases("argsort", kAllTypes, [](auto& x) { return argsort(x[0], true, 0, false); },
              [](auto& x) { return torch::argsort(x[0], true, 0, false); }, {}, false);
  distinct_cases("argsort", kRealTypes, [](auto& x) { return argsort(x[0], 0, true); },
                 [](auto& x) { return torch::argsort(x[0], 0, true); }, false);

  // Inputs with ties (expanded layouts): which tied position gets the gradient is unspecified,
  // so gradients are checked on distinct values only.
  unary_cases("topk", kTopkTypes, [](auto& x) { return std::get<0>(topk(x[0], 1)); },
              [](auto& x) { return std::get<0>(torch::topk(x[0], 1)); }, {}, false);
  unary_cases("topk", kTopkTypes, [](auto& x) { return std::get<0>(topk(x[0], 0, 0)); },
              [](auto& x) { return std::get<0>(torch::topk(x[0], 0, 0)); }, {}, false);
  distinct_cases("topk", kTopkTypes, [](auto& x) { return std::get<0>(topk(x[0], 3, -1, false)); },
                 [](auto& x) { return std::get<0>(torch::topk(x[0], 3, -1, false)); });
  distinct_cases("topk", kTopkTypes, [](auto& x) { return std::get<1>(x[0].topk(2, 0)); },
                 [](auto& x) { return std::get<1>(x[0].topk(2, 0)); });
  add_case({"topk", "NaN largest", [] {
              Tensor x = tensor({3.0, double(NAN), -1.0, 2.0});
              return run_and_compare({x}, [](auto& v) { return std::get<0>(topk(v[0], 2)); },
                                     [](auto& v) { return std::get<0>(torch::topk(v[0], 2)); }, true, 3);
            }});

  unary_cases("kthvalue", kTopkTypes, [](auto& x) { return std::get<0>(kthvalue(x[0], 1)); },
              [](auto& x) { return std::get<0>(torch::kthvalue(x[0], 1)); }, {}, false);
  distinct_cases("kthvalue", kTopkTypes, [](auto& x) { return std::get<0>(kthvalue(x[0], 2, 0, true)); },
                 [](auto& x) { return std::get<0>(torch::kthvalue(x[0], 2, 0, true)); });
  distinct_cases("kthvalue", kTopkTypes, [](auto& x) { return std::get<1>(x[0].kthvalue(3, -1)); },
                 [](auto& x) { return std::get<1>(x[0].kthvalue(3, -1)); });

  for (int part_index : {0, 1, 2}) {
    unary_cases("unique", kUniqueTypes,
                [part_index](auto& x) {
                  auto r = unique(x[0], true, true, true);
                  return part_index == 0 ? std::get<0>(r) : part_index == 1 ? std::get<1>(r) : std::get<2>(r);
                },
                [part_index](auto& x) {
                  auto r = torch::_unique2(x[0], true, true, true);
                  return part_index == 0 ? std::get<0>(r) : part_index == 1 ? std::get<1>(r) : std::get<2>(r);
                },
                {}, false);
  }
  unary_cases("unique", {kFloat, kLong}, [](auto& x) { return std::get<2>(_unique2(x[0])); },
              [](auto& x) { return std::get<2>(torch::_unique2(x[0])); }, {}, false);
  for (int part_index : {0, 1, 2}) {
    add_case({"unique", "dim/part " + std::to_string(part_index), [part_index] {
                Tensor x = tensor({{1, 2, 1, 2}, {0, 3, 0, 3}, {1, 2, 1, 0}}).t();
                auto pick = [part_index](auto r) {
                  return part_index == 0 ? std::get<0>(r) : part_index == 1 ? std::get<1>(r) : std::get<2>(r);
                };
                return run_and_compare({x}, [&](auto& v) { return pick(unique(v[0], true, false, false, 0)); },
                                       [&](auto& v) { return pick(torch::unique_dim(v[0], 0)); }, false, 1) +
                       run_and_compare({x}, [&](auto& v) { return pick(unique_dim(v[0], -1, true, true, true)); },
                                       [&](auto& v) { return pick(torch::unique_dim(v[0], -1, true, true, true)); },
                                       false, 1);
              }});
  }

  // searchsorted / bucketize: sorted boundaries from torch.sort.
  for (ScalarType dtype : kRealTypes) {
    for (bool right : {false, true}) {
      std::ostringstream l;
      l << dtype << (right ? "/right" : "/left");
      add_case({"searchsorted", l.str() + "/1-d", [=] {
                  Tensor b = from_torch(std::get<0>(torch::sort(to_torch(make_input({6}, dtype, Layout::Contiguous, 7)))));
                  Tensor v = make_input({3, 4}, dtype, Layout::Transposed, 8);
                  return run_and_compare({b, v}, [=](auto& x) { return searchsorted(x[0], x[1], false, right); },
                                         [=](auto& x) { return torch::searchsorted(x[0], x[1], false, right); }, false, 1);
                }});
      add_case({"searchsorted", l.str() + "/n-d", [=] {
                  Tensor b = from_torch(std::get<0>(torch::sort(to_torch(make_input({2, 3, 5}, dtype, Layout::Contiguous, 9)))));
                  Tensor v = make_input({2, 3, 4}, dtype, Layout::Sliced, 10);
                  return run_and_compare({b, v}, [=](auto& x) { return searchsorted(x[0], x[1], true, false, right ? "right" : "left"); },
                                         [=](auto& x) { return torch::searchsorted(x[0], x[1], true, false, right ? "right" : "left"); },
                                         false, 1);
                }});
      add_case({"bucketize", l.str(), [=] {
                  Tensor b = from_torch(std::get<0>(torch::sort(to_torch(make_input({5}, dtype, Layout::Contiguous, 11)))));
                  Tensor v = make_input({2, 3, 4}, dtype, Layout::Expanded, 12);
                  return run_and_compare({v, b}, [=](auto& x) { return bucketize(x[0], x[1], false, right); },
                                         [=](auto& x) { return torch::bucketize(x[0], x[1], false, right); }, false, 1);
                }});
    }
  }
  add_case({"searchsorted", "mixed dtypes, scalar, 0-dim, empty", [] {
              Tensor b = tensor({1.0, 2.0, 2.0, 3.0});
              std::string why = compare(searchsorted(b, tensor({2, 5, 0})),
                                        torch::searchsorted(torch::tensor({1.0, 2.0, 2.0, 3.0}), torch::tensor({2, 5, 0})), {0, 0});
              why += compare(searchsorted(b.to(kInt), 2.5, false, true),
                             torch::searchsorted(torch::tensor({1, 2, 2, 3}, torch::kInt), 2.5, false, true), {0, 0});
              why += compare(searchsorted(b, full({}, 2.0)), torch::searchsorted(torch::tensor({1.0, 2.0, 2.0, 3.0}), torch::full({}, 2.0)), {0, 0});
              why += compare(searchsorted(b, empty({0})), torch::searchsorted(torch::tensor({1.0, 2.0, 2.0, 3.0}), torch::empty({0})), {0, 0});
              why += compare(searchsorted(b, tensor({NAN})), torch::searchsorted(torch::tensor({1.0, 2.0, 2.0, 3.0}), torch::tensor({NAN})), {0, 0});
              why += compare(bucketize(2, b, true), torch::bucketize(2, torch::tensor({1.0, 2.0, 2.0, 3.0}), true), {0, 0});
              return why;
            }});

  // Errors.
  auto t = [] { return torch::ones({2, 3}); };
  auto e = [] { return ones({2, 3}); };
  add_error_case("sort", "dim out of range", [=] { sort(e(), 2); }, [=] { torch::sort(t(), 2); });
  add_error_case("argsort", "dim out of range", [=] { argsort(e(), int64_t{-3}); }, [=] { torch::argsort(t(), int64_t{-3}); });
  add_error_case("topk", "k too large", [=] { topk(e(), 4); }, [=] { torch::topk(t(), 4); });
  add_error_case("topk", "negative k", [=] { topk(e(), -1); }, [=] { torch::topk(t(), -1); });
  add_error_case("topk", "bool", [] { topk(ones({3}, kBool), 1); }, [] { torch::topk(torch::ones({3}, torch::kBool), 1); });
  add_error_case("topk", "dim out of range", [=] { topk(e(), 1, 2); }, [=] { torch::topk(t(), 1, 2); });
  add_error_case("kthvalue", "k = 0", [=] { kthvalue(e(), 0); }, [=] { torch::kthvalue(t(), 0); });
  add_error_case("kthvalue", "k too large", [=] { kthvalue(e(), 3, 0); }, [=] { torch::kthvalue(t(), 3, 0); });
  add_error_case("unique", "dim out of range", [=] { unique(e(), true, false, false, 2); },
                 [=] { torch::unique_dim(t(), 2); });
  add_error_case("searchsorted", "leading dims differ", [] { searchsorted(ones({3, 4}), ones({2, 4})); },
                 [] { torch::searchsorted(torch::ones({3, 4}), torch::ones({2, 4})); });
  add_error_case("searchsorted", "scalar with n-d boundaries", [] { searchsorted(ones({3, 4}), 1.0); },
                 [] { torch::searchsorted(torch::ones({3, 4}), 1.0); });
  add_error_case("searchsorted", "bad side", [] { searchsorted(ones({3}), ones({2}), false, false, "middle"); },
                 [] { torch::searchsorted(torch::ones({3}), torch::ones({2}), false, false, "middle"); });
  add_error_case("searchsorted", "side contradicts right", [] { searchsorted(ones({3}), ones({2}), false, true, "left"); },
                 [] { torch::searchsorted(torch::ones({3}), torch::ones({2}), false, true, "left"); });
  add_error_case("searchsorted", "bool", [] { searchsorted(ones({3}, kBool), ones({2}, kBool)); },
                 [] { torch::searchsorted(torch::ones({3}, torch::kBool), torch::ones({2}, torch::kBool)); });
  add_error_case("bucketize", "2-d boundaries", [] { bucketize(ones({2}), ones({2, 2})); },
                 [] { torch::bucketize(torch::ones({2}), torch::ones({2, 2})); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
