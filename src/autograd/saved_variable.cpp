#include "ember/autograd/saved_variable.h"

#include "autograd/autograd_meta.h"
#include "ember/ops/views.h"

namespace ember::autograd {

SavedVariable::SavedVariable(const Tensor& t, bool is_output) {
  was_defined_ = t.defined();
  if (!was_defined_) return;
  saved_version_ = t._version();
  is_output_ = is_output;
  if (is_output) {
    // NOTE [Saved outputs do not own their node]
    data_ = t.detach();
    if (auto* meta = get_autograd_meta(t)) {
      grad_fn_ = meta->grad_fn;
      output_nr_ = meta->output_nr;
    }
  } else {
    data_ = t;
  }
}

Tensor SavedVariable::unpack(const Node* saved_for) const {
  if (!was_defined_) return Tensor();
  const std::string node_name = saved_for ? saved_for->name() : std::string("a backward");
  EMBER_CHECK(!released_, "backward",
              "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Saved intermediate values of the "
              "graph are freed when you call .backward() or autograd.grad(). Specify "
              "retain_graph=true if you need to backward through the graph a second time or if "
              "you need to access saved tensors after calling backward. (in ", node_name, ")");
  EMBER_CHECK(data_._version() == saved_version_, "backward",
              "one of the variables needed for gradient computation has been modified by an "
              "inplace operation: [CPU", to_string(data_.dtype()), "Type ", data_.sizes(),
              "], which is ", is_output_ ? "output " : "an input of ",
              is_output_ ? std::to_string(output_nr_) + " of " + node_name : node_name,
              ", is at version ", data_._version(), "; expected version ", saved_version_,
              " instead. Hint: clone() the tensor before modifying it in place, or use the "
              "out-of-place op.");
  if (!is_output_) return data_;
  // Rebuild the output with its history so that double backward flows through the node.
  Tensor out = data_.detach();
  if (auto fn = grad_fn_.lock()) {
    AutogradMeta& meta = materialize_autograd_meta(out);
    meta.grad_fn = std::move(fn);
    meta.output_nr = output_nr_;
    meta.requires_grad = true;
  }
  return out;
}

void SavedVariable::reset_data() {
  data_.reset();
  released_ = true;
}

}  // namespace ember::autograd
