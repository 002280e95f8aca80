// gradcheck / gradgradcheck: analytical Jacobians (one autograd::grad per output element)
// against central finite differences (two evaluations per input element).
#include "ember/autograd/gradcheck.h"

#include <cmath>
#include <sstream>

#include "ember/autograd/autograd.h"
#include "ember/core/factories.h"
#include "ember/ops/copy.h"
#include "ember/ops/views.h"

namespace ember::autograd {

namespace {

// The 0-dim view of element `flat` (row-major) of t, whatever t's strides.
Tensor element(const Tensor& t, int64_t flat) {
  NoGradGuard no_grad;
  Tensor e = t;
  int64_t rest = flat;
  std::vector<int64_t> index(t.dim());
  for (int64_t d = t.dim() - 1; d >= 0; --d) {
    index[d] = rest % t.size(d);
    rest /= t.size(d);
  }
  for (int64_t d = 0; d < t.dim(); ++d) e = select(e, 0, index[d]);
  return e;
}

// Values of t in row-major order, as doubles.
std::vector<double> values(const Tensor& t) {
  NoGradGuard no_grad;
  Tensor d = t.to(kDouble).contiguous();
  const double* p = d.data_ptr<double>();
  return std::vector<double>(p, p + d.numel());
}

bool shares_memory_internally(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.stride(d) == 0 && t.size(d) > 1) return true;
  return false;
}

// jacobian[i][j] is a (numel of input i) x (numel of output j) matrix, row-major.
using Jacobians = std::vector<std::vector<std::vector<double>>>;

Jacobians numerical_jacobians(const GradcheckFn& fn, const variable_list& inputs,
                              const std::vector<size_t>& diff, size_t num_outputs, double eps) {
  Jacobians jac(diff.size(), std::vector<std::vector<double>>(num_outputs));
  for (size_t a = 0; a < diff.size(); ++a) {
    const Tensor& x = inputs[diff[a]];
    for (int64_t k = 0; k < x.numel(); ++k) {
      Tensor e = element(x, k);
      double original = e.item<double>();
      auto evaluate = [&](double v) {
        {
          NoGradGuard no_grad;
          e.fill_(v);
        }
        variable_list outs = fn(inputs);
        std::vector<std::vector<double>> vals;
        for (const Tensor& o : outs) vals.push_back(o.defined() ? values(o) : std::vector<double>());
        return vals;
      };
      auto plus = evaluate(original + eps);
      auto minus = evaluate(original - eps);
      {
        NoGradGuard no_grad;
        e.fill_(original);
      }
      for (size_t j = 0; j < num_outputs; ++j) {
        std::vector<double>& m = jac[a][j];
        if (m.empty()) m.assign(static_cast<size_t>(x.numel()) * plus[j].size(), 0.0);
        for (size_t o = 0; o < plus[j].size(); ++o)
          m[static_cast<size_t>(k) * plus[j].size() + o] = (plus[j][o] - minus[j][o]) / (2 * eps);
      }
    }
  }
  return jac;
}

Jacobians analytical_jacobians(const variable_list& outputs, const variable_list& inputs,
                               const std::vector<size_t>& diff) {
  Jacobians jac(diff.size(), std::vector<std::vector<double>>(outputs.size()));
  variable_list diff_inputs;
  for (size_t i : diff) diff_inputs.push_back(inputs[i]);
  for (size_t j = 0; j < outputs.size(); ++j) {
    const Tensor& out = outputs[j];
    size_t n_out = out.defined() ? static_cast<size_t>(out.numel()) : 0;
    for (size_t a = 0; a < diff.size(); ++a)
      jac[a][j].assign(static_cast<size_t>(inputs[diff[a]].numel()) * n_out, 0.0);
    if (!out.defined() || !out.requires_grad()) continue;
    for (size_t m = 0; m < n_out; ++m) {
      Tensor seed = zeros(out.sizes(), out.dtype());
      {
        NoGradGuard no_grad;
        element(seed, static_cast<int64_t>(m)).fill_(1);
      }
      variable_list g = grad({out}, diff_inputs, {seed}, /*retain_graph=*/true, /*create_graph=*/false,
                             /*allow_unused=*/true);
      for (size_t a = 0; a < diff.size(); ++a) {
        if (!g[a].defined()) continue;
        std::vector<double> col = values(g[a]);
        for (size_t k = 0; k < col.size(); ++k) jac[a][j][k * n_out + m] = col[k];
      }
    }
  }
  return jac;
}

}  // namespace

bool gradcheck(const GradcheckFn& fn, const variable_list& inputs, double eps, double atol, double rtol,
               bool raise_exception) {
  std::vector<size_t> diff;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad()) continue;
    EMBER_CHECK(!shares_memory_internally(inputs[i]), "gradcheck", "input ", i, " (shape ",
                inputs[i].sizes(), ", strides ", inputs[i].strides(),
                ") has elements sharing memory; pass a contiguous copy instead");
    diff.push_back(i);
  }
  EMBER_CHECK(!diff.empty(), "gradcheck", "no input requires grad: nothing to check");
  variable_list outputs = fn(inputs);
  Jacobians analytical = analytical_jacobians(outputs, inputs, diff);
  Jacobians numerical = numerical_jacobians(fn, inputs, diff, outputs.size(), eps);

  std::ostringstream report;
  int mismatches = 0;
  for (size_t a = 0; a < diff.size(); ++a) {
    for (size_t j = 0; j < outputs.size(); ++j) {
      const auto& an = analytical[a][j];
      const auto& nu = numerical[a][j];
      size_t n_out = outputs[j].defined() ? static_cast<size_t>(outputs[j].numel()) : 0;
      for (size_t e = 0; e < an.size() && e < nu.size(); ++e) {
        if (std::abs(an[e] - nu[e]) <= atol + rtol * std::abs(nu[e])) continue;
        if (++mismatches <= 10) {
          report << "\n  output " << j << " w.r.t. input " << diff[a] << ", input element "
                 << e / n_out << ", output element " << e % n_out << ": numerical " << nu[e]
                 << " vs analytical " << an[e];
        }
      }
    }
  }
  if (mismatches == 0) return true;
  if (!raise_exception) return false;
  detail::throw_error("gradcheck", "Jacobian mismatch (", mismatches, " entries, atol ", atol, ", rtol ",
                      rtol, ", eps ", eps, "):", report.str());
}

bool gradgradcheck(const GradcheckFn& fn, const variable_list& inputs, const variable_list& grad_outputs,
                   double eps, double atol, double rtol, bool raise_exception) {
  variable_list outputs = fn(inputs);
  variable_list seeds = grad_outputs;
  if (seeds.empty()) {
    for (const Tensor& o : outputs) {
      seeds.push_back(o.defined() && o.requires_grad() ? randn_like(o).set_requires_grad(true) : Tensor());
    }
  }
  EMBER_CHECK(seeds.size() == outputs.size(), "gradgradcheck", "got ", seeds.size(),
              " grad_outputs for ", outputs.size(), " outputs");
  const size_t n = inputs.size();
  // f(inputs, grad_outputs) = grad of fn's outputs (weighted by grad_outputs) w.r.t. inputs.
  GradcheckFn first_grad = [&fn, n](const variable_list& args) {
    variable_list in(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(n));
    variable_list outs = fn(in);
    variable_list diff_in, diff_out, diff_seed;
    for (const Tensor& t : in)
      if (t.defined() && t.requires_grad()) diff_in.push_back(t);
    for (size_t j = 0; j < outs.size(); ++j) {
      if (!outs[j].defined() || !outs[j].requires_grad() || !args[n + j].defined()) continue;
      diff_out.push_back(outs[j]);
      diff_seed.push_back(args[n + j]);
    }
    variable_list grads = grad(diff_out, diff_in, diff_seed, /*retain_graph=*/true, /*create_graph=*/true,
                               /*allow_unused=*/true);
    for (size_t i = 0; i < grads.size(); ++i)
      if (!grads[i].defined()) grads[i] = zeros_like(diff_in[i]);
    return grads;
  };
  variable_list args = inputs;
  args.insert(args.end(), seeds.begin(), seeds.end());
  return gradcheck(first_grad, args, eps, atol, rtol, raise_exception);
}

}  // namespace ember::autograd
