// Difftest and gradcheck cases for batch_norm, instance_norm (normalization.cpp) and the
// channel / alpha dropouts (dropout.cpp): forward and gradients against LibTorch, running
// statistics after an update, error cases. Running statistics are built inside the functions
// from a seed (not inputs: they are not differentiated).
#include <cmath>
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

using Inputs = std::vector<Tensor>;

std::string label(const std::string& what, ScalarType dtype, Layout layout, IntArrayRef shape) {
  std::ostringstream s;
  s << what << "/" << dtype << "/" << to_string(layout) << "/" << shape;
  return s.str();
}

// Running mean in [-1, 1] and variance in [0.5, 2] for `channels` channels.
Tensor stat(int64_t channels, ScalarType dtype, uint64_t seed, bool variance) {
  return make_input({channels}, dtype, Layout::Contiguous, seed, variance ? 0.5 : -1.0, variance ? 2.0 : 1.0);
}

struct NormConfig {
  std::string name;
  bool training, affine, running;
};
const std::vector<NormConfig> kNormConfigs = {{"train+affine+running", true, true, true},
                                              {"train", true, false, false},
                                              {"train+affine", true, true, false},
                                              {"eval+affine", false, true, true},
                                              {"eval", false, false, true}};

void batch_norm_cases() {
  const std::vector<std::vector<int64_t>> shapes = {{4, 3}, {2, 3, 5}, {2, 3, 4, 5}, {2, 3, 2, 3, 2}};
  uint64_t seed = 900;
  for (ScalarType dtype : {kFloat, kDouble}) {
    for (Layout layout : {Layout::Contiguous, Layout::Transposed, Layout::Sliced}) {
      for (const auto& shape : shapes) {
        for (const NormConfig& c : kNormConfigs) {
          uint64_t s = seed++;
          add_case({"batch_norm", label(c.name, dtype, layout, shape), [=]() {
                      const int64_t ch = shape[1];
                      Inputs in = {make_input(shape, dtype, layout, s)};
                      if (c.affine) {
                        in.push_back(make_input({ch}, dtype, Layout::Contiguous, s + 1));
                        in.push_back(make_input({ch}, dtype, Layout::Contiguous, s + 2));
                      }
                      return run_and_compare(
                          in,
                          [=](auto& x) {
                            Tensor rm = c.running ? stat(ch, dtype, s + 3, false) : Tensor();
                            Tensor rv = c.running ? stat(ch, dtype, s + 4, true) : Tensor();
                            return batch_norm(x[0], c.affine ? x[1] : Tensor(), c.affine ? x[2] : Tensor(), rm, rv,
                                              c.training, 0.1, 1e-5);
                          },
                          [=](auto& x) {
                            torch::Tensor rm = c.running ? to_torch(stat(ch, dtype, s + 3, false)) : torch::Tensor();
                            torch::Tensor rv = c.running ? to_torch(stat(ch, dtype, s + 4, true)) : torch::Tensor();
                            return torch::batch_norm(x[0], c.affine ? x[1] : torch::Tensor(),
                                                     c.affine ? x[2] : torch::Tensor(), rm, rv, c.training, 0.1,
                                                     1e-5, false);
                          },
                          true, s);
                    }});
        }
      }
    }
  }
  // The updated running statistics (the variance unbiased), momentum 0.3.
  for (ScalarType dtype : {kFloat, kDouble}) {
    for (const auto& shape : shapes) {
      uint64_t s = seed++;
      add_case({"batch_norm", label("running stats update", dtype, Layout::Contiguous, shape), [=]() -> std::string {
                  const int64_t ch = shape[1];
                  Tensor x = make_input(shape, dtype, Layout::Contiguous, s);
                  Tensor rm = stat(ch, dtype, s + 1, false), rv = stat(ch, dtype, s + 2, true);
                  torch::Tensor trm = to_torch(rm).clone(), trv = to_torch(rv).clone();
                  batch_norm(x, std::nullopt, std::nullopt, rm, rv, true, 0.3, 1e-5);
                  torch::batch_norm(to_torch(x), {}, {}, trm, trv, true, 0.3, 1e-5, false);
                  std::string why = compare(rm, trm, tolerance_for(dtype));
                  if (!why.empty()) return "running_mean " + why;
                  why = compare(rv, trv, tolerance_for(dtype));
                  return why.empty() ? "" : "running_var " + why;
                }});
    }
  }
}

void instance_norm_cases() {
  const std::vector<std::vector<int64_t>> shapes = {{2, 3, 5}, {3, 2, 4, 4}, {2, 2, 2, 3, 2}};
  uint64_t seed = 1000;
  for (ScalarType dtype : {kFloat, kDouble}) {
    for (Layout layout : {Layout::Contiguous, Layout::Transposed}) {
      for (const auto& shape : shapes) {
        for (const NormConfig& c : kNormConfigs) {
          uint64_t s = seed++;
          // training here is use_input_stats.
          add_case({"instance_norm", label(c.name, dtype, layout, shape), [=]() {
                      const int64_t ch = shape[1];
                      Inputs in = {make_input(shape, dtype, layout, s)};
                      if (c.affine) {
                        in.push_back(make_input({ch}, dtype, Layout::Contiguous, s + 1));
                        in.push_back(make_input({ch}, dtype, Layout::Contiguous, s + 2));
                      }
                      return run_and_compare(
                          in,
                          [=](auto& x) {
                            Tensor rm = c.running ? stat(ch, dtype, s + 3, false) : Tensor();
                            Tensor rv = c.running ? stat(ch, dtype, s + 4, true) : Tensor();
                            return instance_norm(x[0], c.affine ? x[1] : Tensor(), c.affine ? x[2] : Tensor(), rm,
                                                 rv, c.training, 0.1, 1e-5);
                          },
                          [=](auto& x) {
                            torch::Tensor rm = c.running ? to_torch(stat(ch, dtype, s + 3, false)) : torch::Tensor();
                            torch::Tensor rv = c.running ? to_torch(stat(ch, dtype, s + 4, true)) : torch::Tensor();
                            return torch::instance_norm(x[0], c.affine ? x[1] : torch::Tensor(),
                                                        c.affine ? x[2] : torch::Tensor(), rm, rv, c.training, 0.1,
                                                        1e-5, false);
                          },
                          true, s);
                    }});
        }
      }
    }
    for (const auto& shape : shapes) {
      uint64_t s = seed++;
      add_case({"instance_norm", label("running stats update", dtype, Layout::Contiguous, shape), [=]() -> std::string {
                  const int64_t ch = shape[1];
                  Tensor x = make_input(shape, dtype, Layout::Contiguous, s);
                  Tensor rm = stat(ch, dtype, s + 1, false), rv = stat(ch, dtype, s + 2, true);
                  torch::Tensor trm = to_torch(rm).clone(), trv = to_torch(rv).clone();
                  instance_norm(x, std::nullopt, std::nullopt, rm, rv, true, 0.3, 1e-5);
                  torch::instance_norm(to_torch(x), {}, {}, trm, trv, true, 0.3, 1e-5, false);
                  std::string why = compare(rm, trm, tolerance_for(dtype));
                  if (!why.empty()) return "running_mean " + why;
                  why = compare(rv, trv, tolerance_for(dtype));
                  return why.empty() ? "" : "running_var " + why;
                }});
    }
  }
}

// The random ops: p = 0 and eval return the input, p = 1 zeros, in both libraries.
void feature_and_alpha_dropout_cases() {
  using Fn = Tensor (*)(const Tensor&, double, bool);
  using TorchOp = torch::Tensor (*)(const torch::Tensor&, double, bool);
  const std::vector<std::tuple<std::string, Fn, TorchOp>> ops = {
      {"feature_dropout", &feature_dropout, &torch::feature_dropout},
      {"alpha_dropout", &alpha_dropout, &torch::alpha_dropout},
      {"feature_alpha_dropout", &feature_alpha_dropout, &torch::feature_alpha_dropout}};
  for (const auto& [name, fn, torch_fn] : ops) {
    for (ScalarType dtype : {kFloat, kDouble}) {
      for (Layout layout : {Layout::Contiguous, Layout::Transposed, Layout::ZeroSize}) {
        const std::vector<int64_t> shape = {2, 3, 4};
        for (auto [what, p, train] : {std::tuple{"p=0", 0.0, true}, {"eval", 0.5, false}, {"p=1", 1.0, true}}) {
          add_case({name, label(what, dtype, layout, shape), [=, fn = fn, torch_fn = torch_fn] {
                      return run_and_compare({make_input(shape, dtype, layout, 7)}, [=](auto& x) { return fn(x[0], p, train); },
                                             [=](auto& x) { return torch_fn(x[0], p, train); }, true, 7);
                    }});
        }
      }
    }
    add_error_case(name, "p > 1", [fn = fn] { fn(ones({2, 3}), 1.5, true); },
                   [torch_fn = torch_fn] { torch_fn(torch::ones({2, 3}), 1.5, true); });
  }
  add_error_case("feature_dropout", "1-D input", [] { feature_dropout(ones({5}), 0.5, true); },
                 [] { torch::feature_dropout(torch::ones({5}), 0.5, true); });
  add_error_case("feature_alpha_dropout", "1-D input", [] { feature_alpha_dropout(ones({5}), 0.5, true); },
                 [] { torch::feature_alpha_dropout(torch::ones({5}), 0.5, true); });
  // Training statistics: per-channel masks (LibTorch draws a different stream).
  add_case({"feature_dropout", "statistics/per channel", []() -> std::string {
              Tensor y = feature_dropout(ones({50, 40, 6}, kDouble), 0.4, true);
              torch::Tensor t = to_torch(y);
              torch::Tensor first = t.select(2, 0).unsqueeze(2);
              if (!torch::equal(t, first.expand_as(t))) return "mask not constant over the spatial dim";
              double kept = first.ne(0).to(torch::kDouble).mean().item<double>();
              if (std::abs(kept - 0.6) > 0.05) return "keep rate " + std::to_string(kept);
              torch::Tensor ty = torch::feature_dropout(torch::ones({50, 40, 6}, torch::kDouble), 0.4, true);
              // Both libraries' values are {0, 1 / (1 - p)}.
              if (t.min().item<double>() != ty.min().item<double>() || !torch::allclose(t.max(), ty.max()))
                return "values differ from LibTorch's {0, 1 / (1 - p)}";
              return "";
            }});
  add_case({"alpha_dropout", "statistics/moments", []() -> std::string {
              manual_seed(3);
              Tensor y = alpha_dropout(randn({100000}, kDouble), 0.3, true);
              torch::manual_seed(3);
              torch::Tensor ty = torch::alpha_dropout(torch::randn({100000}, torch::kDouble), 0.3, true);
              double m = y.mean().item<double>(), sd = y.std().item<double>();
              if (std::abs(m - ty.mean().item<double>()) > 0.02 || std::abs(sd - ty.std().item<double>()) > 0.02)
                return "moments " + std::to_string(m) + ", " + std::to_string(sd);
              return "";
            }});
  add_case({"feature_alpha_dropout", "statistics/moments", []() -> std::string {
              manual_seed(4);
              Tensor y = feature_alpha_dropout(randn({200, 100, 10}, kDouble), 0.3, true);
              torch::manual_seed(4);
              torch::Tensor ty = torch::feature_alpha_dropout(torch::randn({200, 100, 10}, torch::kDouble), 0.3, true);
              double m = y.mean().item<double>(), sd = y.std().item<double>();
              if (std::abs(m - ty.mean().item<double>()) > 0.03 || std::abs(sd - ty.std().item<double>()) > 0.03)
                return "moments " + std::to_string(m) + ", " + std::to_string(sd);
              return "";
            }});
}

void norm_error_cases() {
  auto x = [] { return ones({2, 3, 4}); };
  auto tx = [] { return torch::ones({2, 3, 4}); };
  add_error_case("batch_norm", "running_mean of 4 for 3 channels",
                 [=] { batch_norm(x(), {}, {}, zeros({4}), ones({3}), true, 0.1, 1e-5); },
                 [=] { torch::batch_norm(tx(), {}, {}, torch::zeros({4}), torch::ones({3}), true, 0.1, 1e-5, false); });
  add_error_case("batch_norm", "running_var of 2 for 3 channels",
                 [=] { batch_norm(x(), {}, {}, zeros({3}), ones({2}), false, 0.1, 1e-5); },
                 [=] { torch::batch_norm(tx(), {}, {}, torch::zeros({3}), torch::ones({2}), false, 0.1, 1e-5, false); });
  add_error_case("batch_norm", "weight of 2 for 3 channels",
                 [=] { batch_norm(x(), ones({2}), {}, {}, {}, true, 0.1, 1e-5); },
                 [=] { torch::batch_norm(tx(), torch::ones({2}), {}, {}, {}, true, 0.1, 1e-5, false); });
  // LibTorch's check lives in F::batch_norm; ember's op makes it.
  add_error_case("batch_norm", "1 value per channel in training",
                 [] { batch_norm(ones({1, 3}), {}, {}, zeros({3}), ones({3}), true, 0.1, 1e-5); },
                 [] {
                   torch::nn::functional::batch_norm(torch::ones({1, 3}), torch::zeros({3}), torch::ones({3}),
                                                     torch::nn::functional::BatchNormFuncOptions().training(true));
                 });
  add_error_case("batch_norm", "eval without running stats", [=] { batch_norm(x(), {}, {}, {}, {}, false, 0.1, 1e-5); },
                 [=] { torch::batch_norm(tx(), {}, {}, {}, {}, false, 0.1, 1e-5, false); });
  add_error_case("instance_norm", "running_mean of 4 for 3 channels",
                 [=] { instance_norm(x(), {}, {}, zeros({4}), ones({3}), true, 0.1, 1e-5); },
                 [=] { torch::instance_norm(tx(), {}, {}, torch::zeros({4}), torch::ones({3}), true, 0.1, 1e-5, false); });
  add_error_case("instance_norm", "no running stats without use_input_stats",
                 [=] { instance_norm(x(), {}, {}, {}, {}, false, 0.1, 1e-5); },
                 [=] { torch::instance_norm(tx(), {}, {}, {}, {}, false, 0.1, 1e-5, false); });
}

void gradcheck_cases() {
  auto in = [](IntArrayRef shape, uint64_t seed, Layout layout = Layout::Contiguous) {
    return make_input(shape, kDouble, layout, seed);
  };
  auto gc = [](const std::string& op, const std::string& label, std::function<Inputs()> make, EmberFn fn) {
    add_gradcheck_case({op, label, std::move(make), std::move(fn)});
  };
  gc("batch_norm", "train+affine/[3, 2, 4]", [=] { return Inputs{in({3, 2, 4}, 1), in({2}, 2), in({2}, 3)}; },
     [](auto& x) { return batch_norm(x[0], x[1], x[2], zeros({2}, kDouble), ones({2}, kDouble), true, 0.1, 1e-5); });
  gc("batch_norm", "train/transposed/[4, 3]", [=] { return Inputs{in({4, 3}, 4, Layout::Transposed)}; },
     [](auto& x) { return batch_norm(x[0], {}, {}, {}, {}, true, 0.1, 1e-5); });
  gc("batch_norm", "eval+affine/[2, 3, 2, 2]", [=] { return Inputs{in({2, 3, 2, 2}, 5), in({3}, 6), in({3}, 7)}; },
     [](auto& x) {
       return batch_norm(x[0], x[1], x[2], stat(3, kDouble, 8, false), stat(3, kDouble, 9, true), false, 0.1, 1e-5);
     });
  gc("instance_norm", "affine/[2, 2, 5]", [=] { return Inputs{in({2, 2, 5}, 10), in({2}, 11), in({2}, 12)}; },
     [](auto& x) { return instance_norm(x[0], x[1], x[2], {}, {}, true, 0.1, 1e-5); });
  gc("instance_norm", "running stats/[2, 2, 2, 3]", [=] { return Inputs{in({2, 2, 2, 3}, 13)}; },
     [](auto& x) { return instance_norm(x[0], {}, {}, zeros({2}, kDouble), ones({2}, kDouble), true, 0.1, 1e-5); });
  gc("instance_norm", "eval/[2, 2, 3]", [=] { return Inputs{in({2, 2, 3}, 14)}; }, [](auto& x) {
    return instance_norm(x[0], {}, {}, stat(2, kDouble, 15, false), stat(2, kDouble, 16, true), false, 0.1, 1e-5);
  });
  // The same mask on every evaluation: the generator is reseeded before each call.
  gc("feature_dropout", "p=0.5/seeded", [=] { return Inputs{in({3, 4, 2}, 17)}; }, [](auto& x) {
    manual_seed(7);
    return feature_dropout(x[0], 0.5, true);
  });
  gc("alpha_dropout", "p=0.3/seeded", [=] { return Inputs{in({3, 4}, 18)}; }, [](auto& x) {
    manual_seed(8);
    return alpha_dropout(x[0], 0.3, true);
  });
  gc("feature_alpha_dropout", "p=0.3/seeded", [=] { return Inputs{in({3, 4, 2}, 19, Layout::Transposed)}; },
     [](auto& x) {
       manual_seed(9);
       return feature_alpha_dropout(x[0], 0.3, true);
     });
}

const bool registered = [] {
  batch_norm_cases();
  instance_norm_cases();
  feature_and_alpha_dropout_cases();
  norm_error_cases();
  gradcheck_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
