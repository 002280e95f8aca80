#pragma once
// AutogradMeta: the per-tensor autograd state behind TensorImpl's nullable slot.
#include "ember/core/tensor.h"

namespace ember::autograd {

class AutogradMeta : public AutogradMetaInterface {
 public:
  bool requires_grad = false;
  Tensor grad;
};

// The tensor's AutogradMeta, or nullptr when it never needed one.
AutogradMeta* get_autograd_meta(const Tensor& t);
// The tensor's AutogradMeta, created on first use.
AutogradMeta& materialize_autograd_meta(const Tensor& t);

}  // namespace ember::autograd
