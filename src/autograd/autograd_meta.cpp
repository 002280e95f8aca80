// Per-tensor autograd state and the Tensor methods that read or change it.
#include "autograd/autograd_meta.h"

#include "autograd/accumulate_grad.h"
#include "ember/autograd/autograd.h"
#include "ember/ops/binary.h"

namespace ember {

namespace autograd {

AutogradMeta* get_autograd_meta(const Tensor& t) {
  return static_cast<AutogradMeta*>(t.unsafeGetTensorImpl()->autograd_meta());
}

AutogradMeta& materialize_autograd_meta(const Tensor& t) {
  TensorImpl* impl = t.unsafeGetTensorImpl();
  if (!impl->autograd_meta()) impl->set_autograd_meta(std::make_unique<AutogradMeta>());
  return *static_cast<AutogradMeta*>(impl->autograd_meta());
}

void refresh_view_history(const Tensor& t) {
  AutogradMeta* meta = get_autograd_meta(t);
  if (!meta || !meta->view || meta->view->attr_version == t._version()) return;
  ViewInfo& info = *meta->view;
  info.attr_version = t._version();
  if (!info.base.requires_grad()) return;
  AutoGradMode enable(true);
  Tensor fresh = info.view_fn(info.base);
  AutogradMeta* fresh_meta = get_autograd_meta(fresh);
  meta->grad_fn = fresh_meta ? fresh_meta->grad_fn : nullptr;
  meta->output_nr = fresh_meta ? fresh_meta->output_nr : 0;
}

Edge gradient_edge(const Tensor& t) {
  AutogradMeta* meta = get_autograd_meta(t);
  if (!meta) return {};
  refresh_view_history(t);
  if (meta->grad_fn) return {meta->grad_fn, meta->output_nr};
  if (!meta->requires_grad) return {};
  std::shared_ptr<Node> acc = meta->grad_accumulator.lock();
  if (!acc) {
    acc = std::make_shared<AccumulateGrad>(t);
    meta->grad_accumulator = acc;
  }
  return {std::move(acc), 0};
}

}  // namespace autograd

using autograd::get_autograd_meta;
using autograd::materialize_autograd_meta;
using autograd::AutogradMeta;

bool Tensor::requires_grad() const {
  auto* meta = get_autograd_meta(*this);
  if (!meta) return false;
  if (meta->requires_grad || meta->grad_fn) return true;
  // A view of a base that took a gradient history later (through another view's in-place op).
  return meta->view && meta->view->base.requires_grad();
}

Tensor& Tensor::set_requires_grad(bool requires_grad) {
  EMBER_CHECK(defined(), "requires_grad_", "called on an undefined tensor");
  EMBER_CHECK(!requires_grad || is_floating_point(), "requires_grad_",
              "only Tensors of floating point dtype can require gradients (got ", dtype(), ")");
  auto fn = grad_fn();
  EMBER_CHECK(!fn, "requires_grad_",
              "you can only change requires_grad flags of leaf variables (this tensor was made by ",
              fn ? fn->name() : std::string(), ")");
  auto* meta = get_autograd_meta(*this);
  if (requires_grad || meta) materialize_autograd_meta(*this).requires_grad = requires_grad;
  return *this;
}

const Tensor& Tensor::grad() const {
  static const Tensor undefined;
  auto* meta = get_autograd_meta(*this);
  if (!meta) return undefined;
  return meta->retained_grad ? *meta->retained_grad : meta->grad;
}

Tensor& Tensor::mutable_grad() { return materialize_autograd_meta(*this).grad; }

void Tensor::set_grad(const Tensor& grad) {
  EMBER_CHECK(!grad.defined() || grad.sizes() == sizes(), "set_grad",
              "assigned grad has data of a different size: ", grad.sizes(), " vs tensor ", sizes());
  materialize_autograd_meta(*this).grad = grad;
}

std::shared_ptr<autograd::Node> Tensor::grad_fn() const {
  autograd::refresh_view_history(*this);
  auto* meta = get_autograd_meta(*this);
  return meta ? meta->grad_fn : nullptr;
}

bool Tensor::is_leaf() const { return grad_fn() == nullptr; }

uint32_t Tensor::output_nr() const {
  autograd::refresh_view_history(*this);
  auto* meta = get_autograd_meta(*this);
  return meta ? meta->output_nr : 0;
}

void Tensor::retain_grad() const {
  EMBER_CHECK(requires_grad(), "retain_grad",
              "can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf()) return;  // leaves keep .grad anyway (is_leaf also refreshes a view's history)
  AutogradMeta& meta = materialize_autograd_meta(*this);
  if (meta.retains_grad) return;
  meta.retains_grad = true;
  // The node outlives the tensor possibly: the hook holds the slot weakly (no dangling
  // pointer, no cycle node -> hook -> tensor -> node).
  meta.retained_grad = std::make_shared<Tensor>();
  std::weak_ptr<Tensor> slot = meta.retained_grad;
  meta.grad_fn->add_pre_hook(meta.output_nr, [slot](const Tensor& g) {
    if (auto target = slot.lock()) *target = target->defined() ? *target + g : g.contiguous().clone();
    return Tensor();
  });
}

bool Tensor::retains_grad() const {
  auto* meta = get_autograd_meta(*this);
  return meta && meta->retains_grad;
}

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph,
                      std::optional<std::vector<Tensor>> inputs) const {
  autograd::backward({*this}, gradient.defined() ? autograd::variable_list{gradient} : autograd::variable_list{},
                     retain_graph, create_graph, inputs.value_or(std::vector<Tensor>{}));
}

void Tensor::set_data(const Tensor& new_data) const {
  EMBER_CHECK(defined() && new_data.defined(), "set_data", "called with an undefined tensor");
  EMBER_CHECK(!requires_grad() || new_data.is_floating_point(), "set_data",
              "a tensor that requires grad cannot take data of dtype ", new_data.dtype());
  unsafeGetTensorImpl()->shallow_copy_from(*new_data.unsafeGetTensorImpl());
}

Tensor Tensor::detach() const {
  EMBER_CHECK(defined(), "detach", "called on an undefined tensor");
  return Tensor(intrusive_ptr<TensorImpl>::make(storage(), dtype(), sizes(), strides(), storage_offset()));
}

Tensor& Tensor::detach_() {
  if (auto* meta = get_autograd_meta(*this)) {
    EMBER_CHECK(!meta->view, "detach_",
                "Can't detach views in-place. Use detach() instead (this tensor of shape ", sizes(),
                " is a view of another tensor).");
    meta->grad_fn.reset();
    meta->output_nr = 0;
    meta->requires_grad = false;
  }
  return *this;
}

unsigned Tensor::register_hook(std::function<Tensor(const Tensor&)> hook) const {
  EMBER_CHECK(requires_grad(), "register_hook",
              "cannot register a hook on a tensor that doesn't require gradient");
  AutogradMeta& meta = materialize_autograd_meta(*this);
  if (meta.grad_fn) {
    unsigned handle = static_cast<unsigned>(meta.grad_fn->pre_hooks().size());
    meta.grad_fn->add_pre_hook(meta.output_nr, std::move(hook));
    return handle;
  }
  meta.leaf_hooks.push_back(std::move(hook));
  return static_cast<unsigned>(meta.leaf_hooks.size() - 1);
}

void Tensor::remove_hook(unsigned handle) const {
  AutogradMeta* meta = get_autograd_meta(*this);
  EMBER_CHECK(meta, "remove_hook", "this tensor has no hooks");
  if (meta->grad_fn) {
    meta->grad_fn->remove_pre_hook(handle);
  } else {
    EMBER_CHECK(handle < meta->leaf_hooks.size(), "remove_hook", "invalid hook handle ", handle);
    meta->leaf_hooks[handle] = nullptr;
  }
}

}  // namespace ember
