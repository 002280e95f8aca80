#include "autograd/autograd_meta.h"

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
}  // namespace autograd

bool Tensor::requires_grad() const {
  auto* meta = autograd::get_autograd_meta(*this);
  return meta && meta->requires_grad;
}

Tensor& Tensor::set_requires_grad(bool requires_grad) {
  EMBER_CHECK(defined(), "requires_grad_", "called on an undefined tensor");
  EMBER_CHECK(!requires_grad || is_floating_point(), "requires_grad_",
              "only Tensors of floating point dtype can require gradients (got ", dtype(), ")");
  if (requires_grad || autograd::get_autograd_meta(*this))
    autograd::materialize_autograd_meta(*this).requires_grad = requires_grad;
  return *this;
}

}  // namespace ember
