#pragma once
// gradcheck / gradgradcheck, as torch.autograd.gradcheck: compare the Jacobian autograd
// computes with central finite differences. Use float64 inputs (in lower precision the
// differences are noise).
#include <functional>

#include "ember/autograd/node.h"

namespace ember::autograd {

using GradcheckFn = std::function<variable_list(const variable_list&)>;

// For every output of fn and every input that requires grad, checks
// |analytical - numerical| <= atol + rtol * |numerical| entry by entry, where the numerical
// Jacobian perturbs each input element by +-eps. Returns true on success; on failure throws
// ember::Error listing the mismatching entries, or returns false when !raise_exception.
// Inputs may be non-contiguous; inputs whose elements share memory (expanded) are rejected.
bool gradcheck(const GradcheckFn& fn, const variable_list& inputs, double eps = 1e-6,
               double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true);

// gradcheck of the gradient: checks that grad(fn(inputs), inputs, grad_outputs,
// create_graph=true) is itself correctly differentiated, w.r.t. the inputs and grad_outputs.
// Without grad_outputs, random float64 ones are used.
bool gradgradcheck(const GradcheckFn& fn, const variable_list& inputs,
                   const variable_list& grad_outputs = {}, double eps = 1e-6, double atol = 1e-5,
                   double rtol = 1e-3, bool raise_exception = true);

}  // namespace ember::autograd
