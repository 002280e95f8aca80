// Loss modules: thin wrappers over the functional losses (src/nn/functional/loss.cpp).
#include "ember/nn/modules/loss.h"

#include <ostream>

namespace ember::nn {

namespace F = functional;

#define EMBER_SIMPLE_LOSS_DEFS(Name, fn)                                                   \
  void Name##Impl::pretty_print(std::ostream& stream) const { stream << "torch::nn::" #Name "()"; } \
  Tensor Name##Impl::forward(const Tensor& input, const Tensor& target) { return F::fn(input, target, options); }

EMBER_SIMPLE_LOSS_DEFS(MSELoss, mse_loss)
EMBER_SIMPLE_LOSS_DEFS(L1Loss, l1_loss)
EMBER_SIMPLE_LOSS_DEFS(SmoothL1Loss, smooth_l1_loss)
EMBER_SIMPLE_LOSS_DEFS(HuberLoss, huber_loss)
EMBER_SIMPLE_LOSS_DEFS(KLDivLoss, kl_div)
#undef EMBER_SIMPLE_LOSS_DEFS

// The forward passes the buffers, not options.weight(), so a module moved with .to() uses
// the converted weights.
#define EMBER_WEIGHTED_LOSS_DEFS(Name, fn)                                                  \
  Name##Impl::Name##Impl(Name##Options options_) : options(std::move(options_)) { reset(); } \
  void Name##Impl::reset() { weight = register_buffer("weight", options.weight()); }        \
  void Name##Impl::pretty_print(std::ostream& stream) const { stream << "torch::nn::" #Name "()"; } \
  Tensor Name##Impl::forward(const Tensor& input, const Tensor& target) {                   \
    Name##Options o = options;                                                             \
    return F::fn(input, target, o.weight(weight));                                        \
  }

EMBER_WEIGHTED_LOSS_DEFS(NLLLoss, nll_loss)
EMBER_WEIGHTED_LOSS_DEFS(CrossEntropyLoss, cross_entropy)
EMBER_WEIGHTED_LOSS_DEFS(BCELoss, binary_cross_entropy)
#undef EMBER_WEIGHTED_LOSS_DEFS

BCEWithLogitsLossImpl::BCEWithLogitsLossImpl(BCEWithLogitsLossOptions options_) : options(std::move(options_)) {
  reset();
}
void BCEWithLogitsLossImpl::reset() {
  weight = register_buffer("weight", options.weight());
  pos_weight = register_buffer("pos_weight", options.pos_weight());
}
void BCEWithLogitsLossImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::BCEWithLogitsLoss()"; }
Tensor BCEWithLogitsLossImpl::forward(const Tensor& input, const Tensor& target) {
  BCEWithLogitsLossOptions o = options;
  return F::binary_cross_entropy_with_logits(input, target, o.weight(weight).pos_weight(pos_weight));
}

void PoissonNLLLossImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::PoissonNLLLoss()"; }
Tensor PoissonNLLLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::poisson_nll_loss(input, target, options);
}

void HingeEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::HingeEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor HingeEmbeddingLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::hinge_embedding_loss(input, target, options);
}

void MarginRankingLossImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::MarginRankingLoss()"; }
Tensor MarginRankingLossImpl::forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
  return F::margin_ranking_loss(input1, input2, target, options);
}

void CosineEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::CosineEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor CosineEmbeddingLossImpl::forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
  return F::cosine_embedding_loss(input1, input2, target, options);
}

void TripletMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::TripletMarginLoss(margin=" << options.margin() << ", p=" << options.p()
         << ", eps=" << options.eps() << std::boolalpha << ", swap=" << options.swap() << ")";
}
Tensor TripletMarginLossImpl::forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative) {
  return F::triplet_margin_loss(anchor, positive, negative, options);
}

void GaussianNLLLossImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::GaussianNLLLoss()"; }
Tensor GaussianNLLLossImpl::forward(const Tensor& input, const Tensor& target, const Tensor& var) {
  return F::gaussian_nll_loss(input, target, var, options);
}

MultiLabelSoftMarginLossImpl::MultiLabelSoftMarginLossImpl(MultiLabelSoftMarginLossOptions options_)
    : options(std::move(options_)) {
  reset();
}
void MultiLabelSoftMarginLossImpl::reset() { weight = register_buffer("weight", options.weight()); }
void MultiLabelSoftMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::MultiLabelSoftMarginLoss()";
}
Tensor MultiLabelSoftMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  MultiLabelSoftMarginLossOptions o = options;
  return F::multilabel_soft_margin_loss(input, target, o.weight(weight));
}

void CTCLossImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::CTCLoss()"; }
Tensor CTCLossImpl::forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                            const Tensor& target_lengths) {
  return F::ctc_loss(log_probs, targets, input_lengths, target_lengths, options);
}

}  // namespace ember::nn
