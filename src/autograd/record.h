#pragma once
// How an op records its backward (DESIGN.md section 4, item 4). In an op:
//
//   Tensor out = ...forward...;
//   if (autograd::any_requires_grad(x))
//     autograd::record("ExpBackward0", {x}, {out}, /*saved=*/{out},
//         [](autograd::BackwardContext& ctx, const autograd::variable_list& g) {
//           return autograd::variable_list{g[0] * ctx.saved(0)};
//         });
//
// The lambda is written in ember ops, so with create_graph it records its own graph and the
// gradient is differentiable again (DESIGN.md promise 3). It returns one gradient per input
// (undefined where ctx.needs_input_grad(i) is false); a gradient of the broadcast shape is
// summed back to the input's shape by the engine. Saved tensors that are outputs are stored
// without a cycle (NOTE [Saved outputs do not own their node]).
#include <functional>
#include <utility>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/autograd/node.h"
#include "ember/autograd/saved_variable.h"

namespace ember::autograd {

inline bool any_requires_grad(std::initializer_list<const Tensor*> tensors) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : tensors)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}
template <class... Ts>
bool any_requires_grad(const Ts&... tensors) {
  return any_requires_grad({&tensors...});
}
bool any_requires_grad(TensorList tensors);

class BackwardContext {
 public:
  BackwardContext(const Node* node, ArrayRef<SavedVariable> saved) : node_(node), saved_(saved) {}
  Tensor saved(size_t i) const { return saved_[i].unpack(node_); }
  bool needs_input_grad(size_t i) const { return node_->needs_input_grad(i); }

 private:
  const Node* node_;
  ArrayRef<SavedVariable> saved_;
};

// Shared part of recorded nodes: output metadata for zero-filling missing grads, saved tensors.
class RecordedNode : public Node {
 public:
  explicit RecordedNode(const char* name) : name_(name) {}
  std::string name() const override { return name_; }
  void release_variables() override {
    for (auto& s : saved_) s.reset_data();
  }
  SmallVector<SavedVariable, 2>& saved() { return saved_; }
  SmallVector<InputMetadata, 1>& output_metadata() { return output_metadata_; }

 protected:
  // Replaces undefined incoming grads with zeros of the output's shape, so formulas for
  // multi-output ops need no special cases.
  void materialize(variable_list& grads) const;

 private:
  const char* name_;
  // Inline room for what most ops save (up to two tensors) and produce (one output).
  SmallVector<SavedVariable, 2> saved_;
  SmallVector<InputMetadata, 1> output_metadata_;
};

template <class F>
class LambdaNode final : public RecordedNode {
 public:
  LambdaNode(const char* name, F backward) : RecordedNode(name), backward_(std::move(backward)) {}
  variable_list apply(variable_list&& grads) override {
    materialize(grads);
    BackwardContext ctx(this, saved());
    return backward_(ctx, grads);
  }

 private:
  F backward_;
};

// Wires `node` into the graph: edges to the inputs' producers, history on the outputs, saved
// tensors (outputs saved without a cycle). Takes the caller's reference, which the last output
// keeps (one reference count change fewer per recorded op).
void connect(std::shared_ptr<RecordedNode> node, TensorList inputs, TensorList outputs, TensorList saved);

template <class F>
void record(const char* name, TensorList inputs, TensorList outputs, TensorList saved, F&& backward) {
  connect(std::make_shared<LambdaNode<std::decay_t<F>>>(name, std::forward<F>(backward)), inputs, outputs,
          saved);
}

// In-place ops, after self's memory holds `result`'s value (result computed out of place from
// self's old value, carrying the history): self takes over result's history. When self is a
// view, its base is rebased instead (a CopySlices node: "old base with the view's region
// replaced by result") and self's history is re-derived from the base
// (NOTE [Views and in-place ops]).
void take_history(const Tensor& self, const Tensor& result);

// View ops, while grad mode is on: marks `out` as a view made from `self` by `replay`
// (a function doing the same view op on any tensor shaped like self). With `from_base`,
// `replay` already takes the root base (as_strided, whose geometry is absolute).
using ViewFn = std::function<Tensor(const Tensor&)>;
void set_view_info(const Tensor& self, const Tensor& out, ViewFn replay, bool from_base = false);
// The root base of a view (self when it is not a view), as recorded by set_view_info.
Tensor view_base(const Tensor& self);

// In-place ops: checks that `self` may be modified (a leaf that requires grad may not be, nor
// a view of one, outside no_grad) and returns whether the op must record.
bool check_inplace(const Tensor& self, const char* op);

}  // namespace ember::autograd
