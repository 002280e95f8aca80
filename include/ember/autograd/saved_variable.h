#pragma once
// SavedVariable: a tensor a backward needs, saved at forward time with its version.
//
// NOTE [Saved outputs do not own their node]
// A node that saves its own output (exp saves exp(x)) must not hold that output's autograd
// state, which points back at the node: that would be a reference cycle and the graph would
// never be freed. So an output is saved as a plain alias (no autograd meta) plus a weak pointer
// to the node, and unpack() rebuilds a tensor whose grad_fn is the node again, so double
// backward through saved outputs still works.
#include <memory>

#include "ember/autograd/node.h"

namespace ember::autograd {

class SavedVariable {
 public:
  SavedVariable() = default;
  SavedVariable(const Tensor& t, bool is_output);

  // The saved tensor; throws if it was modified in place since saving or already released.
  // `saved_for` is the node unpacking it (named in the error).
  Tensor unpack(const Node* saved_for) const;
  void reset_data();
  bool defined() const { return was_defined_; }

 private:
  Tensor data_;
  std::weak_ptr<Node> grad_fn_;  // outputs only
  uint32_t saved_version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
  bool was_defined_ = false;
  bool released_ = false;
};

}  // namespace ember::autograd
