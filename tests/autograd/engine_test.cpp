// The engine and the Tensor autograd API: leaves and .grad, grad_fn, retain_grad, backward's
// arguments, autograd::grad, hooks, grad-mode guards, the errors PyTorch raises, memory.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::grad;

Tensor leaf(std::vector<double> v) { return tensor(v, kDouble).set_requires_grad(true); }

TEST(Engine, LeavesAccumulateGrad) {
  Tensor x = leaf({1, 2, 3});
  EXPECT_TRUE(x.is_leaf());
  EXPECT_FALSE(x.grad().defined());
  (x * x).sum().backward();
  expect_values(x.grad(), {2, 4, 6});
  (x * 3).sum().backward();  // accumulates
  expect_values(x.grad(), {5, 7, 9});
  Tensor y = x * 2;
  EXPECT_FALSE(y.is_leaf());
  EXPECT_EQ(y.grad_fn()->name(), "MulBackward1");  // mul(Tensor, Scalar), as LibTorch
  EXPECT_EQ(y.sum().grad_fn()->name(), "SumBackward0");  // LibTorch: SumBackward1 is sum over dims
  EXPECT_EQ((x + x).grad_fn()->name(), "AddBackward0");
  EXPECT_FALSE(y.grad().defined());  // non-leaf grads are not kept
  Tensor c = tensor({1.0});
  EXPECT_TRUE(c.is_leaf());
  EXPECT_FALSE(c.requires_grad());
  expect_error([&] { tensor({1, 2}).set_requires_grad(true); }, "requires_grad_", "floating point");
  expect_error([&] { y.set_requires_grad(false); }, "requires_grad_", "leaf");
}

TEST(Engine, RetainGrad) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 3;
  y.retain_grad();
  EXPECT_TRUE(y.retains_grad());
  (y * y).sum().backward();
  expect_values(y.grad(), {6, 12});
  expect_values(x.grad(), {18, 36});
  expect_error([] { tensor({1.0}).retain_grad(); }, "retain_grad");
}

TEST(Engine, BackwardArguments) {
  Tensor x = leaf({1, 2});
  Tensor y = x * x;
  // Non-scalar outputs need a gradient.
  expect_error([&] { y.backward(); }, "backward", "scalar outputs");
  y.backward(tensor({1.0, 10.0}, kDouble), /*retain_graph=*/true);
  expect_values(x.grad(), {2, 40});
  y.backward(tensor({1.0, 1.0}, kDouble));  // the retained graph runs again
  expect_values(x.grad(), {4, 44});
  expect_error([&] { y.backward(tensor({1.0, 1.0}, kDouble)); }, "backward",
               "Trying to backward through the graph a second time");
  expect_error([&] { (x * x).backward(ones({3}, kDouble)); }, "backward", "mismatch in shape");

  // inputs= restricts accumulation.
  Tensor a = leaf({1}), b = leaf({2});
  (a * b).sum().backward({}, std::nullopt, false, std::vector<Tensor>{a});
  expect_values(a.grad(), {2});
  EXPECT_FALSE(b.grad().defined());

  // create_graph: the gradient is differentiable.
  Tensor z = leaf({3});
  (z * z * z).sum().backward({}, std::nullopt, /*create_graph=*/true);
  Tensor gz = z.grad();  // 3 z^2 = 27
  expect_values(gz, {27});
  EXPECT_TRUE(gz.requires_grad());
  Tensor g2 = grad({gz.sum()}, {z})[0];  // 6 z
  expect_values(g2, {18});
  // As in PyTorch, a create_graph gradient stored in a leaf's .grad references the leaf's own
  // graph (a cycle): resetting .grad frees it.
  z.mutable_grad() = Tensor();
}

TEST(Engine, GradFunction) {
  Tensor x = leaf({1, 2}), y = leaf({3, 4}), unused = leaf({0});
  Tensor f = (x * y).sum();
  auto g = grad({f}, {x, y}, {}, /*retain_graph=*/true);
  expect_values(g[0], {3, 4});
  expect_values(g[1], {1, 2});
  EXPECT_FALSE(x.grad().defined());  // grad() does not touch .grad
  expect_error([&] { grad({f}, {unused}, {}, true); }, "grad", "allow_unused");
  auto g2 = grad({f}, {x, unused}, {}, true, false, /*allow_unused=*/true);
  expect_values(g2[0], {3, 4});
  EXPECT_FALSE(g2[1].defined());
  expect_error([&] { grad({f}, {tensor({1.0})}); }, "grad", "does not require grad");
}

TEST(Engine, BroadcastGradientsAreSummed) {
  Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kDouble).set_requires_grad(true);
  Tensor row = leaf({10, 20, 30});
  Tensor col = tensor({{1.0}, {2.0}}, kDouble).set_requires_grad(true);
  Tensor s = tensor(2.0, kDouble).set_requires_grad(true);
  ((a + row) * col * s).sum().backward();
  expect_values(row.grad(), {6, 6, 6});                       // sum over rows of col * s
  expect_values(col.grad(), {(6 + 60) * 2.0, (15 + 60) * 2.0});  // row sums of (a + row) * s
  EXPECT_EQ(col.grad().sizes(), IntArrayRef({2, 1}));
  EXPECT_EQ(s.grad().dim(), 0);
  expect_values(s.grad(), {66 + 2 * 75.0});
}

TEST(Engine, DetachAndDetachInPlace) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 2;
  Tensor d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.is_leaf());
  EXPECT_EQ(d.data_ptr(), y.data_ptr());  // shares memory
  Tensor z = x * 3;
  z.detach_();
  EXPECT_FALSE(z.requires_grad());
  EXPECT_TRUE(z.is_leaf());
  Tensor v = (x * 1).select(0, 0);
  expect_error([&] { v.detach_(); }, "detach_", "views");
}

TEST(Engine, Hooks) {
  Tensor x = leaf({1, 2});
  std::vector<double> seen;
  unsigned h = x.register_hook([&](const Tensor& g) { seen.push_back(g.sum().item<double>()); });
  (x * 3).sum().backward();
  EXPECT_EQ(seen, std::vector<double>({6}));
  x.remove_hook(h);
  (x * 3).sum().backward();
  EXPECT_EQ(seen.size(), 1u);

  // A non-leaf hook can replace the gradient flowing on.
  Tensor y = x * 1;
  unsigned hy = y.register_hook([](const Tensor& g) { return g * 10; });
  x.mutable_grad().reset();
  y.sum().backward(tensor(1.0, kDouble), true);
  expect_values(x.grad(), {10, 10});
  y.remove_hook(hy);
  x.mutable_grad().reset();
  y.sum().backward();
  expect_values(x.grad(), {1, 1});
  expect_error([] { tensor({1.0}).register_hook([](const Tensor&) {}); }, "register_hook");
}

TEST(Engine, GradModeGuards) {
  Tensor x = leaf({1, 2});
  {
    NoGradGuard no_grad;
    EXPECT_FALSE(GradMode::is_enabled());
    EXPECT_FALSE((x * 2).requires_grad());
    {
      AutoGradMode enable(true);
      EXPECT_TRUE((x * 2).requires_grad());
    }
    EXPECT_FALSE(GradMode::is_enabled());
  }
  EXPECT_TRUE(GradMode::is_enabled());
  {
    InferenceMode guard;
    EXPECT_TRUE(InferenceMode::is_enabled());
    EXPECT_FALSE((x * 2).requires_grad());
  }
  EXPECT_FALSE(InferenceMode::is_enabled());
}

TEST(Engine, SecondBackwardThroughFreedGraphThrows) {
  Tensor x = leaf({1, 2});
  Tensor y = (x * x).sum();  // MulBackward0 saves x
  y.backward();
  try {
    y.backward();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("Trying to backward through the graph a second time"), std::string::npos) << msg;
    EXPECT_NE(msg.find("retain_graph=true"), std::string::npos) << msg;
  }
}

TEST(Engine, VersionCounterError) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 2;
  Tensor z = y * y;  // saves y at version 0
  y.mul_(2);
  EXPECT_EQ(y._version(), 1u);
  try {
    z.sum().backward();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("one of the variables needed for gradient computation has been modified by an "
                       "inplace operation: [CPUDoubleType [2]]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("is at version 1; expected version 0 instead"), std::string::npos) << msg;
  }
}

TEST(Engine, GradientPenalty) {
  // L = sum(w x^2) + |dL0/dx|^2 with dL0/dx = 2 w x: d/dw of the penalty = 8 w x^2.
  Tensor x = leaf({1, 2});
  Tensor w = leaf({3, 4});
  Tensor out = (w * x * x).sum();
  Tensor gx = grad({out}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  Tensor loss = out + (gx * gx).sum();
  loss.backward();
  // dL/dw = x^2 + 8 w x^2 = [1 + 24, 4 + 128]; dL/dx = 2 w x + 8 w^2 x = [6 + 72, 16 + 256].
  expect_values(w.grad(), {25, 132});
  expect_values(x.grad(), {78, 272});
}

TEST(Engine, GraphIsFreedWhenOutputsDie) {
  int64_t baseline = memory_allocated();
  std::weak_ptr<autograd::Node> node, grad_node;
  {
    Tensor x = tensor(std::vector<double>(1000, 1.5), kDouble).set_requires_grad(true);
    Tensor gg;
    {
      Tensor y = (x * x * x).sum();
      node = y.grad_fn();
      Tensor g = grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
      grad_node = g.grad_fn();
      gg = grad({(g * g).sum()}, {x}, {}, std::nullopt, true)[0];
      EXPECT_TRUE(gg.requires_grad());
    }
    // gg's graph reaches back through g's graph (it differentiates through it).
    EXPECT_FALSE(grad_node.expired());
    gg.reset();
    EXPECT_TRUE(node.expired());
    EXPECT_TRUE(grad_node.expired());
  }
  EXPECT_EQ(memory_allocated(), baseline);
}

TEST(Engine, AnomalyModeNamesTheForwardOp) {
  Tensor x = leaf({0, 1});
  Tensor y = x / x;  // 0/0: the gradient of div is NaN at 0
  y.sum().backward();  // without anomaly mode NaNs pass silently
  EXPECT_TRUE(std::isnan(x.grad()[0].item<double>()));
  autograd::DetectAnomalyGuard detect;
  EXPECT_TRUE(autograd::AnomalyMode::is_enabled());
  Tensor z = (x * 2) / x;
  try {
    z.sum().backward();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("Function 'DivBackward0' returned nan values"), std::string::npos) << msg;
    EXPECT_NE(msg.find("forward inputs: Double[2] Double[2]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ember
