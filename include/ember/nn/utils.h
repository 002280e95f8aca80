#pragma once
// nn::utils, as torch::nn::utils: gradient clipping (clip_grad_norm_, clip_grad_value_) and
// flattening parameters to one vector and back.
#include <vector>

#include "ember/core/tensor.h"

namespace ember::nn::utils {

// Scales all gradients together so that their joint norm (the norm_type-norm of the
// per-gradient norms; inf: the largest |element|) is at most max_norm; returns the norm
// before clipping. Parameters without a gradient are skipped; none at all returns 0.
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);

// Clamps every gradient element into [-clip_value, clip_value] in place.
void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value);
void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value);
void clip_grad_value_(const Tensor& parameter, double clip_value);

// The parameters flattened and concatenated: shape [sum of numels].
Tensor parameters_to_vector(const std::vector<Tensor>& parameters);
// Points each parameter's data at its slice of `vec` (a 1-D tensor of sum-of-numels elements),
// as LibTorch (set_data: the parameters then share vec's storage).
void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters);

}  // namespace ember::nn::utils
