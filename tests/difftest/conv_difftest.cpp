// Difftest cases for the convolution family (convolution.cpp): convolution, conv1d/2d/3d
// (integer and "same"/"valid" padding), conv_transpose1d/2d/3d against LibTorch, forward and
// gradients, float32 (oneDNN) and float64 (direct loop), bfloat16 (computed in float32);
// error cases; gradcheck and gradgradcheck of every op.
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

// One convolution call: spatial dims from the weight, transposed or not, its parameters.
struct Spec {
  Spec(std::vector<int64_t> input, std::vector<int64_t> weight, bool bias = true, std::vector<int64_t> stride = {1},
       std::vector<int64_t> padding = {0}, std::vector<int64_t> dilation = {1},
       std::vector<int64_t> output_padding = {0}, int64_t groups = 1, std::string padding_mode = "")
      : input(std::move(input)), weight(std::move(weight)), bias(bias), stride(std::move(stride)),
        padding(std::move(padding)), dilation(std::move(dilation)), output_padding(std::move(output_padding)),
        groups(groups), padding_mode(std::move(padding_mode)) {}
  std::vector<int64_t> input, weight;
  bool bias;
  std::vector<int64_t> stride, padding, dilation, output_padding;
  int64_t groups;
  std::string padding_mode;  // "same"/"valid" for the string overloads
};

std::string describe(const Spec& s, ScalarType dtype, Layout layout) {
  std::ostringstream o;
  o << dtype << "/" << to_string(layout) << "/in" << IntArrayRef(s.input) << "/w" << IntArrayRef(s.weight)
    << "/s" << IntArrayRef(s.stride) << "/p";
  if (s.padding_mode.empty()) o << IntArrayRef(s.padding);
  else o << s.padding_mode;
  o << "/d" << IntArrayRef(s.dilation) << "/op" << IntArrayRef(s.output_padding) << "/g" << s.groups
    << (s.bias ? "/bias" : "");
  return o.str();
}

std::optional<Tensor> opt(const std::vector<Tensor>& v) {
  return v.size() > 2 ? std::optional<Tensor>(v[2]) : std::nullopt;
}
torch::Tensor topt(const std::vector<torch::Tensor>& v) { return v.size() > 2 ? v[2] : torch::Tensor(); }

// The op's ember and LibTorch calls for `s` (op: convolution, convNd, conv_transposeNd).
std::pair<EmberFn, TorchFn> calls(const std::string& op, const Spec& s) {
  size_t nd = s.weight.size() - 2;
  bool transposed = op.rfind("conv_transpose", 0) == 0;
  if (op == "convolution") {
    bool t = s.output_padding != std::vector<int64_t>{0};
    return {[s, t](auto& v) {
              return convolution(v[0], v[1], opt(v), s.stride, s.padding, s.dilation, t, s.output_padding, s.groups);
            },
            [s, t](auto& v) {
              return torch::convolution(v[0], v[1], topt(v), s.stride, s.padding, s.dilation, t, s.output_padding,
                                        s.groups);
            }};
  }
  if (transposed) {
    using E = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef, IntArrayRef,
                         IntArrayRef, int64_t, IntArrayRef);
    E e = nd == 1 ? static_cast<E>(conv_transpose1d) : nd == 2 ? static_cast<E>(conv_transpose2d)
                                                                : static_cast<E>(conv_transpose3d);
    return {[s, e](auto& v) { return e(v[0], v[1], opt(v), s.stride, s.padding, s.output_padding, s.groups, s.dilation); },
            [s, nd](auto& v) {
              auto f = nd == 1 ? torch::conv_transpose1d : nd == 2 ? torch::conv_transpose2d : torch::conv_transpose3d;
              return f(v[0], v[1], topt(v), s.stride, s.padding, s.output_padding, s.groups, s.dilation);
            }};
  }
  if (!s.padding_mode.empty()) {
    using E = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef, std::string_view,
                         IntArrayRef, int64_t);
    E e = nd == 1 ? static_cast<E>(conv1d) : nd == 2 ? static_cast<E>(conv2d) : static_cast<E>(conv3d);
    return {[s, e](auto& v) { return e(v[0], v[1], opt(v), s.stride, s.padding_mode, s.dilation, s.groups); },
            [s, nd](auto& v) {
              using T = torch::Tensor (*)(const torch::Tensor&, const torch::Tensor&, const c10::optional<torch::Tensor>&,
                                          torch::IntArrayRef, c10::string_view, torch::IntArrayRef, int64_t);
              T f = nd == 1 ? static_cast<T>(torch::conv1d) : nd == 2 ? static_cast<T>(torch::conv2d)
                                                                      : static_cast<T>(torch::conv3d);
              return f(v[0], v[1], topt(v), s.stride, s.padding_mode, s.dilation, s.groups);
            }};
  }
  using E = Tensor (*)(const Tensor&, const Tensor&, const std::optional<Tensor>&, IntArrayRef, IntArrayRef,
                       IntArrayRef, int64_t);
  E e = nd == 1 ? static_cast<E>(conv1d) : nd == 2 ? static_cast<E>(conv2d) : static_cast<E>(conv3d);
  return {[s, e](auto& v) { return e(v[0], v[1], opt(v), s.stride, s.padding, s.dilation, s.groups); },
          [s, nd](auto& v) {
            using T = torch::Tensor (*)(const torch::Tensor&, const torch::Tensor&, const c10::optional<torch::Tensor>&,
                                        torch::IntArrayRef, torch::IntArrayRef, torch::IntArrayRef, int64_t);
            T f = nd == 1 ? static_cast<T>(torch::conv1d) : nd == 2 ? static_cast<T>(torch::conv2d)
                                                                    : static_cast<T>(torch::conv3d);
            return f(v[0], v[1], topt(v), s.stride, s.padding, s.dilation, s.groups);
          }};
}

int64_t bias_size(const std::string& op, const Spec& s) {
  bool transposed = op.rfind("conv_transpose", 0) == 0 || (op == "convolution" && s.output_padding != std::vector<int64_t>{0});
  return transposed ? s.weight[1] * s.groups : s.weight[0];
}

std::vector<Tensor> inputs_for(const std::string& op, const Spec& s, ScalarType dtype, Layout layout, uint64_t seed) {
  // Values in [-1, 1] keep float32 sums of a few dozen products within its tolerance.
  std::vector<Tensor> v = {make_input(s.input, dtype, layout, seed, -1, 1),
                           make_input(s.weight, dtype, Layout::Contiguous, seed + 1, -1, 1)};
  if (s.bias) v.push_back(make_input({bias_size(op, s)}, dtype, Layout::Contiguous, seed + 2, -1, 1));
  return v;
}

uint64_t next_seed = 1000;

void conv_case(const std::string& op, const Spec& s, const std::vector<ScalarType>& dtypes,
               const std::vector<Layout>& layouts = {Layout::Contiguous, Layout::Transposed}, bool gradcheck = true) {
  auto [e, t] = calls(op, s);
  for (ScalarType dtype : dtypes) {
    for (Layout layout : layouts) {
      uint64_t seed = next_seed += 3;
      add_case({op, describe(s, dtype, layout), [=, e = e, t = t] {
                  return run_and_compare(inputs_for(op, s, dtype, layout, seed), e, t, true, seed);
                }});
    }
  }
  if (!gradcheck) return;
  // Gradients of gradients, by finite differences in float64.
  uint64_t seed = next_seed += 3;
  add_gradcheck_case({op, describe(s, kDouble, Layout::Contiguous),
                      [=] { return inputs_for(op, s, kDouble, Layout::Contiguous, seed); }, e});
}

// bfloat16: LibTorch computes bfloat16 convolutions itself; ember in float32 rounded once.
void bf16_case(const std::string& op, const Spec& s) {
  auto [e, t] = calls(op, s);
  uint64_t seed = next_seed += 3;
  add_case({op, describe(s, kBFloat16, Layout::Contiguous), [=, e = e, t = t] {
              return run_and_compare(inputs_for(op, s, kBFloat16, Layout::Contiguous, seed), e,
                                     [t](auto& v) {
                                       std::vector<torch::Tensor> f;
                                       for (const auto& x : v) f.push_back(x.to(torch::kFloat));
                                       return t(f).to(torch::kBFloat16);
                                     },
                                     false, seed);
            }});
}

const std::vector<ScalarType> kConvTypes = {kFloat, kDouble};

void forward_cases() {
  // conv1d
  conv_case("conv1d", {{2, 3, 9}, {4, 3, 3}}, kConvTypes);
  conv_case("conv1d", {{2, 4, 10}, {6, 2, 3}, false, {2}, {1}, {2}, {0}, 2}, kConvTypes);
  conv_case("conv1d", {{3, 8}, {4, 3, 3}, true, {1}, {2}}, kConvTypes, {Layout::Contiguous});  // unbatched
  conv_case("conv1d", {{2, 3, 9}, {4, 3, 4}, true, {1}, {0}, {2}, {0}, 1, "same"}, kConvTypes);
  conv_case("conv1d", {{2, 3, 9}, {4, 3, 3}, true, {1}, {0}, {1}, {0}, 1, "valid"}, kConvTypes);
  // conv2d
  conv_case("conv2d", {{2, 3, 7, 6}, {5, 3, 3, 3}}, kConvTypes);
  conv_case("conv2d", {{2, 3, 7, 6}, {5, 3, 3, 2}, false, {2, 1}, {1, 2}, {1, 2}}, kConvTypes);
  conv_case("conv2d", {{1, 4, 8, 8}, {6, 2, 3, 3}, true, {2}, {1}, {2}, {0}, 2}, kConvTypes);
  conv_case("conv2d", {{2, 4, 6, 6}, {4, 1, 3, 3}, true, {1}, {1}, {1}, {0}, 4}, kConvTypes);  // depthwise
  conv_case("conv2d", {{2, 3, 6, 7}, {4, 3, 1, 1}, true, {3}, {0}}, kConvTypes);  // 1x1, stride larger than kernel
  conv_case("conv2d", {{3, 6, 5}, {2, 3, 3, 3}, true, {1}, {1}}, kConvTypes, {Layout::Contiguous});  // unbatched
  conv_case("conv2d", {{2, 3, 7, 6}, {4, 3, 4, 3}, true, {1}, {0}, {1, 2}, {0}, 1, "same"}, kConvTypes);
  conv_case("conv2d", {{2, 3, 7, 6}, {4, 3, 3, 3}, false, {1}, {0}, {1}, {0}, 1, "valid"}, kConvTypes);
  // conv3d
  conv_case("conv3d", {{2, 2, 5, 4, 6}, {3, 2, 3, 2, 3}}, kConvTypes);
  conv_case("conv3d", {{1, 4, 5, 5, 5}, {4, 2, 3, 3, 3}, false, {2, 1, 2}, {1}, {1, 2, 1}, {0}, 2}, kConvTypes);
  conv_case("conv3d", {{1, 2, 4, 5, 3}, {2, 2, 2, 3, 2}, true, {1}, {0}, {1}, {0}, 1, "same"}, kConvTypes);
  // conv_transpose
  conv_case("conv_transpose1d", {{2, 3, 6}, {3, 4, 3}}, kConvTypes);
  conv_case("conv_transpose1d", {{2, 4, 5}, {4, 2, 3}, false, {3}, {1}, {2}, {2}, 2}, kConvTypes);
  conv_case("conv_transpose2d", {{2, 3, 4, 5}, {3, 2, 3, 3}, true, {2}, {1}, {1}, {1}}, kConvTypes);
  conv_case("conv_transpose2d", {{1, 4, 4, 3}, {4, 3, 3, 2}, true, {2, 3}, {0, 1}, {1, 2}, {1, 0}, 2}, kConvTypes);
  // output_padding >= stride (allowed when dilation is larger): the loop kernel's geometry.
  conv_case("conv_transpose2d", {{1, 2, 4, 4}, {2, 2, 3, 3}, true, {1}, {0}, {3}, {2}}, kConvTypes);
  conv_case("conv_transpose2d", {{3, 4, 5}, {3, 2, 2, 2}, true, {2}}, kConvTypes, {Layout::Contiguous});  // unbatched
  conv_case("conv_transpose3d", {{1, 2, 3, 4, 3}, {2, 3, 2, 3, 2}, true, {2, 1, 2}, {0, 1, 0}, {1}, {1, 0, 1}},
            kConvTypes);
  conv_case("conv_transpose3d", {{2, 4, 3, 3, 3}, {4, 1, 3, 3, 3}, false, {1}, {1}, {2}, {0}, 4}, kConvTypes);
  // convolution itself, both directions.
  conv_case("convolution", {{2, 3, 7, 6}, {5, 3, 3, 3}, true, {2}, {1}, {1}}, kConvTypes);
  conv_case("convolution", {{2, 4, 9}, {8, 1, 3}, true, {1}, {2}, {3}, {0}, 4}, kConvTypes);
  conv_case("convolution", {{2, 3, 4, 4}, {3, 2, 3, 3}, true, {2}, {1}, {1}, {1}}, kConvTypes);  // transposed
  conv_case("convolution", {{1, 2, 3, 3, 3}, {3, 2, 2, 2, 2}, false, {1}, {0}, {1}}, kConvTypes);
  // Sliced (every other element) inputs, and empty batches.
  conv_case("conv2d", {{2, 3, 5, 6}, {4, 3, 3, 3}, true, {1}, {1}}, {kFloat}, {Layout::Sliced});
  add_case({"conv2d", "zero batch", [] {
              return run_and_compare({empty({0, 3, 5, 5}), ones({4, 3, 3, 3})},
                                     [](auto& v) { return conv2d(v[0], v[1]); },
                                     [](auto& v) { return torch::conv2d(v[0], v[1]); }, true, 1);
            }});
  add_case({"conv_transpose2d", "zero batch", [] {
              return run_and_compare({empty({0, 3, 5, 5}), ones({3, 2, 3, 3}), ones({2})},
                                     [](auto& v) { return conv_transpose2d(v[0], v[1], v[2]); },
                                     [](auto& v) { return torch::conv_transpose2d(v[0], v[1], v[2]); }, true, 1);
            }});
  // bfloat16 through float32.
  bf16_case("conv2d", {{2, 3, 6, 6}, {4, 3, 3, 3}, true, {1}, {1}});
  bf16_case("conv_transpose2d", {{2, 3, 4, 4}, {3, 2, 3, 3}, true, {2}, {1}});
  // The performance shape (float32, oneDNN's blocked layouts), forward and gradients.
  // (No bias: its gradient sums 784 values, beyond float32's tolerance in either library.)
  conv_case("conv2d", {{4, 64, 14, 14}, {64, 64, 3, 3}, false, {1}, {1}}, {kFloat}, {Layout::Contiguous},
            /*gradcheck=*/false);
}

void error_cases() {
  auto x = [] { return zeros({1, 3, 5, 5}); };
  auto tx = [] { return torch::zeros({1, 3, 5, 5}); };
  auto w = [] { return zeros({4, 3, 3, 3}); };
  auto tw = [] { return torch::zeros({4, 3, 3, 3}); };
  add_error_case("conv2d", "wrong channel count", [] { conv2d(zeros({1, 2, 5, 5}), zeros({4, 3, 3, 3})); },
                 [] { torch::conv2d(torch::zeros({1, 2, 5, 5}), torch::zeros({4, 3, 3, 3})); });
  add_error_case("conv2d", "groups do not divide out channels", [=] { conv2d(zeros({1, 3, 5, 5}), zeros({4, 1, 3, 3}), {}, 1, 1, 1, 3); },
                 [=] { torch::conv2d(torch::zeros({1, 3, 5, 5}), torch::zeros({4, 1, 3, 3}), {}, 1, 1, 1, 3); });
  add_error_case("conv2d", "zero groups", [=] { conv2d(x(), w(), {}, 1, 1, 1, 0); },
                 [=] { torch::conv2d(tx(), tw(), {}, 1, 1, 1, 0); });
  add_error_case("conv2d", "3-d weight", [=] { conv2d(x(), zeros({4, 3, 3})); },
                 [=] { torch::conv2d(tx(), torch::zeros({4, 3, 3})); });
  add_error_case("conv2d", "5-d input", [=] { conv2d(zeros({1, 1, 3, 5, 5}), w()); },
                 [=] { torch::conv2d(torch::zeros({1, 1, 3, 5, 5}), tw()); });
  add_error_case("conv2d", "negative padding", [=] { conv2d(x(), w(), {}, 1, -1); },
                 [=] { torch::conv2d(tx(), tw(), {}, 1, -1); });
  add_error_case("conv2d", "zero stride", [=] { conv2d(x(), w(), {}, 0); }, [=] { torch::conv2d(tx(), tw(), {}, 0); });
  add_error_case("conv2d", "zero dilation", [=] { conv2d(x(), w(), {}, 1, 1, 0); },
                 [=] { torch::conv2d(tx(), tw(), {}, 1, 1, 0); });
  add_error_case("conv2d", "kernel larger than input", [=] { conv2d(zeros({1, 3, 2, 2}), w()); },
                 [=] { torch::conv2d(torch::zeros({1, 3, 2, 2}), tw()); });
  add_error_case("conv2d", "bias size", [=] { conv2d(x(), w(), zeros({3})); },
                 [=] { torch::conv2d(tx(), tw(), torch::zeros({3})); });
  add_error_case("conv2d", "dtype mismatch", [=] { conv2d(x(), w().to(kDouble)); },
                 [=] { torch::conv2d(tx(), tw().to(torch::kDouble)); });
  add_error_case("conv2d", "half input", [=] { conv2d(x().to(kHalf), w().to(kHalf)); },
                 [=] { torch::conv2d(tx().to(torch::kHalf), tw().to(torch::kHalf)); });
  add_error_case("conv2d", "stride of 3 values", [=] { conv2d(x(), w(), {}, {1, 1, 1}); },
                 [=] { torch::conv2d(tx(), tw(), {}, {1, 1, 1}); });
  add_error_case("conv2d", "same with stride 2", [=] { conv2d(x(), w(), {}, 2, "same"); },
                 [=] { torch::conv2d(tx(), tw(), {}, 2, "same"); });
  add_error_case("conv2d", "unknown padding string", [=] { conv2d(x(), w(), {}, 1, "full"); },
                 [=] { torch::conv2d(tx(), tw(), {}, 1, "full"); });
  add_error_case("conv1d", "2-d weight", [] { conv1d(zeros({1, 3, 5}), zeros({4, 3})); },
                 [] { torch::conv1d(torch::zeros({1, 3, 5}), torch::zeros({4, 3})); });
  add_error_case("conv1d", "1-d input", [] { conv1d(zeros({5}), zeros({4, 1, 3})); },
                 [] { torch::conv1d(torch::zeros({5}), torch::zeros({4, 1, 3})); });
  add_error_case("conv3d", "4-d weight", [] { conv3d(zeros({1, 3, 5, 5, 5}), zeros({4, 3, 3, 3})); },
                 [] { torch::conv3d(torch::zeros({1, 3, 5, 5, 5}), torch::zeros({4, 3, 3, 3})); });
  add_error_case("conv_transpose2d", "wrong channel count", [] { conv_transpose2d(zeros({1, 2, 5, 5}), zeros({3, 2, 3, 3})); },
                 [] { torch::conv_transpose2d(torch::zeros({1, 2, 5, 5}), torch::zeros({3, 2, 3, 3})); });
  add_error_case("conv_transpose2d", "output_padding too large",
                 [] { conv_transpose2d(zeros({1, 3, 5, 5}), zeros({3, 2, 3, 3}), {}, 2, 0, 2); },
                 [] { torch::conv_transpose2d(torch::zeros({1, 3, 5, 5}), torch::zeros({3, 2, 3, 3}), {}, 2, 0, 2); });
  add_error_case("conv_transpose1d", "groups do not divide channels",
                 [] { conv_transpose1d(zeros({1, 3, 5}), zeros({3, 2, 3}), {}, 1, 0, 0, 2); },
                 [] { torch::conv_transpose1d(torch::zeros({1, 3, 5}), torch::zeros({3, 2, 3}), {}, 1, 0, 0, 2); });
  add_error_case("conv_transpose3d", "negative padding",
                 [] { conv_transpose3d(zeros({1, 2, 3, 3, 3}), zeros({2, 2, 2, 2, 2}), {}, 1, -1); },
                 [] { torch::conv_transpose3d(torch::zeros({1, 2, 3, 3, 3}), torch::zeros({2, 2, 2, 2, 2}), {}, 1, -1); });
  add_error_case("convolution", "input and weight dims differ",
                 [=] { convolution(zeros({3, 5, 5}), w(), std::nullopt, {1}, {0}, {1}, false, {0}, 1); },
                 [=] { torch::convolution(torch::zeros({3, 5, 5}), tw(), {}, {1}, {0}, {1}, false, {0}, 1); });
  add_error_case("convolution", "undefined weight",
                 [=] { convolution(x(), Tensor(), std::nullopt, {1}, {0}, {1}, false, {0}, 1); },
                 [=] { torch::convolution(tx(), torch::Tensor(), {}, {1}, {0}, {1}, false, {0}, 1); });
}

const bool registered = [] {
  forward_cases();
  error_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
