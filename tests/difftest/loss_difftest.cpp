// Difftest cases for the losses (src/nn/functional/loss.cpp): every loss x reduction x
// option set, float and double, forward and gradients against LibTorch's
// torch::nn::functional versions; first and second derivatives by gradcheck; error cases.
// Targets, weights and other non-differentiated arguments are made inside each case and
// copied to LibTorch with to_torch.
#include <gtest/gtest.h>

#include <sstream>

#include "difftest/harness.h"
#include "ember/nn/functional/loss.h"

namespace ember::difftest {
namespace {

namespace EF = ember::nn::functional;
namespace TF = torch::nn::functional;

const std::vector<int64_t> kReductions = {Reduction::None, Reduction::Mean, Reduction::Sum};
const std::vector<ScalarType> kLossTypes = {kFloat, kDouble};

const char* reduction_name(int64_t r) {
  switch (r) {
    case Reduction::None: return "none";
    case Reduction::Mean: return "mean";
    case Reduction::Sum: return "sum";
    default: return "batchmean";
  }
}

// LibTorch's options with ember's reduction.
template <class O>
O with_reduction(O o, int64_t r) {
  if (r == Reduction::None) o.reduction(torch::kNone);
  else if (r == Reduction::Mean) o.reduction(torch::kMean);
  else o.reduction(torch::kSum);
  return o;
}

std::string label(const std::string& what, ScalarType dtype, int64_t reduction, IntArrayRef shape) {
  std::ostringstream s;
  s << what << "/" << dtype << "/" << reduction_name(reduction) << "/" << shape;
  return s.str();
}

torch::Tensor opt(const std::optional<Tensor>& t) { return t ? to_torch(*t) : torch::Tensor(); }
Tensor undef_if_none(const std::optional<Tensor>& t) { return t ? *t : Tensor(); }

// ---- pointwise regression losses: input and target both differentiated ----------------------
void pointwise_cases() {
  uint64_t seed = 1000;
  const std::vector<std::vector<int64_t>> shapes = {{5}, {3, 4}, {2, 3, 4}};
  for (ScalarType dtype : kLossTypes) {
    for (int64_t r : kReductions) {
      for (const auto& shape : shapes) {
        auto add = [&](const std::string& op, const std::string& what, EmberFn ef, TorchFn tf) {
          uint64_t s = seed++;
          add_case({op, label(what, dtype, r, shape), [=] {
                      Tensor x = make_input(shape, dtype, Layout::Contiguous, s);
                      Tensor t = make_input(shape, dtype, Layout::Transposed, s + 7777);
                      return run_and_compare({x, t}, ef, tf, true, s);
                    }});
        };
        add("mse_loss", "mse_loss", [r](auto& v) { return EF::mse_loss(v[0], v[1], EF::MSELossFuncOptions(static_cast<Reduction::Reduction>(r))); },
            [r](auto& v) { return TF::mse_loss(v[0], v[1], with_reduction(TF::MSELossFuncOptions(), r)); });
        add("l1_loss", "l1_loss", [r](auto& v) { return l1_loss(v[0], v[1], r); },
            [r](auto& v) { return TF::l1_loss(v[0], v[1], with_reduction(TF::L1LossFuncOptions(), r)); });
        for (double beta : {1.0, 0.5, 0.0}) {
          add("smooth_l1_loss", "smooth_l1_loss beta " + std::to_string(beta),
              [r, beta](auto& v) {
                return EF::smooth_l1_loss(v[0], v[1], EF::SmoothL1LossFuncOptions(static_cast<Reduction::Reduction>(r)).beta(beta));
              },
              [r, beta](auto& v) {
                return TF::smooth_l1_loss(v[0], v[1], with_reduction(TF::SmoothL1LossFuncOptions(), r), beta);
              });
        }
        for (double delta : {1.0, 0.5, 2.5}) {
          add("huber_loss", "huber_loss delta " + std::to_string(delta),
              [r, delta](auto& v) { return huber_loss(v[0], v[1], r, delta); },
              [r, delta](auto& v) {
                return TF::huber_loss(v[0], v[1], with_reduction(TF::HuberLossFuncOptions(), r).delta(delta));
              });
        }
      }
    }
  }
}

// ---- nll_loss and cross_entropy with class indices ------------------------------------------
struct ClassShape {
  std::vector<int64_t> input, target;
};
const std::vector<ClassShape> kClassShapes = {{{5, 4}, {5}}, {{3, 4, 2, 2}, {3, 2, 2}}, {{2, 3, 5}, {2, 5}}};

void class_index_cases() {
  uint64_t seed = 2000;
  for (ScalarType dtype : kLossTypes) {
    for (int64_t r : kReductions) {
      for (const ClassShape& cs : kClassShapes) {
        for (bool weighted : {false, true}) {
          // ignore_index 1 is a real class, so some targets are ignored.
          for (int64_t ignore : {int64_t{-100}, int64_t{1}}) {
            std::string what = std::string(weighted ? "weighted" : "unweighted") + " ignore " + std::to_string(ignore);
            uint64_t s = seed++;
            auto setup = [=] {
              int64_t classes = cs.input[1];
              Tensor t = make_input(cs.target, kLong, Layout::Contiguous, s + 1, 0, static_cast<double>(classes - 1));
              std::optional<Tensor> w;
              if (weighted) w = make_input({classes}, dtype, Layout::Contiguous, s + 2, 0.5, 1.5);
              return std::make_pair(t, w);
            };
            add_case({"nll_loss", label("nll_loss " + what, dtype, r, cs.input), [=] {
                        auto [t, w] = setup();
                        Tensor x = make_input(cs.input, dtype, Layout::Contiguous, s, -3.0, 0.0);
                        return run_and_compare(
                            {x},
                            [=](auto& v) {
                              return EF::nll_loss(v[0], t, EF::NLLLossFuncOptions().weight(undef_if_none(w)).ignore_index(ignore)
                                                               .reduction(static_cast<Reduction::Reduction>(r)));
                            },
                            [=](auto& v) {
                              return TF::nll_loss(v[0], to_torch(t),
                                                  with_reduction(TF::NLLLossFuncOptions(), r).weight(opt(w)).ignore_index(ignore));
                            },
                            true, s);
                      }});
            for (double smoothing : {0.0, 0.1}) {
              add_case({"cross_entropy", label("cross_entropy " + what + " smoothing " + std::to_string(smoothing), dtype, r, cs.input),
                        [=] {
                          auto [t, w] = setup();
                          Tensor x = make_input(cs.input, dtype, Layout::Transposed, s);
                          return run_and_compare(
                              {x},
                              [=](auto& v) {
                                return cross_entropy_loss(v[0], t, w, r, ignore, smoothing);
                              },
                              [=](auto& v) {
                                return TF::cross_entropy(v[0], to_torch(t),
                                                         with_reduction(TF::CrossEntropyFuncOptions(), r)
                                                             .weight(opt(w)).ignore_index(ignore).label_smoothing(smoothing));
                              },
                              true, s);
                        }});
            }
          }
        }
      }
      // One sample: input [C], 0-dim target (PyTorch 2.x; LibTorch 1.13's F::nll_loss wants
      // 2-D input, so its side runs on [1, C] and drops the batch dim).
      add_case({"nll_loss", label("nll_loss single sample", dtype, r, {4}), [=] {
                  Tensor t = full({}, 2, kLong);
                  return run_and_compare({make_input({4}, dtype, Layout::Contiguous, 2999)},
                                         [=](auto& v) { return nll_loss(v[0], t, std::nullopt, r); },
                                         [=](auto& v) {
                                           torch::Tensor y = TF::nll_loss(v[0].unsqueeze(0), to_torch(t).unsqueeze(0),
                                                                          with_reduction(TF::NLLLossFuncOptions(), r));
                                           return r == Reduction::None ? y.squeeze(0) : y;
                                         }, true, 1);
                }});
    }
  }
}

// ---- cross_entropy with class-probability targets -------------------------------------------
void class_probability_cases() {
  uint64_t seed = 3000;
  for (ScalarType dtype : kLossTypes) {
    for (int64_t r : kReductions) {
      for (const ClassShape& cs : kClassShapes) {
        for (bool weighted : {false, true}) {
          for (double smoothing : {0.0, 0.2}) {
            uint64_t s = seed++;
            std::string what = std::string("probabilities ") + (weighted ? "weighted" : "unweighted") + " smoothing " +
                               std::to_string(smoothing);
            add_case({"cross_entropy", label(what, dtype, r, cs.input), [=] {
                        Tensor x = make_input(cs.input, dtype, Layout::Contiguous, s);
                        Tensor p = softmax(make_input(cs.input, dtype, Layout::Contiguous, s + 1), 1);
                        std::optional<Tensor> w;
                        if (weighted) w = make_input({cs.input[1]}, dtype, Layout::Contiguous, s + 2, 0.5, 1.5);
                        return run_and_compare(
                            {x},
                            [=](auto& v) {
                              return EF::cross_entropy(v[0], p, EF::CrossEntropyFuncOptions().weight(undef_if_none(w))
                                                                    .label_smoothing(smoothing).reduction(static_cast<Reduction::Reduction>(r)));
                            },
                            [=](auto& v) {
                              return TF::cross_entropy(v[0], to_torch(p),
                                                       with_reduction(TF::CrossEntropyFuncOptions(), r).weight(opt(w)).label_smoothing(smoothing));
                            },
                            true, s);
                      }});
          }
        }
      }
    }
  }
}

// ---- binary cross-entropy -------------------------------------------------------------------
void binary_cases() {
  uint64_t seed = 4000;
  const std::vector<int64_t> shape = {3, 4};
  for (ScalarType dtype : kLossTypes) {
    for (int64_t r : kReductions) {
      // weight: none, full shape, broadcast along rows.
      for (int weight_kind : {0, 1, 2}) {
        std::string what = weight_kind == 0 ? "unweighted" : weight_kind == 1 ? "weight [3, 4]" : "weight [4]";
        uint64_t s = seed++;
        auto make_weight = [=]() -> std::optional<Tensor> {
          if (weight_kind == 0) return std::nullopt;
          return make_input(weight_kind == 1 ? std::vector<int64_t>{3, 4} : std::vector<int64_t>{4}, dtype,
                            Layout::Contiguous, s + 2, 0.5, 1.5);
        };
        add_case({"binary_cross_entropy", label("binary_cross_entropy " + what, dtype, r, shape), [=] {
                    Tensor x = make_input(shape, dtype, Layout::Contiguous, s, 0.05, 0.95);
                    Tensor t = make_input(shape, dtype, Layout::Contiguous, s + 1, 0.0, 1.0);
                    std::optional<Tensor> w = make_weight();
                    return run_and_compare(
                        {x},
                        [=](auto& v) {
                          return EF::binary_cross_entropy(v[0], t, EF::BinaryCrossEntropyFuncOptions().weight(undef_if_none(w))
                                                                       .reduction(static_cast<Reduction::Reduction>(r)));
                        },
                        [=](auto& v) {
                          return TF::binary_cross_entropy(v[0], to_torch(t),
                                                          with_reduction(TF::BinaryCrossEntropyFuncOptions(), r).weight(opt(w)));
                        },
                        true, s);
                  }});
        for (bool with_pos : {false, true}) {
          // Logits up to +-30: exp would lose the small term without the stable form.
          for (double range : {3.0, 30.0}) {
            add_case({"binary_cross_entropy_with_logits",
                      label(what + (with_pos ? " pos_weight" : "") + " range " + std::to_string(range), dtype, r, shape),
                      [=] {
                        Tensor x = make_input(shape, dtype, Layout::Transposed, s, -range, range);
                        Tensor t = make_input(shape, dtype, Layout::Contiguous, s + 1, 0.0, 1.0);
                        std::optional<Tensor> w = make_weight();
                        std::optional<Tensor> pw;
                        if (with_pos) pw = make_input({4}, dtype, Layout::Contiguous, s + 3, 0.5, 3.0);
                        return run_and_compare(
                            {x},
                            [=](auto& v) { return binary_cross_entropy_with_logits(v[0], t, w, pw, r); },
                            [=](auto& v) {
                              return TF::binary_cross_entropy_with_logits(
                                  v[0], to_torch(t),
                                  with_reduction(TF::BinaryCrossEntropyWithLogitsFuncOptions(), r).weight(opt(w)).pos_weight(opt(pw)));
                            },
                            true, s);
                      }});
          }
        }
      }
    }
  }
}

// ---- kl_div ---------------------------------------------------------------------------------
void kl_div_cases() {
  uint64_t seed = 5000;
  const std::vector<int64_t> shape = {3, 5};
  for (ScalarType dtype : kLossTypes) {
    for (int64_t r : {Reduction::None, Reduction::Mean, Reduction::Sum, Reduction::BatchMean}) {
      for (bool log_target : {false, true}) {
        uint64_t s = seed++;
        add_case({"kl_div", label(log_target ? "kl_div log_target" : "kl_div", dtype, r, shape), [=] {
                    Tensor x = log_softmax(make_input(shape, dtype, Layout::Contiguous, s), 1);
                    Tensor p = softmax(make_input(shape, dtype, Layout::Contiguous, s + 1), 1);
                    // A zero probability: its term is 0, not 0 * log 0.
                    if (!log_target) p = where(lt(make_input(shape, dtype, Layout::Contiguous, s + 2, 0.0, 1.0), 0.2), 0, p);
                    Tensor t = log_target ? log(p) : p;
                    return run_and_compare(
                        {x.detach()},
                        [=](auto& v) {
                          return EF::kl_div(v[0], t, EF::KLDivFuncOptions(static_cast<Reduction::Reduction>(r)).log_target(log_target));
                        },
                        [=](auto& v) {
                          TF::KLDivFuncOptions o;
                          o.log_target(log_target);
                          if (r == Reduction::BatchMean) o.reduction(torch::kBatchMean);
                          else o = with_reduction(o, r);
                          return TF::kl_div(v[0], to_torch(t), o);
                        },
                        true, s);
                  }});
      }
    }
  }
}

// ---- first and second derivatives (float64 finite differences of ember) ---------------------
void gradcheck_cases() {
  // Targets and weights are made on each call (cases register at static-init time).
  auto add = [](const std::string& op, double lo, double hi,
                std::function<Tensor(const Tensor& x, const Tensor& t, const Tensor& cls, const Tensor& w)> f) {
    add_gradcheck_case({op, "loss", [=] { return std::vector<Tensor>{make_input({3, 4}, kDouble, Layout::Contiguous, 77, lo, hi)}; },
                        [f](auto& v) {
                          Tensor t = make_input({3, 4}, kDouble, Layout::Contiguous, 78, 0.1, 0.9);
                          Tensor cls = make_input({3}, kLong, Layout::Contiguous, 79, 0, 3);
                          Tensor w = make_input({4}, kDouble, Layout::Contiguous, 80, 0.5, 1.5);
                          return f(v[0], t, cls, w);
                        }});
  };
  add("mse_loss", -2, 2, [](auto& x, auto& t, auto&, auto&) { return mse_loss(x, t); });
  add("smooth_l1_loss", -2, 2, [](auto& x, auto& t, auto&, auto&) { return smooth_l1_loss(x, t, Reduction::Sum, 0.5); });
  add("huber_loss", -2, 2, [](auto& x, auto& t, auto&, auto&) { return huber_loss(x, t, Reduction::None, 0.7); });
  add("nll_loss", -3, 0, [](auto& x, auto&, auto& cls, auto& w) { return nll_loss(x, cls, w, Reduction::Mean, 1); });
  add("cross_entropy", -2, 2,
      [](auto& x, auto&, auto& cls, auto& w) { return cross_entropy_loss(x, cls, w, Reduction::Mean, 1, 0.1); });
  add("cross_entropy", -2, 2, [](auto& x, auto& t, auto&, auto&) { return cross_entropy_loss(x, softmax(t, 1)); });
  add("binary_cross_entropy", 0.1, 0.9, [](auto& x, auto& t, auto&, auto& w) { return binary_cross_entropy(x, t, w); });
  add("binary_cross_entropy_with_logits", -4, 4, [](auto& x, auto& t, auto&, auto& w) {
    return binary_cross_entropy_with_logits(x, t, std::nullopt, w, Reduction::Sum);
  });
  add("kl_div", -3, -0.1, [](auto& x, auto& t, auto&, auto&) { return kl_div(x, t, Reduction::BatchMean); });
}

// ---- errors ---------------------------------------------------------------------------------
void error_cases() {
  add_error_case("mse_loss", "shapes do not broadcast",
                 [] { mse_loss(ones({3, 4}), ones({5})); },
                 [] { TF::mse_loss(torch::ones({3, 4}), torch::ones({5})); });
  add_error_case("huber_loss", "shapes do not broadcast",
                 [] { huber_loss(ones({3, 4}), ones({2, 4})); },
                 [] { TF::huber_loss(torch::ones({3, 4}), torch::ones({2, 4})); });
  add_error_case("nll_loss", "target out of range",
                 [] { nll_loss(zeros({2, 4}), full({2}, 4, kLong)); },
                 [] { TF::nll_loss(torch::zeros({2, 4}), torch::full({2}, 4, torch::kLong)); });
  add_error_case("nll_loss", "negative target",
                 [] { nll_loss(zeros({2, 4}), full({2}, -1, kLong)); },
                 [] { TF::nll_loss(torch::zeros({2, 4}), torch::full({2}, -1, torch::kLong)); });
  add_error_case("nll_loss", "batch size mismatch",
                 [] { nll_loss(zeros({2, 4}), zeros({3}, kLong)); },
                 [] { TF::nll_loss(torch::zeros({2, 4}), torch::zeros({3}, torch::kLong)); });
  add_error_case("nll_loss", "float target",
                 [] { nll_loss(zeros({2, 4}), zeros({2})); },
                 [] { TF::nll_loss(torch::zeros({2, 4}), torch::zeros({2})); });
  add_error_case("nll_loss", "weight size",
                 [] { nll_loss(zeros({2, 4}), zeros({2}, kLong), ones({3})); },
                 [] { TF::nll_loss(torch::zeros({2, 4}), torch::zeros({2}, torch::kLong), TF::NLLLossFuncOptions().weight(torch::ones({3}))); });
  add_error_case("cross_entropy", "target out of range",
                 [] { EF::cross_entropy(zeros({2, 4}), full({2}, 9, kLong)); },
                 [] { TF::cross_entropy(torch::zeros({2, 4}), torch::full({2}, 9, torch::kLong)); });
  add_error_case("cross_entropy", "probability target shape",
                 [] { EF::cross_entropy(zeros({2, 4}), zeros({2, 3})); },
                 [] { TF::cross_entropy(torch::zeros({2, 4}), torch::zeros({2, 3})); });
  add_error_case("binary_cross_entropy", "target shape",
                 [] { binary_cross_entropy(full({2, 4}, 0.5), zeros({4})); },
                 [] { TF::binary_cross_entropy(torch::full({2, 4}, 0.5), torch::zeros({4})); });
  add_error_case("binary_cross_entropy", "input outside [0, 1]",
                 [] { binary_cross_entropy(full({2}, 1.5), zeros({2})); },
                 [] { TF::binary_cross_entropy(torch::full({2}, 1.5), torch::zeros({2})); });
  add_error_case("binary_cross_entropy_with_logits", "target shape",
                 [] { binary_cross_entropy_with_logits(zeros({2, 4}), zeros({4})); },
                 [] { TF::binary_cross_entropy_with_logits(torch::zeros({2, 4}), torch::zeros({4})); });
}

const bool registered = [] {
  pointwise_cases();
  class_index_cases();
  class_probability_cases();
  binary_cases();
  kl_div_cases();
  gradcheck_cases();
  error_cases();
  return true;
}();

// A reduction that is not kNone/kMean/kSum (ATen reads unknown values as kNone; ember rejects
// them), and kBatchMean outside kl_div.
TEST(LossErrors, BadReduction) {
  Tensor x = ones({2, 3});
  for (int64_t bad : {int64_t{-1}, int64_t{7}}) {
    EXPECT_THROW(mse_loss(x, x, bad), Error);
    EXPECT_THROW(nll_loss(x, zeros({2}, kLong), std::nullopt, bad), Error);
    EXPECT_THROW(kl_div(x, x, bad), Error);
  }
  try {
    EF::cross_entropy(x, zeros({2}, kLong), EF::CrossEntropyFuncOptions().reduction(kBatchMean));
    FAIL() << "kBatchMean accepted by cross_entropy";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cross_entropy"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ember::difftest
