// Difftest cases for the pooling family (src/ops/pooling.cpp): max, average and adaptive pools
// against LibTorch over shapes, strides, padding, dilation, ceil_mode, batched and unbatched
// inputs and non-contiguous layouts, with gradients; argmax indices compared exactly; gradcheck
// and gradgradcheck in float64; bad arguments rejected by both libraries.
#include <sstream>

#include "difftest/harness.h"
#include "ember/ops/pooling.h"

namespace ember::difftest {
namespace {

using V = std::vector<int64_t>;

const std::vector<Layout> kPoolLayouts = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::Expanded};
const std::vector<ScalarType> kPoolTypes = {kFloat, kDouble};

std::string fmt(const V& v) {
  std::ostringstream s;
  s << IntArrayRef(v);
  return s.str();
}

// One strided-pool configuration: input shape, kernel, stride ({} = kernel), padding,
// dilation, ceil_mode.
struct Config {
  V shape, kernel, stride, padding, dilation;
  bool ceil_mode;
  std::string str() const {
    return fmt(shape) + " k" + fmt(kernel) + " s" + fmt(stride) + " p" + fmt(padding) + " d" + fmt(dilation) +
           (ceil_mode ? " ceil" : "");
  }
};

const std::vector<Config> kConfigs1d = {
    {{2, 3, 9}, {3}, {}, {0}, {1}, false},   {{2, 3, 9}, {3}, {2}, {1}, {1}, false},
    {{2, 3, 10}, {3}, {2}, {1}, {2}, true},  {{3, 8}, {2}, {3}, {1}, {1}, true},
    {{1, 2, 7}, {4}, {1}, {2}, {1}, false},  {{2, 2, 5}, {5}, {}, {0}, {1}, false},
};
const std::vector<Config> kConfigs2d = {
    {{2, 3, 6, 6}, {2}, {}, {0}, {1}, false},          {{2, 3, 7, 5}, {3, 2}, {2, 1}, {1, 0}, {1}, false},
    {{1, 2, 9, 8}, {3}, {2}, {1}, {2}, true},          {{2, 2, 7, 7}, {3}, {2}, {1}, {1}, true},
    {{3, 5, 6}, {2, 3}, {1, 2}, {1}, {1, 2}, false},   {{2, 1, 5, 5}, {5}, {1}, {2}, {1}, false},
    {{2, 3, 8, 6}, {4, 2}, {3, 2}, {2, 1}, {1}, true},
};
const std::vector<Config> kConfigs3d = {
    {{2, 2, 4, 4, 4}, {2}, {}, {0}, {1}, false},
    {{1, 2, 5, 6, 5}, {3, 2, 3}, {2, 1, 2}, {1, 0, 1}, {1}, true},
    {{2, 4, 5, 6}, {2}, {1}, {1}, {2, 1, 1}, false},
};

std::string label(const std::string& what, ScalarType dtype, Layout layout, const std::string& config) {
  std::ostringstream s;
  s << what << "/" << dtype << "/" << to_string(layout) << "/" << config;
  return s.str();
}

void add_pool_case(const std::string& op, const std::string& what, const V& shape, uint64_t seed, EmberFn e,
                   TorchFn t, bool grad = true) {
  for (ScalarType dtype : kPoolTypes)
    for (Layout layout : kPoolLayouts)
      add_case({op, label(what, dtype, layout, fmt(shape)), [=] {
                  return run_and_compare({make_input(shape, dtype, layout, seed)}, e, t, grad, seed);
                }});
}

void add_pool_gradcheck(const std::string& op, const std::string& what, const V& shape, uint64_t seed, EmberFn e) {
  for (Layout layout : {Layout::Contiguous, Layout::Transposed})
    add_gradcheck_case({op, label(what, kDouble, layout, fmt(shape)),
                        [=] { return std::vector<Tensor>{make_input(shape, kDouble, layout, seed)}; }, e});
}

template <class EF, class TF>
void strided_cases(const std::string& op, const std::vector<Config>& configs, bool with_indices, EF ember_op,
                   TF torch_op) {
  uint64_t seed = 1000;
  for (const Config& c : configs) {
    add_pool_case(op, c.str(), c.shape, seed,
                  [=](auto& x) { return std::get<0>(ember_op(x[0], c)); },
                  [=](auto& x) { return std::get<0>(torch_op(x[0], c)); });
    if (with_indices)
      add_pool_case(op, "indices " + c.str(), c.shape, seed,
                    [=](auto& x) { return std::get<1>(ember_op(x[0], c)); },
                    [=](auto& x) { return std::get<1>(torch_op(x[0], c)); }, false);
    add_pool_gradcheck(op, c.str(), c.shape, seed, [=](auto& x) { return std::get<0>(ember_op(x[0], c)); });
    ++seed;
  }
}

// max_pool2d(x, 2): values, then argmax indices, against LibTorch ("" when both agree).
std::string compare_max_pool2d_2(const Tensor& x) {
  std::string why = run_and_compare({x}, [](auto& v) { return max_pool2d(v[0], 2); },
                                    [](auto& v) { return torch::max_pool2d(v[0], 2); }, false, 5);
  if (!why.empty()) return why;
  return run_and_compare({x}, [](auto& v) { return std::get<1>(max_pool2d_with_indices(v[0], 2)); },
                         [](auto& v) { return std::get<1>(torch::max_pool2d_with_indices(v[0], 2)); }, false, 5);
}

void max_pool_cases() {
  // Each op name: the values (and, for _with_indices, the indices) of every configuration.
  auto reg = [](const std::string& name, const std::vector<Config>& configs, bool indices, auto ember_op,
                auto torch_op) { strided_cases(name, configs, indices, ember_op, torch_op); };
  reg("max_pool1d", kConfigs1d, false,
      [](const Tensor& x, const Config& c) { return std::make_tuple(max_pool1d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), Tensor()); },
      [](const torch::Tensor& x, const Config& c) { return std::make_tuple(torch::max_pool1d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), torch::Tensor()); });
  reg("max_pool2d", kConfigs2d, false,
      [](const Tensor& x, const Config& c) { return std::make_tuple(max_pool2d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), Tensor()); },
      [](const torch::Tensor& x, const Config& c) { return std::make_tuple(torch::max_pool2d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), torch::Tensor()); });
  reg("max_pool3d", kConfigs3d, false,
      [](const Tensor& x, const Config& c) { return std::make_tuple(max_pool3d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), Tensor()); },
      [](const torch::Tensor& x, const Config& c) { return std::make_tuple(torch::max_pool3d(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode), torch::Tensor()); });
  reg("max_pool1d_with_indices", kConfigs1d, true,
      [](const Tensor& x, const Config& c) { return max_pool1d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); },
      [](const torch::Tensor& x, const Config& c) { return torch::max_pool1d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); });
  reg("max_pool2d_with_indices", kConfigs2d, true,
      [](const Tensor& x, const Config& c) { return max_pool2d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); },
      [](const torch::Tensor& x, const Config& c) { return torch::max_pool2d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); });
  reg("max_pool3d_with_indices", kConfigs3d, true,
      [](const Tensor& x, const Config& c) { return max_pool3d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); },
      [](const torch::Tensor& x, const Config& c) { return torch::max_pool3d_with_indices(x, c.kernel, c.stride, c.padding, c.dilation, c.ceil_mode); });

  // NaN propagates (the last NaN of a window is its argmax) and -inf windows name their first tap.
  add_case({"max_pool2d_with_indices", "nan and -inf", [] {
              Tensor x = make_input({1, 1, 4, 4}, kFloat, Layout::Contiguous, 5);
              float* p = x.data_ptr<float>();
              p[1] = std::numeric_limits<float>::quiet_NaN();
              p[4] = std::numeric_limits<float>::quiet_NaN();
              for (int i : {10, 11, 14, 15}) p[i] = -std::numeric_limits<float>::infinity();
              return compare_max_pool2d_2(x);
            }});
  // Ties everywhere (ReLU outputs are mostly 0) and NaNs in every tap position: the 2x2
  // stride-2 kernel picks the scan's argmax (first maximum, else last NaN) like LibTorch.
  add_case({"max_pool2d_with_indices", "2x2 ties and nans", [] {
              Tensor x = randint(0, 3, {2, 3, 8, 10}).to(kFloat);
              float* p = x.data_ptr<float>();
              for (int64_t i = 0; i < x.numel(); i += 7) p[i] = std::numeric_limits<float>::quiet_NaN();
              for (int64_t i = 3; i < x.numel(); i += 11) p[i] = std::numeric_limits<float>::quiet_NaN();
              return compare_max_pool2d_2(x);
            }});
}

void avg_pool_cases() {
  uint64_t seed = 2000;
  for (bool include_pad : {true, false}) {
    std::string pad = include_pad ? "" : " exclude-pad";
    for (const Config& c : kConfigs1d) {
      if (c.dilation[0] != 1) continue;
      EmberFn e = [=](auto& x) { return avg_pool1d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); };
      add_pool_case("avg_pool1d", c.str() + pad, c.shape, seed,  e,
                    [=](auto& x) { return torch::avg_pool1d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); });
      add_pool_gradcheck("avg_pool1d", c.str() + pad, c.shape, seed++, e);
    }
    for (const Config& c : kConfigs2d) {
      if (c.dilation != V{1}) continue;
      EmberFn e = [=](auto& x) { return avg_pool2d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); };
      add_pool_case("avg_pool2d", c.str() + pad, c.shape, seed, e,
                    [=](auto& x) { return torch::avg_pool2d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); });
      add_pool_gradcheck("avg_pool2d", c.str() + pad, c.shape, seed++, e);
    }
    for (const Config& c : kConfigs3d) {
      if (c.dilation != V{1}) continue;
      EmberFn e = [=](auto& x) { return avg_pool3d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); };
      add_pool_case("avg_pool3d", c.str() + pad, c.shape, seed, e,
                    [=](auto& x) { return torch::avg_pool3d(x[0], c.kernel, c.stride, c.padding, c.ceil_mode, include_pad); });
      add_pool_gradcheck("avg_pool3d", c.str() + pad, c.shape, seed++, e);
    }
  }
  // divisor_override replaces the divisor.
  EmberFn e2 = [](auto& x) { return avg_pool2d(x[0], {3}, {2}, {1}, true, false, 4); };
  add_pool_case("avg_pool2d", "divisor_override 4", {2, 3, 7, 6}, 2100, e2,
                [](auto& x) { return torch::avg_pool2d(x[0], {3}, {2}, {1}, true, false, 4); });
  add_pool_gradcheck("avg_pool2d", "divisor_override 4", {2, 3, 7, 6}, 2100, e2);
  EmberFn e3 = [](auto& x) { return avg_pool3d(x[0], {2}, {1}, {1}, false, true, 3); };
  add_pool_case("avg_pool3d", "divisor_override 3", {1, 2, 3, 4, 3}, 2101, e3,
                [](auto& x) { return torch::avg_pool3d(x[0], {2}, {1}, {1}, false, true, 3); });
  add_pool_gradcheck("avg_pool3d", "divisor_override 3", {1, 2, 3, 4, 3}, 2101, e3);
}

void adaptive_cases() {
  uint64_t seed = 3000;
  struct A {
    V shape, out;
  };
  const std::vector<A> a1 = {{{2, 3, 10}, {4}}, {{3, 7}, {3}}, {{2, 2, 5}, {8}}, {{1, 2, 6}, {1}}};
  const std::vector<A> a2 = {{{2, 3, 7, 9}, {3, 4}}, {{3, 5, 5}, {2, 2}}, {{2, 2, 4, 6}, {4, 6}}, {{1, 3, 5, 4}, {7, 1}}};
  const std::vector<A> a3 = {{{2, 2, 5, 6, 7}, {2, 3, 4}}, {{2, 3, 4, 5}, {1, 2, 3}}};
  for (const A& a : a1) {
    V out = a.out;
    EmberFn avg = [=](auto& x) { return adaptive_avg_pool1d(x[0], out); };
    add_pool_case("adaptive_avg_pool1d", "out " + fmt(out), a.shape, seed, avg,
                  [=](auto& x) { return torch::adaptive_avg_pool1d(x[0], out); });
    add_pool_gradcheck("adaptive_avg_pool1d", "out " + fmt(out), a.shape, seed, avg);
    EmberFn mx = [=](auto& x) { return std::get<0>(adaptive_max_pool1d(x[0], out)); };
    add_pool_case("adaptive_max_pool1d", "out " + fmt(out), a.shape, seed, mx,
                  [=](auto& x) { return std::get<0>(torch::adaptive_max_pool1d(x[0], out)); });
    add_pool_case("adaptive_max_pool1d", "indices out " + fmt(out), a.shape, seed,
                  [=](auto& x) { return std::get<1>(adaptive_max_pool1d(x[0], out)); },
                  [=](auto& x) { return std::get<1>(torch::adaptive_max_pool1d(x[0], out)); }, false);
    add_pool_gradcheck("adaptive_max_pool1d", "out " + fmt(out), a.shape, seed++, mx);
  }
  for (const A& a : a2) {
    V out = a.out;
    EmberFn avg = [=](auto& x) { return adaptive_avg_pool2d(x[0], out); };
    add_pool_case("adaptive_avg_pool2d", "out " + fmt(out), a.shape, seed, avg,
                  [=](auto& x) { return torch::adaptive_avg_pool2d(x[0], out); });
    add_pool_gradcheck("adaptive_avg_pool2d", "out " + fmt(out), a.shape, seed, avg);
    EmberFn mx = [=](auto& x) { return std::get<0>(adaptive_max_pool2d(x[0], out)); };
    add_pool_case("adaptive_max_pool2d", "out " + fmt(out), a.shape, seed, mx,
                  [=](auto& x) { return std::get<0>(torch::adaptive_max_pool2d(x[0], out)); });
    add_pool_case("adaptive_max_pool2d", "indices out " + fmt(out), a.shape, seed,
                  [=](auto& x) { return std::get<1>(adaptive_max_pool2d(x[0], out)); },
                  [=](auto& x) { return std::get<1>(torch::adaptive_max_pool2d(x[0], out)); }, false);
    add_pool_gradcheck("adaptive_max_pool2d", "out " + fmt(out), a.shape, seed++, mx);
  }
  for (const A& a : a3) {
    V out = a.out;
    EmberFn avg = [=](auto& x) { return adaptive_avg_pool3d(x[0], out); };
    add_pool_case("adaptive_avg_pool3d", "out " + fmt(out), a.shape, seed, avg,
                  [=](auto& x) { return torch::adaptive_avg_pool3d(x[0], out); });
    add_pool_gradcheck("adaptive_avg_pool3d", "out " + fmt(out), a.shape, seed++, avg);
  }
}

void error_cases() {
  auto x2 = [] { return zeros({1, 2, 4, 4}); };
  auto t2 = [] { return torch::zeros({1, 2, 4, 4}); };
  add_error_case("max_pool2d", "kernel larger than padded input", [=] { max_pool2d(x2(), 6); },
                 [=] { torch::max_pool2d(t2(), 6); });
  add_error_case("max_pool2d", "padding > kernel / 2", [=] { max_pool2d(x2(), 2, {}, 2); },
                 [=] { torch::max_pool2d(t2(), 2, {}, 2); });
  add_error_case("max_pool2d", "stride 0", [=] { max_pool2d(x2(), 2, 0); }, [=] { torch::max_pool2d(t2(), 2, 0); });
  add_error_case("max_pool2d", "dilation 0", [=] { max_pool2d(x2(), 2, 1, 0, 0); },
                 [=] { torch::max_pool2d(t2(), 2, 1, 0, 0); });
  add_error_case("max_pool2d", "2-D input", [] { max_pool2d(zeros({4, 4}), 2); },
                 [] { torch::max_pool2d(torch::zeros({4, 4}), 2); });
  add_error_case("max_pool2d", "kernel of 3 values", [=] { max_pool2d(x2(), {2, 2, 2}); },
                 [=] { torch::max_pool2d(t2(), {2, 2, 2}); });
  add_error_case("max_pool2d_with_indices", "zero-size channel", [] { max_pool2d_with_indices(zeros({1, 0, 4, 4}), 2); },
                 [] { torch::max_pool2d_with_indices(torch::zeros({1, 0, 4, 4}), 2); });
  add_error_case("max_pool1d", "kernel 0", [] { max_pool1d(zeros({1, 2, 3}), 0); },
                 [] { torch::max_pool1d(torch::zeros({1, 2, 3}), 0); });
  add_error_case("max_pool1d", "4-D input", [] { max_pool1d(zeros({1, 1, 2, 3}), 2); },
                 [] { torch::max_pool1d(torch::zeros({1, 1, 2, 3}), 2); });
  add_error_case("max_pool3d", "4 padding values", [] { max_pool3d(zeros({1, 1, 4, 4, 4}), 2, 2, {0, 0, 0, 0}); },
                 [] { torch::max_pool3d(torch::zeros({1, 1, 4, 4, 4}), 2, 2, {0, 0, 0, 0}); });
  add_error_case("max_pool1d_with_indices", "padding > kernel / 2", [] { max_pool1d_with_indices(zeros({1, 2, 8}), 3, 1, 2); },
                 [] { torch::max_pool1d_with_indices(torch::zeros({1, 2, 8}), 3, 1, 2); });
  add_error_case("max_pool3d_with_indices", "kernel larger than input", [] { max_pool3d_with_indices(zeros({1, 1, 2, 4, 4}), 3); },
                 [] { torch::max_pool3d_with_indices(torch::zeros({1, 1, 2, 4, 4}), 3); });
  add_error_case("avg_pool2d", "kernel larger than padded input", [=] { avg_pool2d(x2(), 7, 1, 1); },
                 [=] { torch::avg_pool2d(t2(), 7, 1, 1); });
  add_error_case("avg_pool2d", "padding > kernel / 2", [=] { avg_pool2d(x2(), 3, 1, 2); },
                 [=] { torch::avg_pool2d(t2(), 3, 1, 2); });
  add_error_case("avg_pool2d", "divisor_override 0", [=] { avg_pool2d(x2(), 2, 2, 0, false, true, 0); },
                 [=] { torch::avg_pool2d(t2(), 2, 2, 0, false, true, 0); });
  add_error_case("avg_pool1d", "kernel larger than input", [] { avg_pool1d(zeros({1, 2, 3}), 4); },
                 [] { torch::avg_pool1d(torch::zeros({1, 2, 3}), 4); });
  add_error_case("avg_pool3d", "2-D input", [] { avg_pool3d(zeros({4, 4}), 2); },
                 [] { torch::avg_pool3d(torch::zeros({4, 4}), 2); });
  add_error_case("adaptive_avg_pool2d", "output_size of 3 values", [=] { adaptive_avg_pool2d(x2(), {2, 2, 2}); },
                 [=] { torch::adaptive_avg_pool2d(t2(), {2, 2, 2}); });
  add_error_case("adaptive_avg_pool2d", "1-D input", [] { adaptive_avg_pool2d(zeros({4}), {2, 2}); },
                 [] { torch::adaptive_avg_pool2d(torch::zeros({4}), {2, 2}); });
  add_error_case("adaptive_avg_pool1d", "output_size of 2 values", [] { adaptive_avg_pool1d(zeros({1, 2, 4}), {2, 2}); },
                 [] { torch::adaptive_avg_pool1d(torch::zeros({1, 2, 4}), {2, 2}); });
  add_error_case("adaptive_avg_pool3d", "zero-size spatial dim", [] { adaptive_avg_pool3d(zeros({1, 2, 0, 3, 3}), {2, 2, 2}); },
                 [] { torch::adaptive_avg_pool3d(torch::zeros({1, 2, 0, 3, 3}), {2, 2, 2}); });
  add_error_case("adaptive_max_pool2d", "output_size of 1 value", [=] { adaptive_max_pool2d(x2(), {2}); },
                 [=] { torch::adaptive_max_pool2d(t2(), {2}); });
  add_error_case("adaptive_max_pool2d", "5-D input", [] { adaptive_max_pool2d(zeros({1, 1, 1, 4, 4}), {2, 2}); },
                 [] { torch::adaptive_max_pool2d(torch::zeros({1, 1, 1, 4, 4}), {2, 2}); });
  add_error_case("adaptive_max_pool1d", "output_size of 2 values", [] { adaptive_max_pool1d(zeros({1, 2, 4}), {2, 2}); },
                 [] { torch::adaptive_max_pool1d(torch::zeros({1, 2, 4}), {2, 2}); });
}

const bool registered = [] {
  max_pool_cases();
  avg_pool_cases();
  adaptive_cases();
  error_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
