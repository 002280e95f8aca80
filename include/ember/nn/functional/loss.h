#pragma once
// Loss functions, composed of ember's differentiable ops (so gradients and higher derivatives
// come from autograd). Two spellings, as LibTorch:
//   ember::nll_loss(input, target, weight, reduction, ignore_index)   (at::nll_loss & co)
//   F::nll_loss(input, target, F::NLLLossFuncOptions().ignore_index(-1))   (torch::nn::functional)
// `reduction` is kNone (elementwise losses, the input's shape less the class dim), kMean or
// kSum (0-dim results).
#include <optional>

#include "ember/core/tensor.h"
#include "ember/nn/options/loss.h"

namespace ember {

// (input - target)^2; input and target broadcast.
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
// |input - target|.
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
// 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (d = input - target); beta >= 0.
Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                      double beta = 1.0);
// 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta); delta > 0.
Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                  double delta = 1.0);
// -input[n, target[n], d...] * weight[target[n, d...]] for log-probabilities input [N, C, d...]
// (or [C] with a 0-dim target) and int64 class indices target [N, d...]. Entries equal to
// ignore_index contribute nothing; kMean divides by the summed weights of the others.
Tensor nll_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight = std::nullopt,
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);
// nll_loss(log_softmax(input, class dim), ...) for int64 class indices, or, for a floating
// target of the input's shape (class probabilities), -sum over classes of target * weight *
// log_softmax(input) (kMean divides by the number of samples, N * d...). label_smoothing e
// mixes each target with the uniform distribution: (1 - e) target + e / C.
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target,
                          const std::optional<Tensor>& weight = std::nullopt,
                          int64_t reduction = Reduction::Mean, int64_t ignore_index = -100,
                          double label_smoothing = 0.0);
// -weight (t log x + (1 - t) log(1 - x)) for probabilities x in [0, 1], each log clamped at
// -100 (as LibTorch) so x = 0 or 1 gives a finite loss. target has the input's shape.
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target,
                            const std::optional<Tensor>& weight = std::nullopt,
                            int64_t reduction = Reduction::Mean);
// binary_cross_entropy(sigmoid(x), t) with the positive term scaled by pos_weight, computed
// as (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x), finite for any logit.
Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const std::optional<Tensor>& weight = std::nullopt,
                                        const std::optional<Tensor>& pos_weight = std::nullopt,
                                        int64_t reduction = Reduction::Mean);
// target (log target - input) for log-probabilities input; 0 where target is 0. With
// log_target, the target is given as log-probabilities: exp(target) (target - input).
// Also accepts Reduction::BatchMean (sum / input.size(0)).
Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
              bool log_target = false);

namespace nn::functional {

Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options = {});
Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options = {});
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options = {});
Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options = {});
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options = {});
Tensor cross_entropy(const Tensor& input, const Tensor& target, const CrossEntropyFuncOptions& options = {});
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options = {});
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options = {});
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {});

}  // namespace nn::functional
}  // namespace ember
