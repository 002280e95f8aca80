// Optimizers against LibTorch 1.13's: 1, 5 and 100 steps of each from the same start on a
// fixed quadratic loss, with and without a StepLR schedule, and StepLR's rate sequence.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>

#include "difftest/torch_bridge.h"

namespace ember::difftest {
namespace {

using EmberOptimizer = std::function<std::unique_ptr<optim::Optimizer>(std::vector<Tensor>)>;
using TorchOptimizer = std::function<std::unique_ptr<torch::optim::Optimizer>(std::vector<torch::Tensor>)>;

// loss = sum(w * (p - t)^2) over two parameters (a [2, 3] matrix and a [4] vector), with
// per-element weights so that the coordinates converge at different rates.
template <class T, class Make>
T quadratic_loss(const std::vector<T>& params, Make&& make) {
  T loss = make(std::vector<double>{0.0}).sum();
  for (size_t i = 0; i < params.size(); ++i) {
    const int64_t n = params[i].numel();
    std::vector<double> w, t;
    for (int64_t k = 0; k < n; ++k) {
      w.push_back(0.5 + 0.25 * static_cast<double>(k + i));
      t.push_back(std::sin(static_cast<double>(3 * k + i)));
    }
    T wt = make(w).reshape(params[i].sizes()), tt = make(t).reshape(params[i].sizes());
    loss = loss + (wt * (params[i] - tt) * (params[i] - tt)).sum();
  }
  return loss;
}

// After 1 and 5 steps the parameters must agree to `early_tol`, after 100 to `tol`: the two differ
// only by rounding (LibTorch's add with alpha is a fused multiply-add), which RMSprop with weight
// decay amplifies near the optimum, where g / sqrt(E[g^2]) swings sign.
void compare_100_steps(const std::string& name, const EmberOptimizer& make_ember, const TorchOptimizer& make_torch,
                       ScalarType dtype, double early_tol, double tol, bool with_step_lr = false) {
  SCOPED_TRACE(name + " " + std::string(to_string(dtype)) + (with_step_lr ? " with StepLR" : ""));
  std::vector<Tensor> ours = {
      tensor(std::vector<double>{0.3, -1.2, 2.0, 0.7, -0.4, 1.5}, dtype).reshape({2, 3}).set_requires_grad(true),
      tensor(std::vector<double>{-2.0, 0.1, 0.9, -0.6}, dtype).set_requires_grad(true)};
  std::vector<torch::Tensor> theirs;
  for (const auto& p : ours) theirs.push_back(to_torch(p.detach()).requires_grad_(true));
  auto ember_opt = make_ember(ours);
  auto torch_opt = make_torch(theirs);
  // With a scheduler: the rate halves every 25 steps on both sides.
  std::unique_ptr<optim::StepLR> ember_sched;
  std::unique_ptr<torch::optim::StepLR> torch_sched;
  if (with_step_lr) {
    ember_sched = std::make_unique<optim::StepLR>(*ember_opt, 25, 0.5);
    torch_sched = std::make_unique<torch::optim::StepLR>(*torch_opt, 25, 0.5);
  }
  auto expect_close = [&](double bound, int steps) {
    for (size_t i = 0; i < ours.size(); ++i) {
      Tensor expected = from_torch(theirs[i].detach());
      const double diff = (ours[i].detach() - expected).abs().max().item<double>();
      EXPECT_LE(diff, bound) << "parameter " << i << " differs after " << steps << " steps";
    }
  };
  for (int step = 1; step <= 100; ++step) {
    ember_opt->zero_grad();
    quadratic_loss(ours, [&](const std::vector<double>& v) { return tensor(v, dtype); }).backward();
    ember_opt->step();
    torch_opt->zero_grad();
    quadratic_loss(theirs, [&](const std::vector<double>& v) {
      return torch::tensor(v, torch::dtype(torch::kDouble)).to(to_torch(dtype));
    }).backward();
    torch_opt->step();
    if (with_step_lr) {
      ember_sched->step();
      torch_sched->step();
    }
    if (step == 1 || step == 5) expect_close(early_tol, step);
  }
  expect_close(tol, 100);
}

struct Case {
  std::string name;
  EmberOptimizer ember;
  TorchOptimizer torch;
  bool amplifies_rounding = false;
};

std::vector<Case> cases() {
  std::vector<Case> all;
  auto add = [&](std::string name, EmberOptimizer e, TorchOptimizer t) {
    const bool amplifies = name.find("RMSprop") != std::string::npos && name.find("weight_decay") != std::string::npos;
    all.push_back({std::move(name), std::move(e), std::move(t), amplifies});
  };
#define EMBER_OPTIM_CASE(name, Ours, ours_options, Theirs, theirs_options)                                    \
  add(                                                                                                      \
      name, [](std::vector<Tensor> p) -> std::unique_ptr<optim::Optimizer> {                                 \
        return std::make_unique<optim::Ours>(std::move(p), optim::ours_options);                             \
      },                                                                                                    \
      [](std::vector<torch::Tensor> p) -> std::unique_ptr<torch::optim::Optimizer> {                         \
        return std::make_unique<torch::optim::Theirs>(std::move(p), torch::optim::theirs_options);           \
      })
  EMBER_OPTIM_CASE("SGD", SGD, SGDOptions(0.05), SGD, SGDOptions(0.05));
  EMBER_OPTIM_CASE("SGD momentum dampening", SGD, SGDOptions(0.05).momentum(0.9).dampening(0.3), SGD,
                   SGDOptions(0.05).momentum(0.9).dampening(0.3));
  EMBER_OPTIM_CASE("SGD nesterov weight_decay", SGD, SGDOptions(0.05).momentum(0.8).nesterov(true).weight_decay(0.1),
                   SGD, SGDOptions(0.05).momentum(0.8).nesterov(true).weight_decay(0.1));
  EMBER_OPTIM_CASE("Adam", Adam, AdamOptions(0.05), Adam, AdamOptions(0.05));
  EMBER_OPTIM_CASE("Adam amsgrad weight_decay", Adam,
                   AdamOptions(0.05).betas({0.8, 0.99}).eps(1e-6).weight_decay(0.1).amsgrad(true), Adam,
                   AdamOptions(0.05).betas({0.8, 0.99}).eps(1e-6).weight_decay(0.1).amsgrad(true));
  EMBER_OPTIM_CASE("AdamW", AdamW, AdamWOptions(0.05), AdamW, AdamWOptions(0.05));
  EMBER_OPTIM_CASE("AdamW amsgrad", AdamW, AdamWOptions(0.05).weight_decay(0.2).amsgrad(true), AdamW,
                   AdamWOptions(0.05).weight_decay(0.2).amsgrad(true));
  EMBER_OPTIM_CASE("Adagrad", Adagrad, AdagradOptions(0.1), Adagrad, AdagradOptions(0.1));
  EMBER_OPTIM_CASE("Adagrad lr_decay weight_decay accumulator", Adagrad,
                   AdagradOptions(0.1).lr_decay(0.01).weight_decay(0.1).initial_accumulator_value(0.5), Adagrad,
                   AdagradOptions(0.1).lr_decay(0.01).weight_decay(0.1).initial_accumulator_value(0.5));
  EMBER_OPTIM_CASE("RMSprop", RMSprop, RMSpropOptions(0.01), RMSprop, RMSpropOptions(0.01));
  EMBER_OPTIM_CASE("RMSprop centered", RMSprop, RMSpropOptions(0.01).centered(true), RMSprop,
                   RMSpropOptions(0.01).centered(true));
  EMBER_OPTIM_CASE("RMSprop momentum", RMSprop, RMSpropOptions(0.01).momentum(0.5), RMSprop,
                   RMSpropOptions(0.01).momentum(0.5));
  EMBER_OPTIM_CASE("RMSprop alpha weight_decay", RMSprop, RMSpropOptions(0.01).alpha(0.9).weight_decay(0.1), RMSprop,
                   RMSpropOptions(0.01).alpha(0.9).weight_decay(0.1));
  EMBER_OPTIM_CASE("RMSprop centered momentum weight_decay", RMSprop,
                   RMSpropOptions(0.01).alpha(0.9).centered(true).momentum(0.5).weight_decay(0.1), RMSprop,
                   RMSpropOptions(0.01).alpha(0.9).centered(true).momentum(0.5).weight_decay(0.1));
#undef EMBER_OPTIM_CASE
  return all;
}

TEST(OptimDifftest, HundredStepsMatchLibTorch) {
  for (const auto& c : cases()) {
    compare_100_steps(c.name, c.ember, c.torch, kDouble, 1e-13, c.amplifies_rounding ? 1e-3 : 1e-10);
    compare_100_steps(c.name, c.ember, c.torch, kFloat, 1e-5, c.amplifies_rounding ? 3e-3 : 1e-4);
    compare_100_steps(c.name, c.ember, c.torch, kDouble, 1e-13, c.amplifies_rounding ? 1e-3 : 1e-10,
                      /*with_step_lr=*/true);
  }
}

TEST(OptimDifftest, StepLRMatchesLibTorch) {
  Tensor p = tensor(std::vector<double>{1.0}, kDouble).set_requires_grad(true);
  optim::SGD ours({p}, optim::SGDOptions(0.1));
  torch::optim::SGD theirs({to_torch(p.detach()).requires_grad_(true)}, torch::optim::SGDOptions(0.1));
  optim::StepLR our_scheduler(ours, 3, 0.5);
  torch::optim::StepLR their_scheduler(theirs, 3, 0.5);
  for (int i = 0; i < 10; ++i) {
    our_scheduler.step();
    their_scheduler.step();
    EXPECT_DOUBLE_EQ(ours.param_groups()[0].options().get_lr(), theirs.param_groups()[0].options().get_lr())
        << "after step " << i + 1;
  }
}

// LBFGS against torch::optim::LBFGS from the same start, one step() and twenty: the fixed
// step on the quadratic above, the strong-Wolfe search also with a Rosenbrock valley added
// (100 (b - a^2)^2 + (1 - a)^2 over the first two entries of the vector parameter). The fixed
// step on the valley is left out: it amplifies rounding (LibTorch's add with alpha is a fused
// multiply-add) until the stopping tests fire at different iterations.
template <class T, class Make>
T lbfgs_loss(const std::vector<T>& params, Make&& make, bool valley) {
  if (!valley) return quadratic_loss(params, make);
  T a = params[1].select(0, 0), b = params[1].select(0, 1);
  return quadratic_loss(params, make) + 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
}

void compare_lbfgs(const std::string& name, optim::LBFGSOptions ours_options, torch::optim::LBFGSOptions theirs_options,
                   int steps, ScalarType dtype, double tol) {
  const bool valley = ours_options.line_search_fn().has_value();
  SCOPED_TRACE(name + " " + std::to_string(steps) + " steps " + std::string(to_string(dtype)));
  std::vector<Tensor> ours = {
      tensor(std::vector<double>{0.3, -1.2, 2.0, 0.7, -0.4, 1.5}, dtype).reshape({2, 3}).set_requires_grad(true),
      tensor(std::vector<double>{-1.2, 1.0, 0.9, -0.6}, dtype).set_requires_grad(true)};
  std::vector<torch::Tensor> theirs;
  for (const auto& p : ours) theirs.push_back(to_torch(p.detach()).requires_grad_(true));
  optim::LBFGS ember_opt(ours, ours_options);
  torch::optim::LBFGS torch_opt(theirs, theirs_options);
  for (int step = 0; step < steps; ++step) {
    Tensor our_loss = ember_opt.step([&] {
      ember_opt.zero_grad();
      Tensor loss = lbfgs_loss(ours, [&](const std::vector<double>& v) { return tensor(v, dtype); }, valley);
      loss.backward();
      return loss;
    });
    torch::Tensor their_loss = torch_opt.step([&] {
      torch_opt.zero_grad();
      torch::Tensor loss = lbfgs_loss(theirs, [&](const std::vector<double>& v) {
        return torch::tensor(v, torch::dtype(torch::kDouble)).to(to_torch(dtype));
      }, valley);
      loss.backward();
      return loss;
    });
    EXPECT_NEAR(our_loss.item<double>(), their_loss.item<double>(), tol * (1 + std::abs(their_loss.item<double>())))
        << "loss returned by step " << step + 1;
  }
  for (size_t i = 0; i < ours.size(); ++i) {
    const double diff = (ours[i].detach() - from_torch(theirs[i].detach())).abs().max().item<double>();
    EXPECT_LE(diff, tol) << "parameter " << i;
  }
  const auto& state = static_cast<const optim::LBFGSParamState&>(*ember_opt.state().at(ours[0].unsafeGetTensorImpl()));
  const auto& their_state = static_cast<const torch::optim::LBFGSParamState&>(
      *torch_opt.state().at(c10::guts::to_string(theirs[0].unsafeGetTensorImpl())));
  EXPECT_EQ(state.func_evals(), their_state.func_evals());
  EXPECT_EQ(state.n_iter(), their_state.n_iter());
  EXPECT_EQ(state.old_dirs().size(), their_state.old_dirs().size());
}

TEST(OptimDifftest, LBFGSMatchesLibTorch) {
  for (int steps : {1, 20}) {
    compare_lbfgs("fixed step", optim::LBFGSOptions(0.1), torch::optim::LBFGSOptions(0.1), steps, kDouble, 1e-9);
    compare_lbfgs("fixed step history 3 max_iter 7", optim::LBFGSOptions(0.2).history_size(3).max_iter(7),
                  torch::optim::LBFGSOptions(0.2).history_size(3).max_iter(7), steps, kDouble, 1e-9);
    compare_lbfgs("strong_wolfe", optim::LBFGSOptions(1).line_search_fn("strong_wolfe"),
                  torch::optim::LBFGSOptions(1).line_search_fn("strong_wolfe"), steps, kDouble, 1e-9);
    compare_lbfgs("strong_wolfe history 5", optim::LBFGSOptions(0.8).history_size(5).line_search_fn("strong_wolfe"),
                  torch::optim::LBFGSOptions(0.8).history_size(5).line_search_fn("strong_wolfe"), steps, kDouble, 1e-9);
  }
  compare_lbfgs("strong_wolfe", optim::LBFGSOptions(1).line_search_fn("strong_wolfe"),
                torch::optim::LBFGSOptions(1).line_search_fn("strong_wolfe"), 1, kFloat, 1e-3);
}

}  // namespace
}  // namespace ember::difftest
