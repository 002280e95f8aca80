#include "autograd/record.h"

#include <sstream>

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

void connect(std::shared_ptr<RecordedNode> node, TensorList inputs, TensorList outputs, TensorList saved) {
  node->reserve_next_edges(inputs.size());
  node->saved().reserve(saved.size());
  node->output_metadata().reserve(outputs.size());
  for (const Tensor& in : inputs) {
    if (in.defined()) node->add_next_edge(gradient_edge(in), in.sizes(), in.dtype());
    else node->add_next_edge(Edge{});
  }
  // Save inputs before installing history so that an input saved here keeps its own (old)
  // history even when it is also the output of an in-place op. Outputs are saved after, so
  // that their SavedVariable records this node (NOTE [Saved outputs do not own their node]);
  // until then their slot holds an undefined placeholder.
  auto is_output = [&](const Tensor& t) {
    if (!t.defined()) return false;
    for (const Tensor& out : outputs)
      if (t.is_same(out)) return true;
    return false;
  };
  for (const Tensor& s : saved) {
    if (is_output(s)) node->saved().emplace_back();
    else node->saved().emplace_back(s, false);
  }
  node->set_num_forward_outputs(static_cast<uint32_t>(outputs.size()));
  // The outputs own the node from here on; `recorded` names it for the rest of the wiring.
  RecordedNode* recorded = node.get();
  for (uint32_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    recorded->output_metadata().emplace_back(out.sizes(), out.dtype());
    AutogradMeta& meta = materialize_autograd_meta(out);
    if (i + 1 == outputs.size()) meta.grad_fn = std::move(node);
    else meta.grad_fn = node;
    meta.output_nr = i;
    meta.requires_grad = true;
  }
  // A placeholder is a defined tensor whose SavedVariable is not (an input saved above
  // always is).
  for (size_t k = 0; k < saved.size(); ++k)
    if (saved[k].defined() && !recorded->saved()[k].defined()) recorded->saved()[k] = SavedVariable(saved[k], true);
  if (AnomalyMode::is_enabled()) {
    // What anomaly mode reports for a NaN gradient: the op and the shapes it ran on.
    std::ostringstream trace;
    trace << recorded->name() << " (recorded #" << recorded->sequence_nr() << "; forward inputs:";
    for (const Tensor& in : inputs) {
      if (in.defined()) trace << " " << in.dtype() << in.sizes();
      else trace << " undefined";
    }
    trace << "; outputs:";
    for (const Tensor& out : outputs) trace << " " << out.dtype() << out.sizes();
    trace << ")";
    recorded->forward_trace() = trace.str();
  }
}

namespace {
void set_history(const Tensor& self, const Tensor& result) {
  AutogradMeta* from = get_autograd_meta(result);
  if (!from || !from->grad_fn) return;
  AutogradMeta& to = materialize_autograd_meta(self);
  to.grad_fn = from->grad_fn;
  to.output_nr = from->output_nr;
  to.requires_grad = true;
}
}  // namespace

void take_history(const Tensor& self, const Tensor& result) {
  if (!result.requires_grad()) return;
  AutogradMeta* meta = get_autograd_meta(self);
  if (!meta || !meta->view) {
    set_history(self, result);
    return;
  }
  ViewInfo& info = *meta->view;
  Tensor base = info.base;
  // The gradient reaching the new base splits in two: the view's region goes to `result`, the
  // rest to the old base (whose region was overwritten, so gets zero there). The replay needs
  // a gradient laid out as the base (as_strided views address the base's strides).
  Tensor new_base = base.detach();
  record("torch::autograd::CopySlices", {base, result}, {new_base}, {},
         [view_fn = info.view_fn, sizes = DimVector(base.sizes()), strides = DimVector(base.strides())](
             BackwardContext& ctx, const variable_list& g) {
           Tensor grad = g[0];
           if (grad.strides() != strides.ref()) {
             Tensor laid_out = empty_strided(sizes, strides, grad.dtype());
             laid_out.copy_(grad);
             grad = laid_out;
           }
           Tensor grad_base, grad_result;
           if (ctx.needs_input_grad(1)) grad_result = view_fn(grad);
           if (ctx.needs_input_grad(0)) {
             grad_base = grad.clone();
             view_fn(grad_base).zero_();
           }
           return variable_list{grad_base, grad_result};
         });
  set_history(base, new_base);
  // Re-derive the view's history from the rebased base now.
  info.attr_version = self._version() + 1;
  refresh_view_history(self);
}

void set_view_info(const Tensor& self, const Tensor& out, ViewFn replay, bool from_base) {
  auto info = std::make_unique<ViewInfo>();
  AutogradMeta* meta = get_autograd_meta(self);
  if (meta && meta->view) {
    info->base = meta->view->base;
    info->view_fn = from_base ? std::move(replay)
                              : [parent = meta->view->view_fn, replay = std::move(replay)](const Tensor& t) {
                                  return replay(parent(t));
                                };
  } else {
    info->base = self;
    info->view_fn = std::move(replay);
  }
  info->attr_version = out._version();
  materialize_autograd_meta(out).view = std::move(info);
}

Tensor view_base(const Tensor& self) {
  AutogradMeta* meta = get_autograd_meta(self);
  return meta && meta->view ? meta->view->base : self;
}

bool check_inplace(const Tensor& self, const char* op) {
  if (!GradMode::is_enabled()) return false;
  AutogradMeta* meta = get_autograd_meta(self);
  // As PyTorch: a view that requires grad of a base that is a leaf (whether or not the base
  // requires grad: the view may be the leaf that does, e.g. arange(4).view({2, 2}).requires_grad_()).
  if (meta && meta->view && self.requires_grad() && meta->view->base.is_leaf()) {
    detail::throw_error(op, "a view of a leaf Variable that requires grad is being used in an "
                            "in-place operation (view shape ", self.sizes(), ", base shape ",
                            meta->view->base.sizes(), "). Clone the view, or wrap the write in "
                            "NoGradGuard.");
  }
  if (self.requires_grad() && self.is_leaf()) {
    detail::throw_error(op, "a leaf Variable that requires grad is being used in an in-place "
                            "operation (shape ", self.sizes(), "). Wrap it in NoGradGuard, or "
                            "use an out-of-place op.");
  }
  return self.requires_grad();
}

}  // namespace ember::autograd
