#pragma once
// Compares an ember module with its LibTorch twin: the same parameters and buffers copied into
// both, the same input, then outputs, input gradients and parameter gradients compared, in
// float32 and again in float64. Every comparison is counted for the difftest summary.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "difftest/torch_bridge.h"

namespace ember::difftest {

// Number of module comparisons run (one per dtype); printed at the end of the difftest run.
inline int& module_comparisons() {
  static int count = 0;
  return count;
}

inline void expect_close(const Tensor& got, const torch::Tensor& want, double tol = 1e-5) {
  torch::Tensor g = to_torch(got);
  ASSERT_EQ(g.sizes(), want.sizes());
  EXPECT_TRUE(torch::allclose(g, want.to(g.scalar_type()), tol, tol)) << "ember:\n" << g << "\nlibtorch:\n" << want;
}

// Copies ember's parameter and buffer values into LibTorch's tensors of the same name.
inline void copy_params(const nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto theirs = to.named_parameters();
  for (const auto& item : from.named_parameters()) theirs[item.key()].copy_(to_torch(item.value()));
  auto their_buffers = to.named_buffers();
  for (const auto& item : from.named_buffers()) their_buffers[item.key()].copy_(to_torch(item.value()));
}

// Runs both modules (already holding the same parameters) on the same input of dtype `dtype`
// and compares the output, the input gradient of sum(output * w) for a fixed random w, and
// every parameter gradient.
template <class EmberModule, class TorchModule>
void expect_same_forward_backward_in(EmberModule& e, TorchModule& t, IntArrayRef shape, ScalarType dtype,
                                     double tol) {
  ++module_comparisons();
  Tensor x = randn(shape, dtype).requires_grad_();
  torch::Tensor tx = to_torch(x.detach()).requires_grad_();
  Tensor y = e(x);
  torch::Tensor ty = t(tx);
  expect_close(y, ty, tol);
  Tensor w = randn(y.sizes(), dtype);
  (y * w).sum().backward();
  (ty * to_torch(w)).sum().backward();
  expect_close(x.grad(), tx.grad(), tol);
  auto theirs = t->named_parameters();
  for (const auto& item : e->named_parameters()) {
    SCOPED_TRACE("parameter " + item.key());
    expect_close(item.value().grad(), theirs[item.key()].grad(), tol);
  }
  e->zero_grad();
  t->zero_grad();
}

// The float32 comparison, then both modules moved to float64 and compared again (left in
// float64 afterwards).
template <class EmberModule, class TorchModule>
void expect_same_forward_backward(EmberModule& e, TorchModule& t, IntArrayRef shape) {
  copy_params(*e, *t);
  {
    SCOPED_TRACE("float32");
    expect_same_forward_backward_in(e, t, shape, kFloat, 1e-5);
  }
  e->to(kDouble);
  t->to(torch::kDouble);
  copy_params(*e, *t);
  SCOPED_TRACE("float64");
  expect_same_forward_backward_in(e, t, shape, kDouble, 1e-10);
}

inline std::string printed(const nn::Module& m) {
  std::ostringstream s;
  s << m;
  return s.str();
}

inline std::string printed(const torch::nn::Module& m) {
  std::ostringstream s;
  s << m;
  return s.str();
}

}  // namespace ember::difftest
