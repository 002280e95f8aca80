// Difftest cases for the nn_functional family (softmax.cpp, normalization.cpp, embedding.cpp,
// dropout.cpp): forward and gradients against LibTorch, the fused kernels against LibTorch
// composites of basic ops, error cases. LibTorch 1.13's CPU kernels have no half softmax /
// norms / bernoulli; ember computes half as PyTorch 2.x does (float accumulation), checked
// against LibTorch computing in float and rounding to half.
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

std::string label(const std::string& what, ScalarType dtype, Layout layout, IntArrayRef shape) {
  std::ostringstream s;
  s << what << "/" << dtype << "/" << to_string(layout) << "/" << shape;
  return s.str();
}

const std::vector<Layout> kNormLayouts = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::Expanded};

// Half computed by LibTorch in float, rounded to half.
TorchFn via_float(const TorchFn& f) {
  return [f](const std::vector<torch::Tensor>& x) {
    std::vector<torch::Tensor> xf;
    for (const auto& t : x) xf.push_back(t.scalar_type() == torch::kHalf ? t.to(torch::kFloat) : t);
    return f(xf).to(torch::kHalf);
  };
}

void softmax_cases() {
  for (int64_t d : {0, 1, -1}) {
    std::string dim = std::to_string(d);
    unary_cases("softmax", {kBFloat16, kFloat, kDouble}, [d](auto& x) { return softmax(x[0], d); },
                [d](auto& x) { return torch::softmax(x[0], d); });
    unary_cases("log_softmax", {kBFloat16, kFloat, kDouble}, [d](auto& x) { return log_softmax(x[0], d); },
                [d](auto& x) { return torch::log_softmax(x[0], d); });
    unary_cases("softmax", {kHalf}, [d](auto& x) { return softmax(x[0], d); },
                via_float([d](auto& x) { return torch::softmax(x[0], d); }));
    unary_cases("log_softmax", {kHalf}, [d](auto& x) { return log_softmax(x[0], d); },
                via_float([d](auto& x) { return torch::log_softmax(x[0], d); }));
  }
  // dtype= converts first; the gradient flows back to the input's dtype.
  unary_cases("softmax", {kFloat, kBFloat16, kHalf}, [](auto& x) { return softmax(x[0], -1, kDouble); },
              [](auto& x) { return torch::softmax(x[0], -1, torch::kDouble); });
  unary_cases("log_softmax", {kFloat, kInt, kLong}, [](auto& x) { return log_softmax(x[0], 0, kDouble); },
              [](auto& x) { return torch::log_softmax(x[0], 0, torch::kDouble); });
  // Large inputs: stability (exp(x) alone would overflow).
  unary_cases("softmax", {kFloat, kDouble}, [](auto& x) { return softmax(x[0], -1); },
              [](auto& x) { return torch::softmax(x[0], -1); }, {500.0, 1000.0});
  // The fused kernels against LibTorch composites of basic ops, with second derivatives.
  for (bool log : {false, true}) {
    std::string op = log ? "log_softmax" : "softmax";
    for (int64_t d : {0, -1}) {
      add_case({op, "composite+double-backward/dim " + std::to_string(d), [=]() -> std::string {
                  Tensor x = make_input({3, 5}, kDouble, Layout::Contiguous, 40 + d).set_requires_grad(true);
                  torch::Tensor tx = to_torch(x.detach()).set_requires_grad(true);
                  Tensor y = log ? log_softmax(x, d) : softmax(x, d);
                  torch::Tensor shifted = tx - std::get<0>(tx.max(d, true));
                  torch::Tensor ty = log ? shifted - shifted.exp().sum(d, true).log()
                                         : shifted.exp() / shifted.exp().sum(d, true);
                  Tolerance tol = tolerance_for(kDouble);
                  std::string why = compare(y, ty, tol);
                  if (!why.empty()) return "forward " + why;
                  Tensor h = make_input({3, 5}, kDouble, Layout::Contiguous, 50);
                  Tensor v = make_input({3, 5}, kDouble, Layout::Contiguous, 51);
                  Tensor g = autograd::grad({y}, {x}, {h}, std::nullopt, true)[0];
                  torch::Tensor tg = torch::autograd::grad({ty}, {tx}, {to_torch(h)}, c10::nullopt, true)[0];
                  why = compare(g, tg, tol);
                  if (!why.empty()) return "gradient " + why;
                  Tensor gg = autograd::grad({sum(g * v)}, {x})[0];
                  torch::Tensor tgg = torch::autograd::grad({(tg * to_torch(v)).sum()}, {tx})[0];
                  why = compare(gg, tgg, tol);
                  return why.empty() ? "" : "second derivative " + why;
                }});
    }
  }
}

// One norm case: x of `shape` laid out per `layout`, optional weight/bias (params_shape),
// fwd computes ember's op from {x, w, b}.
using NormEmber = std::function<Tensor(const Tensor&, const Tensor&, const Tensor&)>;
using NormTorch = std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&)>;

void norm_case(const std::string& op, const std::string& what, ScalarType dtype, Layout layout,
               std::vector<int64_t> shape, std::vector<int64_t> params_shape, bool affine, NormEmber ef,
               NormTorch tf, uint64_t seed) {
  add_case({op, label(what + (affine ? "+affine" : ""), dtype, layout, shape), [=]() {
              Tensor x = make_input(shape, dtype, layout, seed);
              std::vector<Tensor> inputs = {x};
              if (affine) {
                inputs.push_back(make_input(params_shape, dtype, Layout::Contiguous, seed + 1, 0.5, 1.5));
                inputs.push_back(make_input(params_shape, dtype, Layout::Contiguous, seed + 2));
              }
              EmberFn e = [ef](const std::vector<Tensor>& v) {
                return ef(v[0], v.size() > 1 ? v[1] : Tensor(), v.size() > 2 ? v[2] : Tensor());
              };
              // The reference runs in double and rounds to the dtype: LibTorch 1.13 keeps a
              // bfloat16 input's mean and rstd in bfloat16 (off by far more than ember, which
              // accumulates in double, when the variance is small), and near-constant groups
              // make float results ill-conditioned, so both libraries are held to the exact answer.
              TorchFn t = [tf, dtype](const std::vector<torch::Tensor>& v) {
                torch::Tensor w = v.size() > 1 ? v[1] : torch::Tensor(), b = v.size() > 2 ? v[2] : torch::Tensor();
                auto f = [](const torch::Tensor& t) { return t.defined() ? t.to(torch::kDouble) : t; };
                return tf(f(v[0]), f(w), f(b)).to(to_torch(dtype));
              };
              return run_and_compare(inputs, e, t, true, seed);
            }});
}


void norm_cases() {
  uint64_t seed = 100;
  struct Shape {
    std::vector<int64_t> shape, normalized;
  };
  const std::vector<Shape> ln_shapes = {{{3, 4}, {4}}, {{2, 3, 4}, {3, 4}}, {{2, 3, 5}, {5}}, {{7}, {7}}};
  for (ScalarType dtype : {kHalf, kBFloat16, kFloat, kDouble}) {
    for (Layout layout : kNormLayouts) {
      for (const Shape& s : ln_shapes) {
        for (bool affine : {false, true}) {
          auto ns = s.normalized;
          norm_case("layer_norm", "layer_norm", dtype, layout, s.shape, ns, affine,
                    [ns](const Tensor& x, const Tensor& w, const Tensor& b) {
                      return layer_norm(x, ns, w.defined() ? std::optional<Tensor>(w) : std::nullopt,
                                        b.defined() ? std::optional<Tensor>(b) : std::nullopt);
                    },
                    [ns](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
                      return torch::layer_norm(x, ns, w, b);
                    },
                    seed++);
          // rms_norm (PyTorch 2.4) against the LibTorch composite x * rsqrt(mean(x^2) + eps) * w.
          norm_case("rms_norm", "rms_norm-vs-composite", dtype, layout, s.shape, ns, affine,
                    [ns](const Tensor& x, const Tensor& w, const Tensor&) {
                      return rms_norm(x, ns, w.defined() ? std::optional<Tensor>(w) : std::nullopt, 1e-5);
                    },
                    [ns](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor&) {
                      std::vector<int64_t> dims;
                      for (size_t i = 0; i < ns.size(); ++i) dims.push_back(x.dim() - 1 - static_cast<int64_t>(i));
                      torch::Tensor y = x * torch::rsqrt(x.pow(2).mean(dims, true) + 1e-5);
                      return w.defined() ? y * w : y;
                    },
                    seed++);
        }
      }
      // group_norm: [N, C, *] with C divisible by the groups. (Groups of 2 elements are left
      // out: their output is +-1 whatever x is, so the input gradient is a pure eps-sized
      // cancellation residue that no float computation, LibTorch's included, gets to 1e-5.)
      const std::vector<std::pair<std::vector<int64_t>, int64_t>> gn = {
          {{2, 4, 3}, 2}, {{2, 6}, 2}, {{3, 4, 2, 2}, 4}, {{2, 4, 5}, 1}};
      for (const auto& [shape, groups] : gn) {
        for (bool affine : {false, true}) {
          int64_t g = groups;
          norm_case("group_norm", "groups " + std::to_string(g), dtype, layout, shape, {shape[1]}, affine,
                    [g](const Tensor& x, const Tensor& w, const Tensor& b) {
                      return group_norm(x, g, w.defined() ? std::optional<Tensor>(w) : std::nullopt,
                                        b.defined() ? std::optional<Tensor>(b) : std::nullopt);
                    },
                    [g](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
                      return torch::group_norm(x, g, w, b);
                    },
                    seed++);
        }
      }
    }
  }
  // The fused layer_norm against the LibTorch composite of basic ops.
  norm_case("layer_norm", "vs-composite", kDouble, Layout::Transposed, {4, 6}, {6}, true,
            [](const Tensor& x, const Tensor& w, const Tensor& b) { return layer_norm(x, {6}, w, b); },
            [](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
              torch::Tensor xc = x - x.mean(-1, true);
              return xc * torch::rsqrt((xc * xc).mean(-1, true) + 1e-5) * w + b;
            },
            seed++);
  // 0-size: empty batch, empty normalized dims.
  add_case({"layer_norm", "zero-size batch", [] {
              return run_and_compare({empty({0, 4})}, [](auto& x) { return layer_norm(x[0], {4}); },
                                     [](auto& x) { return torch::layer_norm(x[0], {4}); }, true, 1);
            }});
  add_case({"layer_norm", "zero-size normalized", [] {
              return run_and_compare({empty({2, 0})}, [](auto& x) { return layer_norm(x[0], {0}); },
                                     [](auto& x) { return torch::layer_norm(x[0], {0}); }, true, 1);
            }});
  add_case({"group_norm", "zero-size batch", [] {
              return run_and_compare({empty({0, 4, 2})}, [](auto& x) { return group_norm(x[0], 2); },
                                     [](auto& x) { return torch::group_norm(x[0], 2); }, true, 1);
            }});
  add_case({"rms_norm", "zero-size batch", [] {
              return run_and_compare({empty({0, 4})}, [](auto& x) { return rms_norm(x[0], {4}); },
                                     [](auto& x) { return x[0] * torch::rsqrt(x[0].pow(2).mean(-1, true) + 1e-5); },
                                     true, 1);
            }});
}

void embedding_cases() {
  struct E {
    std::vector<int64_t> indices_shape;
    int64_t padding_idx;
    bool scale;
  };
  const std::vector<E> configs = {{{4}, -1, false}, {{2, 3}, -1, false}, {{2, 3}, 2, false},
                                  {{3, 4}, 1, true},  {{}, -1, false},    {{0}, -1, false}};
  uint64_t seed = 300;
  for (ScalarType dtype : {kHalf, kBFloat16, kFloat, kDouble}) {
    for (ScalarType index_dtype : {kLong, kInt}) {
      for (Layout layout : {Layout::Contiguous, Layout::Transposed}) {
        for (const E& c : configs) {
          uint64_t s = seed++;
          std::ostringstream l;
          l << dtype << "/" << index_dtype << " indices " << IntArrayRef(c.indices_shape) << "/" << to_string(layout)
            << "/padding " << c.padding_idx << (c.scale ? "/scale_grad_by_freq" : "");
          add_case({"embedding", l.str(), [=]() {
                      // Weight [5, 3] (transposed: a [3, 5] transposed view); indices in [0, 5).
                      Tensor w = make_input({5, 3}, dtype, layout, s);
                      Tensor idx = make_input(c.indices_shape, kDouble, Layout::Contiguous, s + 1, 0.0, 4.0).to(index_dtype);
                      return run_and_compare(
                          {w, idx},
                          [c](auto& x) { return embedding(x[0], x[1], c.padding_idx, c.scale); },
                          [c](auto& x) { return torch::embedding(x[0], x[1], c.padding_idx, c.scale); }, true, s);
                    }});
        }
      }
    }
  }
}

void dropout_cases() {
  for (ScalarType dtype : {kBFloat16, kFloat, kDouble}) {
    for (Layout layout : {Layout::Contiguous, Layout::Transposed, Layout::ZeroSize}) {
      // p = 0 and train = false return the input; p = 1 gives zeros.
      add_case({"dropout", label("p=0", dtype, layout, {3, 4}), [=] {
                  return run_and_compare({make_input({3, 4}, dtype, layout, 1)}, [](auto& x) { return dropout(x[0], 0, true); },
                                         [](auto& x) { return torch::dropout(x[0], 0, true); }, true, 1);
                }});
      add_case({"dropout", label("eval", dtype, layout, {3, 4}), [=] {
                  return run_and_compare({make_input({3, 4}, dtype, layout, 2)}, [](auto& x) { return dropout(x[0], 0.5, false); },
                                         [](auto& x) { return torch::dropout(x[0], 0.5, false); }, true, 2);
                }});
      add_case({"dropout", label("p=1", dtype, layout, {3, 4}), [=] {
                  return run_and_compare({make_input({3, 4}, dtype, layout, 3)}, [](auto& x) { return dropout(x[0], 1, true); },
                                         [](auto& x) { return torch::dropout(x[0], 1, true); }, true, 3);
                }});
    }
    // Training: mask/scale consistency and the keep rate (statistical, not equality: the two
    // libraries draw different random streams).
    for (double p : {0.1, 0.5, 0.9}) {
      std::ostringstream l;
      l << "statistics/" << dtype << "/p=" << p;
      add_case({"dropout", l.str(), [=]() -> std::string {
                  const int64_t n = 100000;
                  Tensor x = (make_input({n}, kDouble, Layout::Contiguous, 4, 1.0, 2.0)).to(dtype);
                  Tensor xg = dtype == kBFloat16 ? x : x.detach().set_requires_grad(true);
                  Tensor y = dropout(xg, p, true);
                  Tensor yd = y.detach().to(kDouble).contiguous(), xd = x.to(kDouble).contiguous();
                  const double* yp = yd.data_ptr<double>();
                  const double* xp = xd.data_ptr<double>();
                  double scale = 1 / (1 - p);
                  Tolerance tol = tolerance_for(dtype);
                  int64_t kept = 0;
                  for (int64_t i = 0; i < n; ++i) {
                    if (yp[i] == 0) continue;
                    ++kept;
                    double want = xp[i] * scale;
                    if (std::abs(yp[i] - want) > tol.atol + tol.rtol * std::abs(want))
                      return "kept element " + std::to_string(i) + " is not x / (1 - p)";
                  }
                  // Binomial(n, 1 - p): allow 6 standard deviations.
                  double sd = std::sqrt(n * p * (1 - p));
                  if (std::abs(static_cast<double>(kept) - n * (1 - p)) > 6 * sd)
                    return "kept " + std::to_string(kept) + " of " + std::to_string(n);
                  // LibTorch's keep rate for the same p lies in the same band.
                  torch::Tensor ty = torch::dropout(torch::ones({n}, torch::kDouble), p, true);
                  double torch_kept = ty.ne(0).sum().item<double>();
                  if (std::abs(torch_kept - n * (1 - p)) > 6 * sd) return "LibTorch's keep rate is off";
                  if (dtype == kBFloat16) return "";
                  // Gradient = g * mask * scale, the same mask as the forward.
                  Tensor g = make_input({n}, dtype, Layout::Contiguous, 5);
                  Tensor gx = autograd::grad({y}, {xg}, {g})[0];
                  torch::Tensor expected = to_torch(g) * to_torch(y.detach()).ne(0).to(to_torch(dtype)) * scale;
                  std::string why = compare(gx, expected, tol);
                  return why.empty() ? "" : "gradient " + why;
                }});
    }
  }
}

void error_cases() {
  auto x = [] { return empty({2, 3, 4}); };
  auto tx = [] { return torch::empty({2, 3, 4}); };
  add_error_case("softmax", "dim out of range", [=] { softmax(x(), 3); }, [=] { torch::softmax(tx(), 3); });
  add_error_case("softmax", "dim -4", [=] { softmax(x(), -4); }, [=] { torch::softmax(tx(), -4); });
  add_error_case("log_softmax", "int input", [] { log_softmax(empty({3}, kLong), 0); },
                 [] { torch::log_softmax(torch::empty({3}, torch::kLong), 0); });
  add_error_case("softmax", "int dtype", [=] { softmax(x(), 0, kLong); }, [=] { torch::softmax(tx(), 0, torch::kLong); });
  add_error_case("layer_norm", "normalized_shape mismatch", [=] { layer_norm(x(), {3}); },
                 [=] { torch::layer_norm(tx(), {3}); });
  add_error_case("layer_norm", "normalized_shape too long", [=] { layer_norm(x(), {1, 2, 3, 4}); },
                 [=] { torch::layer_norm(tx(), {1, 2, 3, 4}); });
  add_error_case("layer_norm", "empty normalized_shape", [=] { layer_norm(x(), {}); },
                 [=] { torch::layer_norm(tx(), {}); });
  add_error_case("layer_norm", "weight shape", [=] { layer_norm(x(), {4}, empty({3})); },
                 [=] { torch::layer_norm(tx(), {4}, torch::empty({3})); });
  add_error_case("layer_norm", "bias shape", [=] { layer_norm(x(), {4}, empty({4}), empty({2})); },
                 [=] { torch::layer_norm(tx(), {4}, torch::empty({4}), torch::empty({2})); });
  add_error_case("layer_norm", "weight dtype", [] { layer_norm(empty({2, 4}, kDouble), {4}, empty({4})); },
                 [] { torch::layer_norm(torch::empty({2, 4}, torch::kDouble), {4}, torch::empty({4})); });
  add_error_case("layer_norm", "int input", [] { layer_norm(empty({2, 3}, kLong), {3}); },
                 [] { torch::layer_norm(torch::empty({2, 3}, torch::kLong), {3}); });
  add_error_case("group_norm", "groups do not divide channels", [=] { group_norm(x(), 2); },
                 [=] { torch::group_norm(tx(), 2); });
  add_error_case("group_norm", "zero groups", [=] { group_norm(x(), 0); }, [=] { torch::group_norm(tx(), 0); });
  add_error_case("group_norm", "1-d input", [] { group_norm(empty({4}), 2); },
                 [] { torch::group_norm(torch::empty({4}), 2); });
  add_error_case("group_norm", "weight size", [=] { group_norm(x(), 3, empty({2})); },
                 [=] { torch::group_norm(tx(), 3, torch::empty({2})); });
  add_error_case("group_norm", "bias size", [=] { group_norm(x(), 3, empty({3}), empty({4})); },
                 [=] { torch::group_norm(tx(), 3, torch::empty({3}), torch::empty({4})); });
  add_error_case("group_norm", "int input", [] { group_norm(empty({2, 4}, kLong), 2); },
                 [] { torch::group_norm(torch::empty({2, 4}, torch::kLong), 2); });
  // rms_norm: the same input checks as layer_norm (LibTorch's layer_norm rejects them too).
  add_error_case("rms_norm", "normalized_shape mismatch", [=] { rms_norm(x(), {3}); },
                 [=] { torch::layer_norm(tx(), {3}); });
  add_error_case("rms_norm", "weight shape", [=] { rms_norm(x(), {4}, empty({3})); },
                 [=] { torch::layer_norm(tx(), {4}, torch::empty({3})); });
  Tensor w = zeros({6, 4});
  torch::Tensor tw = torch::zeros({6, 4});
  add_error_case("embedding", "index too large", [=] { embedding(w, tensor({1, 6})); },
                 [=] { torch::embedding(tw, torch::tensor({1, 6})); });
  add_error_case("embedding", "negative index", [=] { embedding(w, tensor({-1})); },
                 [=] { torch::embedding(tw, torch::tensor({-1})); });
  add_error_case("embedding", "float indices", [=] { embedding(w, tensor({1.0})); },
                 [=] { torch::embedding(tw, torch::tensor({1.0})); });
  add_error_case("embedding", "1-d weight", [] { embedding(zeros({6}), tensor({1})); },
                 [] { torch::embedding(torch::zeros({6}), torch::tensor({1})); });
  add_error_case("embedding", "3-d weight", [] { embedding(zeros({6, 2, 2}), tensor({1})); },
                 [] { torch::embedding(torch::zeros({6, 2, 2}), torch::tensor({1})); });
  add_error_case("dropout", "p > 1", [=] { dropout(x(), 1.5, true); }, [=] { torch::dropout(tx(), 1.5, true); });
  add_error_case("dropout", "p < 0 in eval", [=] { dropout(x(), -0.5, false); },
                 [=] { torch::dropout(tx(), -0.5, false); });
  add_error_case("dropout", "int input", [] { dropout(zeros({3}, kLong), 0.5, true); },
                 [] { torch::dropout(torch::zeros({3}, torch::kLong), 0.5, true); });
}

const bool registered = [] {
  softmax_cases();
  norm_cases();
  embedding_cases();
  dropout_cases();
  error_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
