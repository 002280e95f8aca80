// Custom functions (include/ember/autograd/function.h): the non-template half.
#include "ember/autograd/function.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>

#include "autograd/autograd_meta.h"
#include "autograd/record.h"
#include "ember/autograd/anomaly_mode.h"
#include "ember/core/factories.h"

namespace ember::autograd {

std::string IValue::tagKind() const {
  static const char* const kinds[] = {"None", "Tensor", "Double", "Int", "Bool", "String", "IntList"};
  return kinds[value_.index()];
}

void AutogradContext::mark_dirty(const variable_list& inputs) {
  for (const Tensor& t : inputs) dirty_.push_back(t.unsafeGetTensorImpl());
}

void AutogradContext::mark_non_differentiable(const variable_list& outputs) {
  for (const Tensor& t : outputs) non_differentiable_.push_back(t.unsafeGetTensorImpl());
}

variable_list AutogradContext::get_saved_variables() const {
  EMBER_CHECK(!has_freed_buffers_, "backward",
              "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Specify retain_graph=true if you need "
              "to backward through the graph a second time.");
  variable_list out;
  out.reserve(saved_.size());
  for (const SavedVariable& s : saved_) out.push_back(s.unpack(node_));
  return out;
}

bool AutogradContext::needs_input_grad(size_t i) const { return node_ && node_->needs_input_grad(i); }

namespace detail {

std::string demangle(const char* name) {
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 && out ? out : name;
  std::free(out);
  return result;
}

bool any_variable_requires_grad(const variable_list& vars) {
  return std::any_of(vars.begin(), vars.end(), [](const Tensor& t) { return t.defined() && t.requires_grad(); });
}

void CppNodeBase::release_variables() {
  for (SavedVariable& s : ctx.saved_) s.reset_data();
  ctx.has_freed_buffers_ = true;
}

variable_list CppNodeBase::run(variable_list&& grads, variable_list (*backward)(AutogradContext*, variable_list)) {
  if (ctx.materialize_grads_) {
    for (size_t i = 0; i < grads.size(); ++i)
      if (!grads[i].defined()) grads[i] = zeros(output_info[i].sizes, output_info[i].dtype);
  }
  variable_list per_arg = backward(&ctx, std::move(grads));
  // As LibTorch: one gradient per forward argument; extra trailing undefined ones are allowed.
  size_t num_args = is_tensor_arg.size();
  while (per_arg.size() > num_args && !per_arg.back().defined()) per_arg.pop_back();
  EMBER_CHECK(per_arg.size() == num_args, "backward", "function ", name(),
              " returned an incorrect number of gradients (expected ", num_args, ", got ",
              per_arg.size(), ")");
  variable_list result;
  for (size_t i = 0; i < num_args; ++i) {
    if (is_tensor_arg[i]) {
      result.push_back(per_arg[i]);
    } else {
      EMBER_CHECK(!per_arg[i].defined(), "backward", "function ", name(), " returned a gradient for "
                  "argument ", i, ", which is not a tensor (expected an undefined Tensor there)");
    }
  }
  return result;
}

void wire_outputs(const std::shared_ptr<CppNodeBase>& node, AutogradContext& ctx, const variable_list& inputs,
                  variable_list& outputs) {
  auto contains = [](const std::vector<const TensorImpl*>& set, const Tensor& t) {
    return std::find(set.begin(), set.end(), t.unsafeGetTensorImpl()) != set.end();
  };
  if (node) {
    for (const Tensor& in : inputs) {
      if (in.defined()) node->add_next_edge(gradient_edge(in), in.sizes(), in.dtype());
      else node->add_next_edge(Edge{});
    }
    node->set_num_forward_outputs(static_cast<uint32_t>(outputs.size()));
  }
  for (uint32_t i = 0; i < outputs.size(); ++i) {
    Tensor& out = outputs[i];
    if (!out.defined()) {
      if (node) node->output_info.push_back({});
      continue;
    }
    bool is_input = std::any_of(inputs.begin(), inputs.end(), [&](const Tensor& in) { return in.is_same(out); });
    bool dirty = contains(ctx.dirty_, out);
    if (node) node->output_info.push_back({DimVector(out.sizes()), out.dtype()});
    bool differentiable = node && !contains(ctx.non_differentiable_, out) && out.is_floating_point();
    if (dirty) {
      // Modified in place: it takes the function's history (through its base for a view).
      if (node) check_inplace(out, "Function::apply");
      if (differentiable) {
        Tensor result = out.detach();
        AutogradMeta& meta = materialize_autograd_meta(result);
        meta.grad_fn = node;
        meta.output_nr = i;
        take_history(out, result);
      }
      continue;
    }
    // An input returned as is becomes a new tensor (a view of it) carrying the new history.
    if (is_input || (out.requires_grad() && differentiable)) out = out.detach();
    if (differentiable) {
      AutogradMeta& meta = materialize_autograd_meta(out);
      meta.grad_fn = node;
      meta.output_nr = i;
    }
  }
  for (const Tensor& s : ctx.to_save_) {
    bool is_output = std::any_of(outputs.begin(), outputs.end(), [&](const Tensor& o) { return o.is_same(s); });
    ctx.saved_.emplace_back(s, is_output && node);
  }
  ctx.to_save_.clear();
  if (node && AnomalyMode::is_enabled()) node->forward_trace() = node->name();
}

}  // namespace detail

}  // namespace ember::autograd
