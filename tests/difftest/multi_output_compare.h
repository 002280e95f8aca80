#pragma once
// Compares an ember module with its LibTorch twin when forward takes several tensors or
// returns several (recurrent layers' states, attention's weights): the caller gives a lambda
// per side mapping the inputs to a flat list of outputs. Outputs, the gradients of
// sum_i sum(output_i * w_i) (fixed random w_i) w.r.t. every input and every parameter are
// compared, in float32 and then float64. Counted in module_comparisons().
#include <functional>
#include <vector>

#include "difftest/module_compare.h"

namespace ember::difftest {

using EmberOutputs = std::function<std::vector<Tensor>(const std::vector<Tensor>&)>;
using TorchOutputs = std::function<std::vector<torch::Tensor>(const std::vector<torch::Tensor>&)>;

template <class EmberModule, class TorchModule>
void expect_same_outputs_in(EmberModule& e, TorchModule& t, const EmberOutputs& e_fn, const TorchOutputs& t_fn,
                            const std::vector<std::vector<int64_t>>& input_shapes, ScalarType dtype, double tol) {
  ++module_comparisons();
  std::vector<Tensor> xs;
  std::vector<torch::Tensor> txs;
  for (const auto& shape : input_shapes) {
    xs.push_back(randn(shape, dtype).requires_grad_());
    txs.push_back(to_torch(xs.back().detach()).requires_grad_());
  }
  std::vector<Tensor> ys = e_fn(xs);
  std::vector<torch::Tensor> tys = t_fn(txs);
  ASSERT_EQ(ys.size(), tys.size());
  Tensor loss = zeros({}, dtype);
  torch::Tensor t_loss = torch::zeros({}, to_torch(dtype));
  for (size_t i = 0; i < ys.size(); ++i) {
    SCOPED_TRACE("output " + std::to_string(i));
    expect_close(ys[i], tys[i], tol);
    Tensor w = randn(ys[i].sizes(), dtype);
    loss = loss + (ys[i] * w).sum();
    t_loss = t_loss + (tys[i] * to_torch(w)).sum();
  }
  loss.backward();
  t_loss.backward();
  for (size_t i = 0; i < xs.size(); ++i) {
    SCOPED_TRACE("input " + std::to_string(i));
    expect_close(xs[i].grad(), txs[i].grad(), tol);
  }
  auto theirs = t->named_parameters();
  ASSERT_EQ(e->named_parameters().size(), theirs.size());
  for (const auto& item : e->named_parameters()) {
    SCOPED_TRACE("parameter " + item.key());
    expect_close(item.value().grad(), theirs[item.key()].grad(), tol);
  }
  e->zero_grad();
  t->zero_grad();
}

// Moves both to float32, copies e's parameters into t, compares in float32 (tolerance tol32), then moves both to
// float64 and compares again (they stay in float64).
template <class EmberModule, class TorchModule>
void expect_same_outputs(EmberModule& e, TorchModule& t, const EmberOutputs& e_fn, const TorchOutputs& t_fn,
                         const std::vector<std::vector<int64_t>>& input_shapes, double tol32 = 1e-5) {
  e->to(kFloat);  // a module compared before is left in float64
  t->to(torch::kFloat);
  copy_params(*e, *t);
  {
    SCOPED_TRACE("float32");
    expect_same_outputs_in(e, t, e_fn, t_fn, input_shapes, kFloat, tol32);
  }
  e->to(kDouble);
  t->to(torch::kDouble);
  copy_params(*e, *t);
  SCOPED_TRACE("float64");
  expect_same_outputs_in(e, t, e_fn, t_fn, input_shapes, kDouble, 1e-10);
}

}  // namespace ember::difftest
