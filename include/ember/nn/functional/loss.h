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

// log_input: exp(input) - target input; else input - target log(input + eps). full adds
// the Stirling term target log(target) - target + 0.5 log(2 pi target) where target > 1.
// input and target broadcast.
Tensor poisson_nll_loss(const Tensor& self, const Tensor& target, bool log_input = true, bool full = false,
                        double eps = 1e-8, int64_t reduction = Reduction::Mean);
// 0.5 (log(max(var, eps)) + (input - target)^2 / max(var, eps)) (+ 0.5 log(2 pi) when full).
// var has the input's shape, or the input's shape with the last dim dropped or 1 (one
// variance per row). The clamp at eps passes var's gradient through unchanged (PyTorch's
// no-grad clamp_). Beyond LibTorch 1.13's C++ API: PyTorch's F.gaussian_nll_loss.
Tensor gaussian_nll_loss(const Tensor& self, const Tensor& target, const Tensor& var, bool full = false,
                         double eps = 1e-6, int64_t reduction = Reduction::Mean);
// max(0, -target (input1 - input2) + margin); the three have the same dim and broadcast.
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin = 0.0,
                           int64_t reduction = Reduction::Mean);
// input where target == 1, max(0, margin - input) where target == -1 (both where neither);
// input and target broadcast.
Tensor hinge_embedding_loss(const Tensor& self, const Tensor& target, double margin = 1.0,
                            int64_t reduction = Reduction::Mean);
// max(0, margin + d(a, p) - d(a, n)) with d(x, y) = ||x - y + eps||_p over the last dim
// (swap: d(a, n) replaced by min(d(a, n), d(p, n))). The three have the same dim and
// broadcast; output is the broadcast shape less its last dim.
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           double margin = 1.0, double p = 2, double eps = 1e-6, bool swap = false,
                           int64_t reduction = Reduction::Mean);
// 1 - cos(x1, x2) where target == 1, max(0, cos(x1, x2) - margin) where target == -1, else 0;
// inputs [N, D] with target [N], or [D] with a 0-dim target. cos uses |x|^2 + 1e-12.
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             double margin = 0.0, int64_t reduction = Reduction::Mean);
// Mean over the last (class) dim of -w (t log sigmoid(x) + (1 - t) log sigmoid(-x)); input and
// target same shape [N, C] (or [C]); weight broadcast against them. kNone gives [N].
Tensor multilabel_soft_margin_loss(const Tensor& self, const Tensor& target,
                                   const std::optional<Tensor>& weight = std::nullopt,
                                   int64_t reduction = Reduction::Mean);
// Connectionist temporal classification: -log of the total probability of every alignment
// of targets[n] to log_probs[:input_lengths[n], n] (blanks between and around labels,
// repeats merged). log_probs [T, N, C] (or [T, C], one sample); targets padded [N, S] or
// concatenated 1-D (sum of target_lengths); input_lengths, target_lengths [N] integers.
// kNone gives [N]; kMean divides each loss by its target length (at least 1), then averages.
// Targets must be integer classes in [0, C) other than blank (LibTorch reads out-of-range
// ones unchecked and truncates floating targets silently). The gradient is d loss / d log_probs itself; LibTorch's adds exp(log_probs)
// (the logits' gradient, assuming normalised log_probs), which the log_softmax that produces
// log_probs cancels, so gradients w.r.t. the logits agree.
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank = 0, int64_t reduction = Reduction::Mean,
                bool zero_infinity = false);

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

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, const PoissonNLLLossFuncOptions& options = {});
Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options = {});
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options = {});
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options = {});
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options = {});
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options = {});
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options = {});
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options = {});

}  // namespace nn::functional
}  // namespace ember
