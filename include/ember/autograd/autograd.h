#pragma once
// ember::autograd::backward / grad, as torch::autograd::backward / grad.
#include <optional>

#include "ember/autograd/grad_mode.h"
#include "ember/autograd/node.h"

namespace ember::autograd {

// Accumulates d(sum of tensors * grad_tensors)/d(leaf) into every leaf's .grad (or only into
// `inputs` when given). grad_tensors may be omitted for one-element outputs.
void backward(const variable_list& tensors, const variable_list& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const variable_list& inputs = {});

// Returns d(sum of outputs * grad_outputs)/d(inputs) without touching any .grad. With
// create_graph the result is itself differentiable (gradients of gradients).
variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs = {},
                   std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                   bool allow_unused = false);

}  // namespace ember::autograd
