#pragma once
// AutogradMeta: the per-tensor autograd state behind TensorImpl's nullable slot.
#include <functional>
#include <memory>
#include <vector>

#include "ember/autograd/node.h"
#include "ember/core/tensor.h"

namespace ember::autograd {

class AutogradMeta : public AutogradMetaInterface {
 public:
  bool requires_grad = false;  // set on leaves by requires_grad_(); outputs have grad_fn
  bool retains_grad = false;
  Tensor grad;
  std::shared_ptr<Node> grad_fn;  // null for leaves
  uint32_t output_nr = 0;
  // A leaf's AccumulateGrad node, held weakly: the graph owns it, the leaf only finds it.
  std::weak_ptr<Node> grad_accumulator;
  // A non-leaf's .grad after retain_grad(): shared with the hook that fills it.
  std::shared_ptr<Tensor> retained_grad;
  // Hooks on a leaf's incoming gradient (non-leaf hooks live on grad_fn as pre-hooks).
  std::vector<std::function<Tensor(const Tensor&)>> leaf_hooks;
};

// The tensor's AutogradMeta, or nullptr when it never needed one.
AutogradMeta* get_autograd_meta(const Tensor& t);
// The tensor's AutogradMeta, created on first use.
AutogradMeta& materialize_autograd_meta(const Tensor& t);

// The edge a gradient for `t` must flow into: (grad_fn, output_nr) for a non-leaf, the
// AccumulateGrad node for a leaf that requires grad (created on demand), empty otherwise.
Edge gradient_edge(const Tensor& t);

}  // namespace ember::autograd
