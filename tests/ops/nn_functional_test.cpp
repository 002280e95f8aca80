// Unit tests for the nn_functional family (softmax.cpp, normalization.cpp, embedding.cpp,
// dropout.cpp): worked values, numerical stability, gradients against finite differences
// (first and second order), the fused kernels against composites, error messages.
#include <cmath>
#include <limits>

#include "core/test_util.h"

namespace ember {
namespace {

using autograd::variable_list;
using Fn = std::function<Tensor(const std::vector<Tensor>&)>;

// A deterministic double tensor with values in [-2, 2].
Tensor sample(IntArrayRef shape, uint64_t seed) {
  manual_seed(seed);
  return rand(shape, kDouble) * 4 - 2;
}

Tensor flat_contiguous(const Tensor& t) { return t.contiguous().view({-1}); }

// d/dinputs of sum(f(inputs) * h), by central differences on each element. f may use autograd
// itself (for second derivatives); the perturbed inputs do not require grad.
std::vector<Tensor> numeric_grads(const Fn& f, std::vector<Tensor> inputs, const Tensor& h) {
  std::vector<Tensor> grads;
  const double step = 1e-6;
  auto objective = [&]() { return sum(f(inputs) * h).item<double>(); };
  for (auto& in : inputs) {
    in = in.clone();
    Tensor g = zeros(in.sizes(), kDouble);
    double* x = in.data_ptr<double>();
    double* gp = g.data_ptr<double>();
    for (int64_t i = 0; i < in.numel(); ++i) {
      double saved = x[i];
      x[i] = saved + step;
      double up = objective();
      x[i] = saved - step;
      double down = objective();
      x[i] = saved;
      gp[i] = (up - down) / (2 * step);
    }
    grads.push_back(g);
  }
  return grads;
}

void expect_close(const Tensor& a, const Tensor& b, double tol, const std::string& what) {
  ASSERT_TRUE(a.defined()) << what;
  ASSERT_EQ(a.sizes(), b.sizes()) << what;
  Tensor x = flat_contiguous(a.to(kDouble)), y = flat_contiguous(b.to(kDouble));
  for (int64_t i = 0; i < x.numel(); ++i)
    EXPECT_NEAR(x.data_ptr<double>()[i], y.data_ptr<double>()[i], tol) << what << " at flat index " << i;
}

enum class SecondOrder {
  Check,  // compare second derivatives with finite differences of the gradient
  None,   // the op is linear in its differentiable inputs: no second derivative
};

// First derivatives (autograd vs finite differences) and second derivatives: the gradient
// computed with create_graph, differentiated again, vs finite differences of the gradient.
void check_gradients(const Fn& f, const std::vector<Tensor>& inputs, uint64_t seed,
                     SecondOrder second_order = SecondOrder::Check) {
  std::vector<Tensor> leaves;
  for (const Tensor& in : inputs) leaves.push_back(in.detach().clone().set_requires_grad(true));
  Tensor out = f(leaves);
  Tensor h = sample(out.sizes(), seed);
  variable_list grads = autograd::grad({out}, leaves, {h}, std::nullopt, /*create_graph=*/true);
  std::vector<Tensor> expected = numeric_grads(f, inputs, h);
  for (size_t k = 0; k < leaves.size(); ++k) expect_close(grads[k], expected[k], 1e-6, "gradient " + std::to_string(k));

  if (second_order == SecondOrder::None) return;
  // Second order: d/dinputs of G = sum_k sum(grad_k * v_k), autograd through the gradient
  // (create_graph) vs finite differences of G.
  std::vector<Tensor> vs;
  Tensor total = zeros({}, kDouble);
  for (size_t k = 0; k < leaves.size(); ++k) {
    vs.push_back(sample(leaves[k].sizes(), seed + 10 + k));
    total = total + sum(grads[k] * vs[k]);
  }
  variable_list second = autograd::grad({total}, leaves, {}, std::nullopt, false, /*allow_unused=*/true);
  Fn g_of = [&](const std::vector<Tensor>& xs) {
    std::vector<Tensor> ls;
    for (const Tensor& x : xs) ls.push_back(x.detach().clone().set_requires_grad(true));
    variable_list g = autograd::grad({f(ls)}, ls, {h});
    Tensor t = zeros({}, kDouble);
    for (size_t k = 0; k < g.size(); ++k) t = t + sum(g[k] * vs[k]);
    return t.detach();
  };
  std::vector<Tensor> expected_second = numeric_grads(g_of, inputs, ones({}, kDouble));
  for (size_t k = 0; k < leaves.size(); ++k) {
    Tensor got = second[k].defined() ? second[k] : zeros(leaves[k].sizes(), kDouble);
    expect_close(got, expected_second[k], 1e-5, "second derivative " + std::to_string(k));
  }
}

TEST(Softmax, WorkedValues) {
  Tensor x = tensor({1.0, 2.0, 3.0});
  expect_values(softmax(x, 0), {0.0900305731703805, 0.2447284710547976, 0.6652409557748219}, 1e-6);
  expect_values(log_softmax(x, -1), {-2.4076059644443806, -1.4076059644443804, -0.4076059644443803}, 1e-6);
  expect_values(x.softmax(0), {0.0900305731703805, 0.2447284710547976, 0.6652409557748219}, 1e-6);
  // Over dim 0 of a [2, 2]: each column is a softmax of its two entries.
  Tensor m = tensor({{0.0, 1.0}, {0.0, 3.0}});
  expect_values(softmax(m, 0), {0.5, 0.11920292202211755, 0.5, 0.8807970779778823}, 1e-6);
  expect_values(softmax(m, 1), {0.2689414213699951, 0.7310585786300049, 0.04742587317756678, 0.9525741268224334}, 1e-6);
}

TEST(Softmax, StableForLargeAndInfiniteInputs) {
  // exp(1000) overflows; subtracting the max first keeps the result exact.
  expect_values(softmax(tensor({1000.0f, 1001.0f}), 0), {0.2689414213699951, 0.7310585786300049}, 1e-6);
  expect_values(log_softmax(tensor({-1000.0, 0.0}), 0), {-1000.0, 0.0}, 1e-6);
  double inf = std::numeric_limits<double>::infinity();
  expect_values(softmax(tensor({-inf, 0.0, 0.0}), 0), {0.0, 0.5, 0.5}, 1e-6);
  Tensor nan_row = softmax(tensor({{1.0, std::nan("")}, {1.0, 1.0}}), 1);
  EXPECT_TRUE(std::isnan(nan_row[0][0].item<double>()));
  expect_values(nan_row[1], {0.5, 0.5}, 1e-6);
}

TEST(Softmax, ShapesDtypesAndLayouts) {
  expect_values(softmax(tensor(2.0), 0), {1.0});
  expect_values(log_softmax(tensor(2.0), -1), {0.0});
  EXPECT_EQ(softmax(empty({0, 3}), 1).sizes(), IntArrayRef({0, 3}));
  // A half input computed in float (dtype=) and in half (float accumulation).
  Tensor h = tensor({1.0, 2.0, 3.0}).to(kHalf);
  EXPECT_EQ(softmax(h, 0, kFloat).dtype(), kFloat);
  expect_values(softmax(h, 0), {0.0900305731703805, 0.2447284710547976, 0.6652409557748219}, 1e-3);
  expect_values(log_softmax(h.to(kBFloat16), 0), {-2.4076, -1.4076, -0.4076}, 2e-2);
  // Every dim of a non-contiguous 3-d input agrees with the same values made contiguous.
  Tensor x = sample({3, 4, 5}, 1).transpose(0, 2);
  for (int64_t d = -3; d < 3; ++d) {
    expect_close(softmax(x, d), softmax(x.contiguous(), d), 1e-15, "softmax dim " + std::to_string(d));
    // Rows sum to one.
    expect_close(sum(softmax(x, d), {d}), ones(sum(x, {d}).sizes(), kDouble), 1e-12, "row sums");
  }
}

TEST(Softmax, Gradients) {
  for (int64_t d : {0, 1, -1}) {
    check_gradients([d](auto& x) { return softmax(x[0], d); }, {sample({3, 4}, 2)}, 3);
    check_gradients([d](auto& x) { return log_softmax(x[0], d); }, {sample({3, 4}, 4)}, 5);
  }
  Tensor x = sample({2, 3}, 6).set_requires_grad(true);
  EXPECT_EQ(softmax(x, 1).grad_fn()->name(), "SoftmaxBackward0");
}

TEST(LayerNorm, WorkedValues) {
  // mean 2, biased variance 2/3: (x - 2) / sqrt(2/3 + eps).
  double r = 1.0 / std::sqrt(2.0 / 3.0 + 1e-5);
  expect_values(layer_norm(tensor({{1.0, 2.0, 3.0}}), {3}), {-r, 0.0, r}, 1e-6);
  expect_values(layer_norm(tensor({{1.0, 2.0, 3.0}}), {3}, tensor({1.0, 2.0, 3.0}), tensor({0.5, 0.5, 0.5})),
                {0.5 - r, 0.5, 0.5 + 3 * r}, 1e-6);
  // Over two trailing dims: the [2, 2] block is one group of four.
  double r4 = 1.0 / std::sqrt(1.25 + 1e-5);
  expect_values(layer_norm(tensor({{{1.0, 2.0}, {3.0, 4.0}}}), {2, 2}), {-1.5 * r4, -0.5 * r4, 0.5 * r4, 1.5 * r4}, 1e-6);
  // A constant row normalizes to 0, not NaN (eps keeps the scale finite).
  expect_values(layer_norm(full({2, 4}, 7.0f), {4}), {0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(layer_norm(empty({0, 4}), {4}).sizes(), IntArrayRef({0, 4}));
  expect_values(layer_norm(tensor({{1.0, 2.0, 3.0}}).to(kBFloat16), {3}), {-r, 0.0, r}, 1e-2);
  expect_values(layer_norm(tensor({{1.0, 2.0, 3.0}}).to(kHalf), {3}), {-r, 0.0, r}, 1e-3);
}

TEST(LayerNorm, NonContiguousInput) {
  Tensor x = sample({4, 3}, 7).t();  // [3, 4], transposed
  expect_close(layer_norm(x, {4}), layer_norm(x.contiguous(), {4}), 1e-15, "transposed");
}

TEST(LayerNorm, Gradients) {
  check_gradients([](auto& x) { return layer_norm(x[0], {4}, x[1], x[2]); },
                  {sample({3, 4}, 8), sample({4}, 9), sample({4}, 10)}, 11);
  check_gradients([](auto& x) { return layer_norm(x[0], {3, 4}); }, {sample({2, 3, 4}, 12)}, 13);
  check_gradients([](auto& x) { return layer_norm(x[0], {4}, x[1]); }, {sample({2, 4}, 14), sample({4}, 15)}, 16);
  Tensor x = sample({2, 3}, 17).set_requires_grad(true);
  EXPECT_EQ(layer_norm(x, {3}).grad_fn()->name(), "NativeLayerNormBackward0");
}

TEST(GroupNorm, WorkedValues) {
  // [1, 4] with 2 groups: (1, 2) and (3, 4), each normalized to (-1, 1) up to eps.
  double r = 0.5 / std::sqrt(0.25 + 1e-5);
  expect_values(group_norm(tensor({{1.0, 2.0, 3.0, 4.0}}), 2), {-r, r, -r, r}, 1e-6);
  // Per-channel weight and bias on [1, 2, 2]: one group per channel over its spatial pair.
  expect_values(group_norm(tensor({{{1.0, 3.0}, {0.0, 4.0}}}), 2, tensor({2.0, 3.0}), tensor({1.0, -1.0})),
                {1 - 2 * (1 / std::sqrt(1 + 1e-5)), 1 + 2 * (1 / std::sqrt(1 + 1e-5)),
                 -1 - 3 * (2 / std::sqrt(4 + 1e-5)), -1 + 3 * (2 / std::sqrt(4 + 1e-5))}, 1e-6);
  // Equals layer_norm over each group's elements.
  Tensor x = sample({2, 6, 5}, 18);
  expect_close(group_norm(x, 3), layer_norm(x.reshape({2, 3, 10}), {10}).reshape({2, 6, 5}), 1e-12, "vs layer_norm");
  EXPECT_EQ(group_norm(empty({0, 4, 2}), 2).sizes(), IntArrayRef({0, 4, 2}));
}

TEST(GroupNorm, Gradients) {
  check_gradients([](auto& x) { return group_norm(x[0], 2, x[1], x[2]); },
                  {sample({2, 4, 3}, 19), sample({4}, 20), sample({4}, 21)}, 22);
  check_gradients([](auto& x) { return group_norm(x[0], 3); }, {sample({2, 3}, 23)}, 24);
  Tensor x = sample({2, 4}, 25).set_requires_grad(true);
  EXPECT_EQ(group_norm(x, 2).grad_fn()->name(), "NativeGroupNormBackward0");
}

TEST(RmsNorm, WorkedValuesAndDefaultEps) {
  // mean(x^2) = 14/3.
  double r = 1.0 / std::sqrt(14.0 / 3.0 + 1e-6);
  expect_values(rms_norm(tensor({1.0, 2.0, 3.0}), {3}, std::nullopt, 1e-6), {r, 2 * r, 3 * r}, 1e-6);
  expect_values(rms_norm(tensor({1.0, 2.0, 3.0}), {3}, tensor({1.0, 0.5, -1.0}), 1e-6), {r, r, -3 * r}, 1e-6);
  // Default eps: the dtype's machine epsilon, visible on an all-zero-but-tiny row.
  double e = std::numeric_limits<double>::epsilon();
  Tensor tiny = full({2}, 1e-8, kDouble);
  expect_values(rms_norm(tiny, {2}), {1e-8 / std::sqrt(1e-16 + e), 1e-8 / std::sqrt(1e-16 + e)}, 1e-12);
  float ef = std::numeric_limits<float>::epsilon();
  expect_values(rms_norm(full({1}, 1e-4, kFloat), {1}), {1e-4 / std::sqrt(1e-8 + ef)}, 1e-6);
}

TEST(RmsNorm, Gradients) {
  check_gradients([](auto& x) { return rms_norm(x[0], {4}, x[1], 1e-5); }, {sample({3, 4}, 26), sample({4}, 27)}, 28);
  check_gradients([](auto& x) { return rms_norm(x[0], {2, 4}); }, {sample({3, 2, 4}, 29)}, 30);
}

TEST(Embedding, LookupAndGradient) {
  Tensor w = tensor({{0.0, 1.0}, {2.0, 3.0}, {4.0, 5.0}});
  Tensor idx = tensor({{2, 0}, {2, 1}});
  Tensor out = embedding(w, idx);
  EXPECT_EQ(out.sizes(), IntArrayRef({2, 2, 2}));
  expect_values(out, {4, 5, 0, 1, 4, 5, 2, 3});
  expect_values(embedding(w, tensor(1)), {2, 3});
  expect_values(embedding(w, tensor({1, 2}).to(kInt)), {2, 3, 4, 5});

  Tensor wg = w.clone().set_requires_grad(true);
  Tensor y = embedding(wg, idx);
  EXPECT_EQ(y.grad_fn()->name(), "EmbeddingBackward0");
  y.backward(ones_like(y));
  expect_values(wg.grad(), {1, 1, 1, 1, 2, 2});  // row 2 looked up twice
  // padding_idx rows get no gradient; scale_grad_by_freq divides by the lookup count.
  Tensor wp = w.clone().set_requires_grad(true);
  Tensor yp = embedding(wp, idx, /*padding_idx=*/0, /*scale_grad_by_freq=*/true);
  yp.backward(ones_like(yp));
  expect_values(wp.grad(), {0, 0, 1, 1, 1, 1});
  check_gradients([&](auto& x) { return embedding(x[0], idx); }, {sample({3, 2}, 31)}, 32, SecondOrder::None);
}

TEST(Dropout, IdentityCasesAndExtremes) {
  Tensor x = sample({100}, 33);
  EXPECT_TRUE(dropout(x, 0.5, false).is_same(x));
  EXPECT_TRUE(dropout(x, 0.0, true).is_same(x));
  expect_close(dropout(x, 1.0, true), zeros({100}, kDouble), 0, "p=1");
}

TEST(Dropout, MaskScaleAndStatistics) {
  manual_seed(34);
  const double p = 0.3;
  Tensor x = ones({200000}).set_requires_grad(true);
  Tensor y = dropout(x, p, true);
  EXPECT_EQ(y.grad_fn()->name(), "MulBackward0");
  Tensor yc = y.detach().contiguous();
  const float* v = yc.data_ptr<float>();
  int64_t kept = 0;
  for (int64_t i = 0; i < yc.numel(); ++i) {
    if (v[i] != 0) {
      ++kept;
      EXPECT_FLOAT_EQ(v[i], static_cast<float>(1 / (1 - p)));
    }
  }
  // Binomial(200000, 0.7): standard deviation ~205; allow 5 sigma.
  EXPECT_NEAR(static_cast<double>(kept), 0.7 * 200000, 1025);
  // The gradient is the same mask times the same scale: here equal to the output itself.
  y.backward(full({200000}, 2.0f));
  expect_close(x.grad(), yc * 2, 0, "grad = g * mask * scale");
  // The same seed gives the same mask.
  manual_seed(34);
  expect_close(dropout(ones({200000}), p, true), yc, 0, "reproducible");
  // Half and bfloat16 are supported (PyTorch 2.x; LibTorch 1.13's CPU has no half bernoulli).
  Tensor h = dropout(ones({1000}, kHalf), 0.5, true);
  EXPECT_NEAR(sum(h).item<double>(), 1000, 200);
}

TEST(NnFunctional, Errors) {
  Tensor x = empty({2, 3, 4});
  expect_error([&] { softmax(x, 3); }, "softmax", "dimension out of range");
  expect_error([&] { log_softmax(empty({2}, kLong), 0); }, "log_softmax", "floating point");
  expect_error([&] { softmax(x, 0, kInt); }, "softmax", "Int");
  expect_error([&] { layer_norm(x, {3}); }, "layer_norm", "normalized_shape=[3]");
  expect_error([&] { layer_norm(x, {}); }, "layer_norm", "at least 1-dimensional");
  expect_error([&] { layer_norm(x, {4}, empty({3})); }, "layer_norm", "weight of shape [3]");
  expect_error([&] { layer_norm(x, {4}, std::nullopt, empty({5})); }, "layer_norm", "bias of shape [5]");
  expect_error([&] { layer_norm(x, {1, 2, 3, 4}); }, "layer_norm", "expected input with shape");
  expect_error([&] { layer_norm(x, {4}, empty({4}, kDouble)); }, "layer_norm", "dtype");
  expect_error([&] { layer_norm(empty({2, 3}, kInt), {3}); }, "layer_norm", "floating point");
  expect_error([&] { group_norm(x, 2); }, "group_norm", "divisible by num_groups");
  expect_error([&] { group_norm(x, 0); }, "group_norm", "greater than 0");
  expect_error([&] { group_norm(empty({4}), 2); }, "group_norm", "at least 2 dims");
  expect_error([&] { group_norm(x, 3, empty({2})); }, "group_norm", "weight of shape [2]");
  expect_error([&] { rms_norm(x, {3}); }, "rms_norm", "normalized_shape=[3]");
  expect_error([&] { rms_norm(x, {4}, empty({2})); }, "rms_norm", "weight of shape [2]");
  Tensor w = empty({6, 4});
  expect_error([&] { embedding(w, tensor({1, 6})); }, "embedding", "index out of range");
  expect_error([&] { embedding(w, tensor({-1})); }, "embedding", "index out of range");
  expect_error([&] { embedding(w, tensor({1.0})); }, "embedding", "Long or Int");
  expect_error([&] { embedding(empty({6}), tensor({1})); }, "embedding", "2-D");
  expect_error([&] { embedding(w, tensor({1}), -1, false, true); }, "embedding", "sparse");
  expect_error([&] { dropout(x, 1.5, true); }, "dropout", "between 0 and 1");
  expect_error([&] { dropout(x, -0.1, false); }, "dropout", "between 0 and 1");
  expect_error([&] { dropout(empty({3}, kLong), 0.5, true); }, "dropout", "floating point");
}
}  // namespace
}  // namespace ember
