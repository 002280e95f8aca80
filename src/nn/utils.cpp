#include "ember/nn/utils.h"

#include <cmath>
#include <limits>

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember::nn::utils {

double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  NoGradGuard no_grad;
  std::vector<Tensor> grads;
  for (const auto& p : parameters) {
    if (p.grad().defined()) grads.push_back(p.grad());
  }
  if (grads.empty()) return 0.0;
  std::vector<Tensor> norms;
  Tensor total_norm;
  if (std::isinf(norm_type)) {
    for (const auto& g : grads) norms.push_back(g.abs().max());
    total_norm = norms.size() == 1 ? norms[0] : stack(norms).max();
  } else {
    for (const auto& g : grads) norms.push_back(g.norm(norm_type));
    total_norm = norms.size() == 1 ? norms[0] : stack(norms).norm(norm_type);
  }
  const double total = total_norm.item<double>();
  EMBER_CHECK(!error_if_nonfinite || std::isfinite(total), "clip_grad_norm_", "the total norm of order ", norm_type,
              " of the gradients is non-finite (", total, "), so they cannot be clipped; pass ",
              "error_if_nonfinite=false to clip anyway");
  // clamp(max_norm / (norm + 1e-6), max=1), as a tensor in the gradients' dtype, as LibTorch.
  Tensor clip_coef = full_like(total_norm, max_norm).div(total_norm.add(1e-6)).clamp_max(1.0);
  for (const auto& g : grads) {
    Tensor grad = g;
    grad.mul_(clip_coef);
  }
  return total;
}

double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>(parameters), max_norm, norm_type, error_if_nonfinite);
}

double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type, bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>{parameter}, max_norm, norm_type, error_if_nonfinite);
}

void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value) {
  NoGradGuard no_grad;
  for (const auto& p : parameters) {
    if (!p.grad().defined()) continue;
    Tensor grad = p.grad();
    grad.clamp_(-clip_value, clip_value);
  }
}

void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value) {
  clip_grad_value_(std::vector<Tensor>(parameters), clip_value);
}

void clip_grad_value_(const Tensor& parameter, double clip_value) {
  clip_grad_value_(std::vector<Tensor>{parameter}, clip_value);
}

Tensor parameters_to_vector(const std::vector<Tensor>& parameters) {
  EMBER_CHECK(!parameters.empty(), "parameters_to_vector", "no parameters given");
  std::vector<Tensor> flat;
  for (const auto& p : parameters) {
    EMBER_CHECK(p.device() == parameters[0].device(), "parameters_to_vector", "parameters are on ",
                parameters[0].device(), " and ", p.device(), "; move them to one device");
    flat.push_back(p.reshape({-1}));
  }
  return cat(flat);
}

void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters) {
  EMBER_CHECK(vec.dim() == 1, "vector_to_parameters", "expected a 1-D vector, got shape ", vec.sizes());
  int64_t total = 0;
  for (const auto& p : parameters) total += p.numel();
  EMBER_CHECK(vec.numel() == total, "vector_to_parameters", "the vector has ", vec.numel(),
              " elements but the parameters hold ", total);
  int64_t offset = 0;
  for (const auto& p : parameters) {
    const int64_t n = p.numel();
    p.set_data(vec.slice(0, offset, offset + n).view_as(p).detach());
    offset += n;
  }
}

}  // namespace ember::nn::utils
