// Loss functions as compositions of differentiable ember ops: autograd supplies the gradients
// (first and higher order), so each function here is only checks plus the forward formula.
#include "ember/nn/functional/loss.h"

#include "ember/core/error.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/logical.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"
#include "ember/ops/unary.h"

namespace ember {
namespace {

void check_reduction(int64_t reduction, const char* op, bool allow_batchmean = false) {
  bool ok = reduction == Reduction::None || reduction == Reduction::Mean || reduction == Reduction::Sum ||
            (allow_batchmean && reduction == Reduction::BatchMean);
  EMBER_CHECK(ok, op, "reduction ", reduction, " is not one of kNone (0), kMean (1), kSum (2)",
              allow_batchmean ? ", kBatchMean (3)" : "", "; pass one of ember::kNone/kMean/kSum");
}

Tensor reduce(const Tensor& loss, int64_t reduction) {
  if (reduction == Reduction::Mean) return mean(loss);
  if (reduction == Reduction::Sum) return sum(loss);
  return loss;
}

void check_floating(const Tensor& t, const char* op, const char* what) {
  EMBER_CHECK(t.is_floating_point(), op, what, " must be floating point, got ", t.dtype(),
              "; convert it with .to(kFloat)");
}

// Checks that input and target broadcast; the pointwise losses (mse & co) broadcast them.
void check_pointwise(const Tensor& self, const Tensor& target, int64_t reduction, const char* op) {
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  broadcast_shapes(self.sizes(), target.sizes(), op);
}

void check_same_shape(const Tensor& self, const Tensor& target, const char* op) {
  EMBER_CHECK(self.sizes() == target.sizes(), op, "target shape ", target.sizes(),
              " must equal the input shape ", self.sizes(), "; reshape the target to match");
}

// The unreduced negative log-likelihood and the weight of each entry: input [N, C, d...] (at
// least 2-D here), target [N, d...]. Returns {-input[n, t, d...] * w[t], w[t]} with both zero
// where target == ignore_index (so their sum is kMean's denominator).
std::pair<Tensor, Tensor> nll_terms(const Tensor& input, const Tensor& target, const std::optional<Tensor>& weight,
                                    int64_t ignore_index, const char* op) {
  EMBER_CHECK(target.dtype() == kLong, op, "target must hold int64 class indices, got ", target.dtype(),
              "; convert it with .to(kLong)");
  int64_t classes = input.size(1);
  DimVector expected(input.sizes());
  expected.erase(1);
  EMBER_CHECK(target.sizes() == expected.ref(), op, "expected target shape ", expected,
              " for input shape ", input.sizes(), " (input [N, C, d...], target [N, d...]), got ",
              target.sizes());
  if (weight) {
    EMBER_CHECK(weight->dim() == 1 && weight->numel() == classes, op, "weight must have shape [", classes,
                "] (one per class), got ", weight->sizes());
    EMBER_CHECK(weight->dtype() == input.dtype(), op, "weight dtype ", weight->dtype(),
                " differs from the input dtype ", input.dtype());
  }
  Tensor ignored = eq(target, ignore_index);
  bool out_of_range = any(logical_and(logical_not(ignored), logical_or(lt(target, 0), ge(target, classes))))
                          .item<bool>();
  EMBER_CHECK(!out_of_range, op, "target holds a class index outside [0, ", classes,
              ") that is not ignore_index ", ignore_index, "; input shape ", input.sizes());
  Tensor safe = where(ignored, 0, target);
  Tensor picked = gather(input, 1, safe.unsqueeze(1)).squeeze(1);
  Tensor w = weight ? index_select(*weight, 0, safe.flatten()).reshape(target.sizes())
                    : ones_like(picked);
  w = where(ignored, 0, w);
  return {-picked * w, w};
}

// Shape [C, 1, ...] (input.dim() - 1 trailing ones) for broadcasting a per-class weight against
// input [N, C, d...]; input [C] uses the weight as is.
Tensor class_weight_view(const Tensor& weight, const Tensor& input) {
  if (input.dim() < 2) return weight;
  DimVector shape(input.dim() - 1, 1);
  shape[0] = weight.numel();
  return weight.reshape(shape);
}

}  // namespace

Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  check_pointwise(self, target, reduction, "mse_loss");
  Tensor d = self - target;
  return reduce(d * d, reduction);
}

Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  check_pointwise(self, target, reduction, "l1_loss");
  return reduce(abs(self - target), reduction);
}

Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction, double beta) {
  check_pointwise(self, target, reduction, "smooth_l1_loss");
  EMBER_CHECK(beta >= 0, "smooth_l1_loss", "beta must be >= 0, got ", beta);
  Tensor z = abs(self - target);
  if (beta == 0) return reduce(z, reduction);
  return reduce(where(lt(z, beta), z * z * (0.5 / beta), z - 0.5 * beta), reduction);
}

Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction, double delta) {
  check_pointwise(self, target, reduction, "huber_loss");
  EMBER_CHECK(delta > 0, "huber_loss", "delta must be > 0, got ", delta);
  Tensor z = abs(self - target);
  return reduce(where(lt(z, delta), z * z * 0.5, (z - 0.5 * delta) * delta), reduction);
}

namespace {

// nll_loss with `op` naming the caller in errors (cross_entropy reaches it too).
Tensor nll(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight, int64_t reduction,
           int64_t ignore_index, const char* op) {
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  EMBER_CHECK(self.dim() >= 1, op, "input must be [C] or [N, C, d...], got a 0-dim tensor");
  // [C] with a 0-dim target is one sample.
  bool single = self.dim() == 1;
  EMBER_CHECK(!single || target.dim() == 0, op, "a 1-D input [C] takes a 0-dim target, got target shape ",
              target.sizes());
  auto [loss, w] = nll_terms(single ? self.unsqueeze(0) : self, single ? target.unsqueeze(0) : target,
                             weight, ignore_index, op);
  if (reduction == Reduction::None) return single ? loss.squeeze(0) : loss;
  if (reduction == Reduction::Sum) return sum(loss);
  return sum(loss) / sum(w);
}

}  // namespace

Tensor nll_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight,
                int64_t reduction, int64_t ignore_index) {
  return nll(self, target, weight, reduction, ignore_index, "nll_loss");
}

Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight,
                          int64_t reduction, int64_t ignore_index, double label_smoothing) {
  const char* op = "cross_entropy";
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  EMBER_CHECK(self.dim() >= 1, op, "input must be [C] or [N, C, d...], got a 0-dim tensor");
  EMBER_CHECK(label_smoothing >= 0 && label_smoothing <= 1, op, "label_smoothing must be in [0, 1], got ",
              label_smoothing);
  int64_t class_dim = self.dim() == 1 ? 0 : 1;
  int64_t classes = self.size(class_dim);
  if (weight) {
    EMBER_CHECK(weight->dim() == 1 && weight->numel() == classes, op, "weight must have shape [", classes,
                "] (one per class), got ", weight->sizes());
  }
  Tensor logp = log_softmax(self, class_dim);
  if (target.is_floating_point()) {
    // Class probabilities.
    check_same_shape(self, target, op);
    EMBER_CHECK(ignore_index < 0, op, "ignore_index ", ignore_index,
                " is not supported for class-probability (floating) targets");
    Tensor t = label_smoothing > 0 ? target * (1 - label_smoothing) + label_smoothing / classes : target;
    Tensor terms = logp * t;
    if (weight) terms = terms * class_weight_view(*weight, self);
    Tensor loss = -sum(terms, {class_dim});
    if (reduction == Reduction::Mean) return sum(loss) / (self.numel() / std::max<int64_t>(classes, 1));
    return reduce(loss, reduction);
  }
  Tensor nll_part = nll(logp, target, weight, reduction, ignore_index, op);
  if (label_smoothing == 0) return nll_part;
  // The uniform part: -sum over classes of w_c log p_c, zero at ignored entries; kMean divides
  // by the same summed weights as nll_loss.
  Tensor terms = weight ? logp * class_weight_view(*weight, self) : logp;
  Tensor ignored = eq(target, ignore_index);
  Tensor smooth = where(ignored, 0, -sum(terms, {class_dim}));
  Tensor uniform;
  if (reduction == Reduction::None) {
    uniform = smooth;
  } else if (reduction == Reduction::Sum) {
    uniform = sum(smooth);
  } else {
    Tensor safe = where(ignored, 0, target);
    Tensor w = weight ? where(ignored, 0, index_select(*weight, 0, safe.flatten()).reshape(target.sizes()))
                      : logical_not(ignored).to(self.dtype());
    uniform = sum(smooth) / sum(w);
  }
  return nll_part * (1 - label_smoothing) + uniform * (label_smoothing / classes);
}

Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight,
                            int64_t reduction) {
  const char* op = "binary_cross_entropy";
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  check_same_shape(self, target, op);
  if (weight) broadcast_shapes(self.sizes(), weight->sizes(), op);
  bool in_range = self.numel() == 0 || all(logical_and(ge(self, 0), le(self, 1))).item<bool>();
  EMBER_CHECK(in_range, op, "all elements of input should be between 0 and 1 (probabilities); for logits use "
              "binary_cross_entropy_with_logits");
  Tensor loss = -(target * clamp_min(log(self), -100) + (1 - target) * clamp_min(log(1 - self), -100));
  if (weight) loss = loss * *weight;
  return reduce(loss, reduction);
}

Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const std::optional<Tensor>& weight,
                                        const std::optional<Tensor>& pos_weight, int64_t reduction) {
  const char* op = "binary_cross_entropy_with_logits";
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  check_same_shape(self, target, op);
  if (weight) broadcast_shapes(self.sizes(), weight->sizes(), op);
  if (pos_weight) broadcast_shapes(self.sizes(), pos_weight->sizes(), op);
  // -log sigmoid(x) = softplus(-x) and -log(1 - sigmoid(x)) = x + softplus(-x).
  Tensor neg_log_sigmoid = softplus(-self);
  Tensor loss = pos_weight ? (1 - target) * self + (1 + (*pos_weight - 1) * target) * neg_log_sigmoid
                           : (1 - target) * self + neg_log_sigmoid;
  if (weight) loss = loss * *weight;
  return reduce(loss, reduction);
}

Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction, bool log_target) {
  const char* op = "kl_div";
  check_reduction(reduction, op, true);
  check_floating(self, op, "input");
  broadcast_shapes(self.sizes(), target.sizes(), op);
  Tensor loss;
  if (log_target) {
    loss = exp(target) * (target - self);
  } else {
    // target * log(target), 0 at target = 0 (log of 1 there keeps the gradient finite).
    Tensor positive = gt(target, 0);
    loss = target * log(where(positive, target, 1)) - target * self;
  }
  if (reduction == Reduction::BatchMean) return self.dim() == 0 ? sum(loss) : sum(loss) / self.size(0);
  return reduce(loss, reduction);
}

namespace nn::functional {

namespace {
std::optional<Tensor> optional_tensor(const Tensor& t) { return t.defined() ? std::optional<Tensor>(t) : std::nullopt; }
}  // namespace

Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options) {
  return ::ember::mse_loss(input, target, options.reduction());
}
Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options) {
  return ::ember::l1_loss(input, target, options.reduction());
}
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options) {
  return ::ember::smooth_l1_loss(input, target, options.reduction(), options.beta());
}
Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options) {
  return ::ember::huber_loss(input, target, options.reduction(), options.delta());
}
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options) {
  return ::ember::nll_loss(input, target, optional_tensor(options.weight()), options.reduction(),
                           options.ignore_index());
}
Tensor cross_entropy(const Tensor& input, const Tensor& target, const CrossEntropyFuncOptions& options) {
  return ::ember::cross_entropy_loss(input, target, optional_tensor(options.weight()), options.reduction(),
                                     options.ignore_index(), options.label_smoothing());
}
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options) {
  return ::ember::binary_cross_entropy(input, target, optional_tensor(options.weight()), options.reduction());
}
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options) {
  return ::ember::binary_cross_entropy_with_logits(input, target, optional_tensor(options.weight()),
                                                   optional_tensor(options.pos_weight()), options.reduction());
}
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options) {
  return ::ember::kl_div(input, target, options.reduction(), options.log_target());
}

}  // namespace nn::functional
}  // namespace ember
