#include "autograd/accumulate_grad.h"

#include "autograd/autograd_meta.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/binary.h"
#include "ember/ops/copy.h"

namespace ember::autograd {

AccumulateGrad::AccumulateGrad(Tensor variable) : variable_(std::move(variable)) {
  set_num_forward_outputs(1);
}

variable_list AccumulateGrad::apply(variable_list&& grads) {
  Tensor g = std::move(grads[0]);
  if (!g.defined()) return {};
  AutogradMeta& meta = materialize_autograd_meta(variable_);
  for (const auto& hook : meta.leaf_hooks) {
    if (!hook) continue;
    Tensor replaced = hook(g);
    if (replaced.defined()) g = replaced;
  }
  if (!meta.grad.defined()) {
    if (GradMode::is_enabled()) {
      meta.grad = g;  // create_graph: keep the gradient's own history
    } else {
      // The engine's gradient may be shared (a user's grad_output) or a broadcast view:
      // store a private dense copy so in-place updates of .grad touch nothing else.
      meta.grad = (g.use_count() == 1 && g.is_contiguous()) ? g : g.contiguous().clone();
    }
  } else if (GradMode::is_enabled()) {
    meta.grad = meta.grad + g;
  } else {
    meta.grad.add_(g);
  }
  return {};
}

}  // namespace ember::autograd
