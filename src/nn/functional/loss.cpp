// Loss functions as compositions of differentiable ember ops: autograd supplies the gradients
// (first and higher order), so each function here is only checks plus the forward formula.
#include "ember/nn/functional/loss.h"

#include <cmath>
#include <limits>
#include <vector>

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

Tensor poisson_nll_loss(const Tensor& self, const Tensor& target, bool log_input, bool full, double eps,
                        int64_t reduction) {
  check_pointwise(self, target, reduction, "poisson_nll_loss");
  Tensor loss = log_input ? exp(self) - target * self : self - target * log(self + eps);
  if (full) {
    // target log(target) - target + 0.5 log(2 pi target), only where target > 1 (the log of 1
    // elsewhere keeps the masked-out branch finite).
    Tensor big = gt(target, 1);
    Tensor safe = where(big, target, 1);
    Tensor stirling = safe * log(safe) - safe + 0.5 * log(safe * (2 * M_PI));
    loss = loss + where(big, stirling, 0);
  }
  return reduce(loss, reduction);
}

Tensor gaussian_nll_loss(const Tensor& self, const Tensor& target, const Tensor& var, bool full, double eps,
                         int64_t reduction) {
  const char* op = "gaussian_nll_loss";
  check_pointwise(self, target, reduction, op);
  check_floating(var, op, "var");
  Tensor v = var;
  if (var.sizes() != self.sizes()) {
    // One variance per row: var is the input's shape less its last dim, or with it as 1.
    IntArrayRef in = self.sizes();
    IntArrayRef vs = var.sizes();
    bool short_by_one = self.dim() >= 1 && vs == in.slice(0, in.size() - 1);
    bool last_is_one = self.dim() >= 1 && var.dim() == self.dim() && vs.back() == 1 &&
                       vs.slice(0, vs.size() - 1) == in.slice(0, in.size() - 1);
    EMBER_CHECK(short_by_one || last_is_one, op, "var is of incorrect size: var shape ", vs, " for input shape ", in,
                "; give var the input's shape, or the input's shape with the last dim dropped or set to 1");
    if (short_by_one) v = var.unsqueeze(-1);
  }
  EMBER_CHECK(!any(lt(var, 0)).item<bool>(), op, "var has negative entry/entries; variances must be >= 0");
  // PyTorch clamps var in place under no_grad: the value is clamped, the gradient passes
  // through as if it were not.
  v = v + (clamp_min(v, eps) - v).detach();
  Tensor d = self - target;
  Tensor loss = 0.5 * (log(v) + d * d / v);
  if (full) loss = loss + 0.5 * std::log(2 * M_PI);
  return reduce(loss, reduction);
}

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin,
                           int64_t reduction) {
  const char* op = "margin_ranking_loss";
  check_reduction(reduction, op);
  check_floating(input1, op, "input1");
  EMBER_CHECK(input1.dim() == input2.dim() && input2.dim() == target.dim(), op,
              "all input tensors should have the same dimension, got input1 ", input1.sizes(), ", input2 ",
              input2.sizes(), ", target ", target.sizes());
  broadcast_shapes(broadcast_shapes(input1.sizes(), input2.sizes(), op), target.sizes(), op);
  return reduce(clamp_min(-target * (input1 - input2) + margin, 0), reduction);
}

Tensor hinge_embedding_loss(const Tensor& self, const Tensor& target, double margin, int64_t reduction) {
  const char* op = "hinge_embedding_loss";
  check_pointwise(self, target, reduction, op);
  // As ATen: the margin term where target != 1, the input where target != -1 (so a target
  // that is neither contributes both).
  Tensor margin_part = where(ne(target, 1), clamp_min(margin - self, 0), 0);
  Tensor self_part = where(ne(target, -1), self, 0);
  return reduce(margin_part + self_part, reduction);
}

namespace {
// ||x1 - x2 + eps||_p over the last dim of the broadcast shape (at::pairwise_distance).
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p, double eps) {
  int64_t last = std::max(x1.dim(), x2.dim()) - 1;
  return norm(x1 - x2 + eps, p, {last});
}
}  // namespace

Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative, double margin,
                           double p, double eps, bool swap, int64_t reduction) {
  const char* op = "triplet_margin_loss";
  check_reduction(reduction, op);
  check_floating(anchor, op, "anchor");
  EMBER_CHECK(anchor.dim() == positive.dim() && positive.dim() == negative.dim(), op,
              "all inputs should have the same dimension, got anchor ", anchor.sizes(), ", positive ",
              positive.sizes(), ", negative ", negative.sizes());
  EMBER_CHECK(anchor.dim() >= 1, op, "inputs must have at least 1 dim (the embedding dim), got 0-dim tensors");
  broadcast_shapes(broadcast_shapes(anchor.sizes(), positive.sizes(), op), negative.sizes(), op);
  EMBER_CHECK(p > 0, op, "p must be > 0, got ", p);
  Tensor d_pos = pairwise_distance(anchor, positive, p, eps);
  Tensor d_neg = pairwise_distance(anchor, negative, p, eps);
  if (swap) d_neg = minimum(d_neg, pairwise_distance(positive, negative, p, eps));
  return reduce(clamp_min(margin + d_pos - d_neg, 0), reduction);
}

Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin,
                             int64_t reduction) {
  const char* op = "cosine_embedding_loss";
  check_reduction(reduction, op);
  check_floating(input1, op, "input1");
  EMBER_CHECK(target.dim() <= 1, op, "0-dim or 1-D target expected (multi-target is not supported), got target shape ",
              target.sizes());
  int64_t expected = target.dim() + 1;
  EMBER_CHECK(input1.dim() == expected && input2.dim() == expected, op, "a ", target.dim(),
              "-dim target expects ", expected, "-D inputs, got input1 ", input1.sizes(), " and input2 ",
              input2.sizes());
  broadcast_shapes(input1.sizes(), input2.sizes(), op);
  int64_t dim = target.dim();
  // 1e-12 keeps a zero vector's cosine finite (ATen's EPSILON).
  Tensor dot = sum(input1 * input2, {dim});
  Tensor norms = sqrt((sum(input1 * input1, {dim}) + 1e-12) * (sum(input2 * input2, {dim}) + 1e-12));
  Tensor cos = dot / norms;
  broadcast_shapes(cos.sizes(), target.sizes(), op);
  Tensor loss = where(eq(target, 1), 1 - cos, 0) + where(eq(target, -1), clamp_min(cos - margin, 0), 0);
  return reduce(loss, reduction);
}

Tensor multilabel_soft_margin_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight,
                                   int64_t reduction) {
  const char* op = "multilabel_soft_margin_loss";
  check_reduction(reduction, op);
  check_floating(self, op, "input");
  EMBER_CHECK(self.dim() >= 1, op, "input must be [N, C] or [C], got a 0-dim tensor");
  broadcast_shapes(self.sizes(), target.sizes(), op);
  if (weight) broadcast_shapes(self.sizes(), weight->sizes(), op);
  // log sigmoid(x) = -softplus(-x).
  Tensor loss = target * softplus(-self) + (1 - target) * softplus(self);
  if (weight) loss = loss * *weight;
  int64_t class_dim = self.dim() - 1;
  loss = sum(loss, {class_dim}) / self.size(class_dim);
  return reduce(loss, reduction);
}

namespace {

// An integer tensor's values (lengths, labels), read on the host.
std::vector<int64_t> host_values(const Tensor& t) {
  Tensor c = t.to(kLong).contiguous();
  const int64_t* data = c.data_ptr<int64_t>();
  return std::vector<int64_t>(data, data + c.numel());
}

Tensor long_tensor(std::vector<int64_t> values, IntArrayRef shape) {
  return from_blob(values.data(), shape, kLong).clone();
}

bool is_integral(const Tensor& t) { return !t.is_floating_point() && t.dtype() != kBool; }

// logsumexp over dim 0 of `stacked`, with the max detached: the shift is exact, and keeping
// it out of the graph leaves only smooth ops to differentiate (twice).
Tensor logsumexp0(const Tensor& stacked) {
  Tensor m = amax(stacked, {0}).detach();
  return m + log(sum(exp(stacked - m), {0}));
}

}  // namespace

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank, int64_t reduction, bool zero_infinity) {
  const char* op = "ctc_loss";
  check_reduction(reduction, op);
  EMBER_CHECK(log_probs.dtype() == kFloat || log_probs.dtype() == kDouble, op,
              "log_probs must be float32 or float64, got ", log_probs.dtype());
  EMBER_CHECK(log_probs.dim() == 3 || log_probs.dim() == 2, op,
              "log_probs must be [T, N, C] (or [T, C] for one sample), got ", log_probs.sizes());
  bool single = log_probs.dim() == 2;
  Tensor lp = single ? log_probs.unsqueeze(1) : log_probs;
  int64_t time = lp.size(0), batch = lp.size(1), classes = lp.size(2);
  EMBER_CHECK(blank >= 0 && blank < classes, op, "blank ", blank, " must be a class in [0, ", classes, ")");
  EMBER_CHECK(is_integral(targets) && is_integral(input_lengths) && is_integral(target_lengths), op,
              "targets, input_lengths and target_lengths must be integer tensors, got ", targets.dtype(), ", ",
              input_lengths.dtype(), ", ", target_lengths.dtype());
  EMBER_CHECK(input_lengths.dim() <= 1 && input_lengths.numel() == batch, op, "input_lengths must hold one length per ",
              "sample (", batch, "), got shape ", input_lengths.sizes());
  EMBER_CHECK(target_lengths.dim() <= 1 && target_lengths.numel() == batch, op,
              "target_lengths must hold one length per sample (", batch, "), got shape ", target_lengths.sizes());
  std::vector<int64_t> in_len = host_values(input_lengths), tgt_len = host_values(target_lengths);
  int64_t max_target = 0, total_target = 0;
  for (int64_t n = 0; n < batch; ++n) {
    EMBER_CHECK(in_len[n] >= 0 && in_len[n] <= time, op, "input_lengths[", n, "] = ", in_len[n],
                " must be in [0, T = ", time, "] (log_probs ", log_probs.sizes(), ")");
    EMBER_CHECK(tgt_len[n] >= 0, op, "target_lengths[", n, "] = ", tgt_len[n], " must be >= 0");
    max_target = std::max(max_target, tgt_len[n]);
    total_target += tgt_len[n];
  }
  // Each sample's labels: a row of padded targets [N, S] (or [S] for one sample), or the next
  // target_lengths[n] of the concatenated 1-D targets.
  bool padded = targets.dim() == 2 || (single && targets.dim() == 1);
  if (padded) {
    EMBER_CHECK(targets.size(0) == batch || single, op, "padded targets must be [N = ", batch, ", S], got ",
                targets.sizes());
    EMBER_CHECK(targets.size(-1) >= max_target, op, "padded targets ", targets.sizes(),
                " are shorter than the longest target length ", max_target);
  } else {
    EMBER_CHECK(targets.dim() == 1 && targets.numel() == total_target, op,
                "concatenated targets must be 1-D with sum(target_lengths) = ", total_target,
                " elements, got shape ", targets.sizes());
  }
  std::vector<int64_t> flat = host_values(targets);
  int64_t stride = padded ? targets.size(-1) : 0;
  // The extended label sequence of each sample, blank l1 blank l2 ... blank: L = 2 S + 1.
  int64_t states = 2 * max_target + 1;
  std::vector<int64_t> ext(batch * states, blank), ends(batch), ends_prev(batch);
  std::vector<uint8_t> skip(batch * states, 0);
  int64_t offset = 0;
  for (int64_t n = 0; n < batch; ++n) {
    const int64_t* labels = flat.data() + (padded ? n * stride : offset);
    offset += tgt_len[n];
    for (int64_t i = 0; i < tgt_len[n]; ++i) {
      EMBER_CHECK(labels[i] >= 0 && labels[i] < classes && labels[i] != blank, op, "target ", labels[i],
                  " of sample ", n, " must be a class in [0, ", classes, ") other than blank ", blank);
      ext[n * states + 2 * i + 1] = labels[i];
      // A label may follow the one two states back directly (skipping the blank) unless equal.
      if (i > 0 && labels[i] != labels[i - 1]) skip[n * states + 2 * i + 1] = 1;
    }
    ends[n] = 2 * tgt_len[n];
    ends_prev[n] = std::max<int64_t>(2 * tgt_len[n] - 1, 0);
  }
  Tensor ext_t = long_tensor(ext, {batch, states});
  Tensor skip_t = ne(long_tensor(std::vector<int64_t>(skip.begin(), skip.end()), {batch, states}), 0);
  TensorOptions dtype_options = lp.options();
  // A finite stand-in for log 0: exp of it underflows to 0, and unlike -inf it never yields
  // inf - inf = NaN in the recursion or its gradients. Losses beyond kImpossible are infinite.
  constexpr double kLogZero = -1e30, kImpossible = 1e29;
  // Emission log-probabilities of each state: [T, N, L].
  Tensor emit = gather(lp, 2, ext_t.unsqueeze(0).expand({time, batch, states}));
  Tensor state_index = arange(states, kLong).unsqueeze(0);  // [1, L]
  // Before any frame only the empty prefix exists; alpha at state 0 = log 1 stands for it
  // (reached at the end only by an empty target with input_length 0).
  Tensor alpha = where(eq(state_index, 0), 0.0, full({batch, states}, kLogZero, dtype_options));
  Tensor in_len_t = long_tensor(in_len, {batch, 1});
  Tensor neg_col = full({batch, 1}, kLogZero, dtype_options);
  for (int64_t t = 0; t < time; ++t) {
    Tensor next;
    if (t == 0) {
      // The first frame emits the leading blank or the first label.
      next = where(lt(state_index, 2), emit.select(0, 0), kLogZero);
    } else {
      Tensor from_prev = cat({neg_col, alpha.narrow(1, 0, states - 1)}, 1);
      Tensor from_skip = states > 2 ? cat({neg_col, neg_col, alpha.narrow(1, 0, states - 2)}, 1) : neg_col.expand({batch, states});
      from_skip = where(skip_t, from_skip, kLogZero);
      next = logsumexp0(stack({alpha, from_prev, from_skip}, 0)) + emit.select(0, t);
    }
    // Samples whose input has ended keep their alpha.
    alpha = where(gt(in_len_t, t), next, alpha);
  }
  Tensor end_last = gather(alpha, 1, long_tensor(ends, {batch, 1})).squeeze(1);
  Tensor end_label = gather(alpha, 1, long_tensor(ends_prev, {batch, 1})).squeeze(1);
  end_label = where(gt(long_tensor(tgt_len, {batch}), 0), end_label, kLogZero);
  Tensor loss = -logsumexp0(stack({end_last, end_label}, 0));
  loss = where(gt(loss, kImpossible), zero_infinity ? 0.0 : std::numeric_limits<double>::infinity(), loss);
  if (reduction == Reduction::Mean) return mean(loss / clamp_min(long_tensor(tgt_len, {batch}), 1).to(loss.dtype()));
  if (reduction == Reduction::Sum) return sum(loss);
  return single ? loss.squeeze(0) : loss;
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

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, const PoissonNLLLossFuncOptions& options) {
  return ::ember::poisson_nll_loss(input, target, options.log_input(), options.full(), options.eps(),
                                   options.reduction());
}
Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options) {
  return ::ember::gaussian_nll_loss(input, target, var, options.full(), options.eps(), options.reduction());
}
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options) {
  return ::ember::margin_ranking_loss(input1, input2, target, options.margin(), options.reduction());
}
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target, const HingeEmbeddingLossFuncOptions& options) {
  return ::ember::hinge_embedding_loss(input, target, options.margin(), options.reduction());
}
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options) {
  return ::ember::triplet_margin_loss(anchor, positive, negative, options.margin(), options.p(), options.eps(),
                                      options.swap(), options.reduction());
}
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options) {
  return ::ember::cosine_embedding_loss(input1, input2, target, options.margin(), options.reduction());
}
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options) {
  return ::ember::multilabel_soft_margin_loss(input, target, optional_tensor(options.weight()), options.reduction());
}
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options) {
  return ::ember::ctc_loss(log_probs, targets, input_lengths, target_lengths, options.blank(), options.reduction(),
                           options.zero_infinity());
}

}  // namespace nn::functional
}  // namespace ember
