// Difftest cases for src/ops/arrange.cpp.
#include "difftest/harness.h"
#include <sstream>

#include "ember/ops/arrange.h"

namespace ember::difftest {
namespace {

// A bad call to an arrange op on a float tensor of `shape`.
void error_case(const std::string& op, const std::string& label, std::vector<int64_t> shape,
                std::function<void(const Tensor&)> ember_call, std::function<void(const torch::Tensor&)> torch_call) {
  add_error_case(op, label, [=] { ember_call(ones(shape)); }, [=] { torch_call(torch::ones(shape)); });
}

// Cases on an explicit input (for ops needing a particular rank).
void shaped_cases(const std::string& op, const std::vector<ScalarType>& dtypes, std::vector<int64_t> shape,
                  const EmberFn& e, const TorchFn& t, bool differentiable = true) {
  uint64_t seed = std::hash<std::string>{}(op + "shaped");
  for (ScalarType dtype : dtypes) {
    for (Layout layout : {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::Expanded}) {
      uint64_t s = seed++;
      std::ostringstream l;
      l << dtype << "/" << to_string(layout) << "/" << IntArrayRef(shape);
      add_case({op, l.str(), [=]() {
                  return run_and_compare({make_input(shape, dtype, layout, s)}, e, t, differentiable, s);
                }});
    }
  }
}

const bool registered = [] {
  unary_cases("flip", kAllTypes, [](auto& x) { return flip(x[0], {0, -1}); },
              [](auto& x) { return torch::flip(x[0], {0, -1}); });
  unary_cases("flip", {kFloat, kInt}, [](auto& x) { return flip(x[0], {}); },
              [](auto& x) { return torch::flip(x[0], {}); });
  unary_cases("roll", kAllTypes, [](auto& x) { return roll(x[0], {2}); },
              [](auto& x) { return torch::roll(x[0], {2}); });
  unary_cases("roll", kAllTypes, [](auto& x) { return roll(x[0], {-7}); },
              [](auto& x) { return torch::roll(x[0], {-7}); });
  shaped_cases("roll", kAllTypes, {3, 4}, [](auto& x) { return roll(x[0], {1, -5}, {-1, 0}); },
               [](auto& x) { return torch::roll(x[0], {1, -5}, {-1, 0}); });
  for (int64_t k : {-3, -1, 0, 1, 2, 5})
    shaped_cases("rot90", k == 1 ? kAllTypes : std::vector<ScalarType>{kFloat, kLong}, {2, 3, 4},
                 [k](auto& x) { return rot90(x[0], k, {-1, 0}); },
                 [k](auto& x) { return torch::rot90(x[0], k, {-1, 0}); });
  unary_cases("repeat", kAllTypes, [](auto& x) { return x[0].repeat({2, 1, 3, 1}); },
              [](auto& x) { return x[0].repeat({2, 1, 3, 1}); });
  unary_cases("repeat", {kFloat, kDouble}, [](auto& x) { return x[0].repeat({0, 2, 1, 1}); },
              [](auto& x) { return x[0].repeat({0, 2, 1, 1}); });
  unary_cases("tile", kAllTypes, [](auto& x) { return x[0].tile({2, 3}); }, [](auto& x) { return x[0].tile({2, 3}); });
  unary_cases("tile", {kFloat, kDouble}, [](auto& x) { return tile(x[0], {2, 1, 1, 2}); },
              [](auto& x) { return torch::tile(x[0], {2, 1, 1, 2}); });
  unary_cases("repeat_interleave", kAllTypes, [](auto& x) { return repeat_interleave(x[0], 2); },
              [](auto& x) { return torch::repeat_interleave(x[0], 2); });
  shaped_cases("repeat_interleave", kAllTypes, {3, 4},
               [](auto& x) { return repeat_interleave(x[0], tensor({1, 0, 3, 2}), -1); },
               [](auto& x) { return torch::repeat_interleave(x[0], torch::tensor({1, 0, 3, 2}), -1); });
  shaped_cases("repeat_interleave", {kFloat, kDouble}, {3, 4},
               [](auto& x) { return x[0].repeat_interleave(tensor({2, 1, 1}, kInt), 0, 4); },
               [](auto& x) { return x[0].repeat_interleave(torch::tensor({2, 1, 1}, torch::kInt), 0, 4); });
  add_case({"repeat_interleave", "repeats only", [] {
              return compare(repeat_interleave(tensor({2, 0, 3})),
                             torch::repeat_interleave(torch::tensor({2, 0, 3})), {0, 0});
            }});
  for (int64_t k : {-1, 0, 2, 100, -100}) {
    shaped_cases("tril", k == 0 ? kAllTypes : std::vector<ScalarType>{kDouble, kBool}, {2, 3, 4},
                 [k](auto& x) { return tril(x[0], k); }, [k](auto& x) { return torch::tril(x[0], k); });
    shaped_cases("triu", k == 0 ? kAllTypes : std::vector<ScalarType>{kDouble, kBool}, {4, 3},
                 [k](auto& x) { return x[0].triu(k); }, [k](auto& x) { return x[0].triu(k); });
  }
  add_case({"tril", "zero-size", [] {
              return run_and_compare({zeros({0, 3, 2})}, [](auto& x) { return tril(x[0]); },
                                     [](auto& x) { return torch::tril(x[0]); }, true, 1);
            }});
  unary_cases("one_hot", {kLong}, [](auto& x) { return one_hot(x[0]); },
              [](auto& x) { return torch::one_hot(x[0]); }, {0, 4}, false);
  unary_cases("one_hot", {kLong}, [](auto& x) { return one_hot(x[0], 7); },
              [](auto& x) { return torch::one_hot(x[0], 7); }, {0, 4}, false);
  unary_cases("constant_pad_nd", kAllTypes, [](auto& x) { return constant_pad_nd(x[0], {1, 2}); },
              [](auto& x) { return torch::constant_pad_nd(x[0], {1, 2}); });
  unary_cases("constant_pad_nd", kAllTypesButBool, [](auto& x) { return constant_pad_nd(x[0], {-1, 2}, 3); },
              [](auto& x) { return torch::constant_pad_nd(x[0], {-1, 2}, 3); });
  shaped_cases("constant_pad_nd", {kFloat, kDouble, kInt}, {2, 3, 4},
               [](auto& x) { return constant_pad_nd(x[0], {0, -2, 3, 1, -1, 1}, 1.5); },
               [](auto& x) { return torch::constant_pad_nd(x[0], {0, -2, 3, 1, -1, 1}, 1.5); });
  shaped_cases("pad", kAllTypes, {2, 3, 4}, [](auto& x) { return pad(x[0], {2, 1, 1, 0}, "constant", 2.0); },
               [](auto& x) { return torch::pad(x[0], {2, 1, 1, 0}, "constant", 2.0); });
  for (const char* mode : {"reflect", "replicate", "circular"}) {
    std::string m = mode;
    shaped_cases("pad", {kFloat, kDouble}, {2, 3, 4}, [m](auto& x) { return pad(x[0], {2, 3}, m); },
                 [m](auto& x) { return torch::pad(x[0], {2, 3}, m); });
    shaped_cases("pad", {kFloat, kDouble}, {2, 3, 4}, [m](auto& x) { return pad(x[0], {-1, 2, 2, 1}, m); },
                 [m](auto& x) { return torch::pad(x[0], {-1, 2, 2, 1}, m); });
    shaped_cases("pad", {kFloat, kDouble}, {1, 2, 3, 4, 3}, [m](auto& x) { return pad(x[0], {1, 2, 2, 1, 0, 1}, m); },
                 [m](auto& x) { return torch::pad(x[0], {1, 2, 2, 1, 0, 1}, m); });
  }
  shaped_cases("pad", {kFloat, kDouble}, {3, 4}, [](auto& x) { return pad(x[0], {3, 2}, "reflect"); },
               [](auto& x) { return torch::pad(x[0], {3, 2}, "reflect"); });
  shaped_cases("pad", {kFloat}, {3, 4}, [](auto& x) { return pad(x[0], {3, 2, 1, 1}, "replicate"); },
               [](auto& x) { return torch::pad(x[0], {3, 2, 1, 1}, "replicate"); });

  // Errors.
  error_case("flip", "dim out of range", {2, 3}, [](auto& x) { flip(x, {2}); }, [](auto& x) { torch::flip(x, {2}); });
  error_case("flip", "repeated dim", {2, 3}, [](auto& x) { flip(x, {1, -1}); }, [](auto& x) { torch::flip(x, {1, -1}); });
  error_case("roll", "shifts/dims mismatch", {2, 3}, [](auto& x) { roll(x, {1, 2}, {0}); },
             [](auto& x) { torch::roll(x, {1, 2}, {0}); });
  error_case("roll", "two shifts no dims", {2, 3}, [](auto& x) { roll(x, {1, 2}); },
             [](auto& x) { torch::roll(x, {1, 2}); });
  error_case("roll", "dim out of range", {2, 3}, [](auto& x) { roll(x, {1}, {3}); },
             [](auto& x) { torch::roll(x, {1}, {3}); });
  error_case("roll", "0-dim with dim", {}, [](auto& x) { roll(x, {1}, {0}); }, [](auto& x) { torch::roll(x, {1}, {0}); });
  error_case("rot90", "one dim", {2, 3}, [](auto& x) { rot90(x, 1, {0}); }, [](auto& x) { torch::rot90(x, 1, {0}); });
  error_case("rot90", "same dims", {2, 3}, [](auto& x) { rot90(x, 1, {1, -1}); },
             [](auto& x) { torch::rot90(x, 1, {1, -1}); });
  error_case("rot90", "1-d input", {3}, [](auto& x) { rot90(x); }, [](auto& x) { torch::rot90(x); });
  error_case("repeat", "too few repeats", {2, 3}, [](auto& x) { x.repeat({2}); }, [](auto& x) { x.repeat({2}); });
  error_case("repeat", "negative repeat", {2, 3}, [](auto& x) { x.repeat({2, -1}); }, [](auto& x) { x.repeat({2, -1}); });
  error_case("tile", "negative", {2, 3}, [](auto& x) { x.tile({-1}); }, [](auto& x) { x.tile({-1}); });
  error_case("repeat_interleave", "size mismatch", {3}, [](auto& x) { repeat_interleave(x, tensor({1, 2}), 0); },
             [](auto& x) { torch::repeat_interleave(x, torch::tensor({1, 2}), 0); });
  error_case("repeat_interleave", "negative", {2}, [](auto& x) { repeat_interleave(x, tensor({1, -2}), 0); },
             [](auto& x) { torch::repeat_interleave(x, torch::tensor({1, -2}), 0); });
  error_case("repeat_interleave", "output_size", {3}, [](auto& x) { repeat_interleave(x, tensor({1, 2, 1}), 0, 5); },
             [](auto& x) { torch::repeat_interleave(x, torch::tensor({1, 2, 1}), 0, 5); });
  error_case("repeat_interleave", "float repeats", {3}, [](auto& x) { repeat_interleave(x, ones({3}), 0); },
             [](auto& x) { torch::repeat_interleave(x, torch::ones({3}), 0); });
  error_case("repeat_interleave", "dim out of range", {3}, [](auto& x) { repeat_interleave(x, 2, 1); },
             [](auto& x) { torch::repeat_interleave(x, 2, 1); });
  error_case("tril", "1-d", {3}, [](auto& x) { tril(x); }, [](auto& x) { torch::tril(x); });
  error_case("triu", "0-d", {}, [](auto& x) { triu(x); }, [](auto& x) { torch::triu(x); });
  add_error_case("one_hot", "float input", [] { one_hot(ones({3})); }, [] { torch::one_hot(torch::ones({3})); });
  add_error_case("one_hot", "negative class", [] { one_hot(tensor({1, -1})); },
                 [] { torch::one_hot(torch::tensor({1, -1})); });
  add_error_case("one_hot", "class >= num_classes", [] { one_hot(tensor({1, 3}), 3); },
                 [] { torch::one_hot(torch::tensor({1, 3}), 3); });
  add_error_case("one_hot", "empty without num_classes", [] { one_hot(empty({0}, kLong)); },
                 [] { torch::one_hot(torch::empty({0}, torch::kLong)); });
  error_case("constant_pad_nd", "odd pad", {2, 3}, [](auto& x) { constant_pad_nd(x, {1}); },
             [](auto& x) { torch::constant_pad_nd(x, {1}); });
  error_case("constant_pad_nd", "pad too long", {3}, [](auto& x) { constant_pad_nd(x, {1, 1, 1, 1}); },
             [](auto& x) { torch::constant_pad_nd(x, {1, 1, 1, 1}); });
  error_case("constant_pad_nd", "negative size", {2, 3}, [](auto& x) { constant_pad_nd(x, {-2, -2}); },
             [](auto& x) { torch::constant_pad_nd(x, {-2, -2}); });
  error_case("pad", "reflect pad too large", {1, 2, 3}, [](auto& x) { pad(x, {3, 0}, "reflect"); },
             [](auto& x) { torch::pad(x, {3, 0}, "reflect"); });
  error_case("pad", "circular wraps twice", {1, 2, 3}, [](auto& x) { pad(x, {4, 0}, "circular"); },
             [](auto& x) { torch::pad(x, {4, 0}, "circular"); });
  error_case("pad", "circular unbatched", {2, 3}, [](auto& x) { pad(x, {1, 1}, "circular"); },
             [](auto& x) { torch::pad(x, {1, 1}, "circular"); });
  error_case("pad", "reflect of 1-d", {3}, [](auto& x) { pad(x, {1, 1}, "reflect"); },
             [](auto& x) { torch::pad(x, {1, 1}, "reflect"); });
  error_case("pad", "value with replicate", {1, 3}, [](auto& x) { pad(x, {1, 1}, "replicate", 1.0); },
             [](auto& x) { torch::pad(x, {1, 1}, "replicate", 1.0); });
  error_case("pad", "unknown mode", {1, 3}, [](auto& x) { pad(x, {1, 1}, "wrap"); },
             [](auto& x) { torch::pad(x, {1, 1}, "wrap"); });
  error_case("pad", "odd length", {1, 3}, [](auto& x) { pad(x, {1, 1, 1}, "reflect"); },
             [](auto& x) { torch::pad(x, {1, 1, 1}, "reflect"); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
