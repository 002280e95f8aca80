#include "autograd/record.h"

#include "autograd/autograd_meta.h"
#include "ember/autograd/anomaly_mode.h"
#include "ember/core/factories.h"

namespace ember::autograd {

bool any_requires_grad(TensorList tensors) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : tensors)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

void RecordedNode::materialize(variable_list& grads) const {
  for (size_t i = 0; i < grads.size(); ++i) {
    if (!grads[i].defined() && i < output_metadata_.size())
      grads[i] = zeros(output_metadata_[i].sizes, output_metadata_[i].dtype);
  }
}

void connect(const std::shared_ptr<RecordedNode>& node, TensorList inputs, TensorList outputs,
             TensorList saved) {
  for (const Tensor& in : inputs) {
    Edge edge = in.defined() ? gradient_edge(in) : Edge{};
    InputMetadata meta;
    if (in.defined()) meta = {DimVector(in.sizes()), in.dtype()};
    node->add_next_edge(std::move(edge), std::move(meta));
  }
  // Inputs are saved before installing history so that an input saved here keeps its own
  // (old) history even when it is also the output of an in-place op; outputs after, so that
  // they remember this node as their grad_fn (NOTE [Saved outputs do not own their node]).
  std::vector<bool> is_output(saved.size(), false);
  node->saved().resize(saved.size());
  for (size_t i = 0; i < saved.size(); ++i) {
    for (const Tensor& out : outputs) is_output[i] = is_output[i] || (saved[i].defined() && saved[i].is_same(out));
    if (!is_output[i]) node->saved()[i] = SavedVariable(saved[i], false);
  }
  node->set_num_forward_outputs(static_cast<uint32_t>(outputs.size()));
  for (uint32_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    node->output_metadata().push_back({DimVector(out.sizes()), out.dtype()});
    AutogradMeta& meta = materialize_autograd_meta(out);
    meta.grad_fn = node;
    meta.output_nr = i;
    meta.requires_grad = true;
  }
  for (size_t i = 0; i < saved.size(); ++i)
    if (is_output[i]) node->saved()[i] = SavedVariable(saved[i], true);
  if (AnomalyMode::is_enabled()) node->forward_trace() = node->name();
}

void take_history(const Tensor& self, const Tensor& result) {
  AutogradMeta* from = get_autograd_meta(result);
  if (!from || !from->grad_fn) return;
  AutogradMeta& to = materialize_autograd_meta(self);
  to.grad_fn = from->grad_fn;
  to.output_nr = from->output_nr;
  to.requires_grad = true;
}

bool check_inplace(const Tensor& self, const char* op) {
  if (!GradMode::is_enabled()) return false;
  if (self.requires_grad() && self.is_leaf()) {
    detail::throw_error(op, "a leaf Variable that requires grad is being used in an in-place "
                            "operation (shape ", self.sizes(), "). Wrap it in NoGradGuard, or "
                            "use an out-of-place op.");
  }
  return self.requires_grad();
}

}  // namespace ember::autograd
