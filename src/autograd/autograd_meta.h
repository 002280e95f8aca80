#pragma once
// AutogradMeta: the per-tensor autograd state behind TensorImpl's nullable slot.
#include <functional>
#include <memory>
#include <vector>

#include "ember/autograd/node.h"
#include "ember/core/tensor.h"

namespace ember::autograd {

// NOTE [Views and in-place ops]
// A view made while grad mode is on remembers its base (the tensor owning the memory, never
// itself a view) and how to re-create the view from any tensor of the base's shape. When an
// in-place op writes through the view, the base's history is rebased onto a CopySlices node
// (the base is now "old base with the view's region replaced"), and the view's own history is
// re-derived from the base by replaying the view. Any in-place write bumps the version counter
// shared by base and views; a view whose recorded version differs re-derives its history the
// next time it is asked for it, so every view sees writes made through the base or siblings.
using ViewFn = std::function<Tensor(const Tensor&)>;
struct ViewInfo {
  Tensor base;
  ViewFn view_fn;         // base-shaped tensor -> this view of it
  uint32_t attr_version;  // version at which this view's grad_fn was last derived
};

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
  // Set for views (NOTE [Views and in-place ops]).
  std::unique_ptr<ViewInfo> view;
};

// The tensor's AutogradMeta, or nullptr when it never needed one.
AutogradMeta* get_autograd_meta(const Tensor& t);
// The tensor's AutogradMeta, created on first use.
AutogradMeta& materialize_autograd_meta(const Tensor& t);

// For a view whose base was written in place since its history was derived: re-derives the
// history by replaying the view on the base (NOTE [Views and in-place ops]).
void refresh_view_history(const Tensor& t);

// The edge a gradient for `t` must flow into: (grad_fn, output_nr) for a non-leaf, the
// AccumulateGrad node for a leaf that requires grad (created on demand), empty otherwise.
Edge gradient_edge(const Tensor& t);

}  // namespace ember::autograd
