// LBFGS on problems with known minima, its state dict and its errors (LibTorch comparisons
// are in tests/difftest/optim_difftest.cpp).
#include <gtest/gtest.h>

#include <ember/ember.h>

namespace ember::optim {
namespace {

// f(x) = sum(w (x - c)^2) with w = [1, 10, 100]: minimum 0 at c.
Tensor quadratic(const Tensor& x) {
  Tensor w = tensor({1.0, 10.0, 100.0}, kDouble), c = tensor({1.0, -2.0, 0.5}, kDouble);
  Tensor d = x - c;
  return sum(w * d * d);
}

LBFGS::LossClosure closure_for(LBFGS& opt, const Tensor& x) {
  return [&opt, x] {
    opt.zero_grad();
    Tensor loss = quadratic(x);
    loss.backward();
    return loss;
  };
}

TEST(LBFGS, MinimisesAQuadraticWithAndWithoutLineSearch) {
  for (bool wolfe : {false, true}) {
    Tensor x = tensor({0.0, 0.0, 0.0}, kDouble).set_requires_grad(true);
    LBFGSOptions options(wolfe ? 1.0 : 0.5);
    if (wolfe) options.line_search_fn("strong_wolfe");
    LBFGS opt({x}, options);
    Tensor first = opt.step(closure_for(opt, x));
    // The returned loss is the closure's first evaluation (at the start point).
    EXPECT_DOUBLE_EQ(first.item<double>(), 1 + 40 + 25);
    for (int i = 0; i < 5; ++i) opt.step(closure_for(opt, x));
    // The fixed step stops once the loss changes by less than tolerance_change (1e-9).
    EXPECT_LT(quadratic(x.detach()).item<double>(), wolfe ? 1e-12 : 1e-8) << "strong_wolfe " << wolfe;
  }
}

TEST(LBFGS, MaxEvalDefaultsAndStateDict) {
  Tensor x = tensor({0.0, 0.0, 0.0}, kDouble).set_requires_grad(true);
  LBFGS opt({x}, LBFGSOptions().max_iter(4).history_size(3));
  EXPECT_EQ(*static_cast<const LBFGSOptions&>(opt.param_groups()[0].options()).max_eval(), 5);
  opt.step(closure_for(opt, x));
  auto& state = static_cast<LBFGSParamState&>(*opt.state().at(x.unsafeGetTensorImpl()));
  EXPECT_EQ(state.n_iter(), 4);
  EXPECT_EQ(state.func_evals(), 4);  // the first evaluation plus one per iteration but the last
  EXPECT_EQ(state.old_dirs().size(), 3u);

  // The snapshot continues the same way in another optimizer over a copy of x.
  OptimizerStateDict dict = opt.state_dict();
  Tensor y = x.detach().clone().set_requires_grad(true);
  LBFGS other({y}, LBFGSOptions().max_iter(4).history_size(3));
  other.load_state_dict(dict);
  opt.step(closure_for(opt, x));
  other.step(closure_for(other, y));
  EXPECT_EQ((x.detach() - y.detach()).abs().max().item<double>(), 0.0);

  // A state dict of another size is rejected.
  Tensor z = tensor({0.0, 0.0}, kDouble).set_requires_grad(true);
  LBFGS wrong({z});
  EXPECT_THROW(wrong.load_state_dict(dict), Error);
}

TEST(LBFGS, BadUseThrows) {
  Tensor x = tensor({0.0}, kDouble).set_requires_grad(true);
  auto expect_error = [](const std::function<void()>& f) {
    try {
      f();
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("LBFGS"), std::string::npos) << e.what();
    }
  };
  expect_error([&] { LBFGS({x}, LBFGSOptions().line_search_fn("backtracking")); });
  expect_error([&] { LBFGS({x}, LBFGSOptions(-1)); });
  LBFGS opt({x});
  expect_error([&] { opt.step(nullptr); });
  Tensor y = tensor({0.0}, kDouble).set_requires_grad(true);
  expect_error([&] { LBFGS(std::vector<OptimizerParamGroup>{OptimizerParamGroup({x}), OptimizerParamGroup({y})}); });
}

}  // namespace
}  // namespace ember::optim
