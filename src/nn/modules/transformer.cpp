#include "ember/nn/modules/transformer.h"

#include <limits>

#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/nn/modules/normalization.h"
#include "ember/ops/arrange.h"

namespace ember::nn {

TransformerImpl::TransformerImpl(TransformerOptions options) : options(std::move(options)) { reset(); }

void TransformerImpl::reset() {
  const TransformerOptions& o = options;
  if (o.custom_encoder().is_empty()) {
    auto layer_options = TransformerEncoderLayerOptions(o.d_model(), o.nhead())
                             .dim_feedforward(o.dim_feedforward())
                             .dropout(o.dropout())
                             .activation(o.activation());
    encoder = AnyModule(TransformerEncoder(TransformerEncoderOptions(layer_options, o.num_encoder_layers())
                                               .norm(AnyModule(LayerNorm(LayerNormOptions({o.d_model()}))))));
  } else {
    encoder = o.custom_encoder().clone();
  }
  register_module("encoder", encoder.ptr());
  if (o.custom_decoder().is_empty()) {
    auto layer_options = TransformerDecoderLayerOptions(o.d_model(), o.nhead())
                             .dim_feedforward(o.dim_feedforward())
                             .dropout(o.dropout())
                             .activation(o.activation());
    decoder = AnyModule(TransformerDecoder(TransformerDecoderOptions(layer_options, o.num_decoder_layers())
                                               .norm(AnyModule(LayerNorm(LayerNormOptions({o.d_model()}))))));
  } else {
    decoder = o.custom_decoder().clone();
  }
  register_module("decoder", decoder.ptr());
  reset_parameters();
}

void TransformerImpl::reset_parameters() {
  // Through the children (held by shared pointers): this->parameters() needs
  // shared_from_this, which is not available yet while reset() runs from the constructor.
  for (const AnyModule* part : {&encoder, &decoder}) {
    for (Tensor& p : part->ptr()->parameters())
      if (p.dim() > 1) init::xavier_uniform_(p);
  }
}

void TransformerImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::TransformerImpl"; }

Tensor TransformerImpl::forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask, const Tensor& tgt_mask,
                                const Tensor& memory_mask, const Tensor& src_key_padding_mask,
                                const Tensor& tgt_key_padding_mask, const Tensor& memory_key_padding_mask) {
  const auto sizes_of = [](const Tensor& t) { return t.defined() ? t.sizes() : IntArrayRef{}; };
  EMBER_CHECK(src.defined() && tgt.defined() && src.dim() == 3 && tgt.dim() == 3, "Transformer",
              "src and tgt should have 3 dimensions [sequence, batch, d_model], got ", sizes_of(src), " and ",
              sizes_of(tgt));
  EMBER_CHECK(src.size(1) == tgt.size(1), "Transformer", "src and tgt should have equal batch size (at dim 1), got ",
              src.sizes(), " and ", tgt.sizes());
  EMBER_CHECK(src.size(2) == options.d_model() && tgt.size(2) == options.d_model(), "Transformer",
              "src and tgt should have the feature size d_model = ", options.d_model(), " (at dim 2), got ",
              src.sizes(), " and ", tgt.sizes());
  Tensor memory = encoder.forward<Tensor>(src, src_mask, src_key_padding_mask);
  return decoder.forward<Tensor>(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask);
}

Tensor TransformerImpl::generate_square_subsequent_mask(int64_t sz) {
  EMBER_CHECK(sz >= 0, "Transformer::generate_square_subsequent_mask", "sz must be non-negative, got ", sz);
  return triu(full({sz, sz}, -std::numeric_limits<double>::infinity()), 1);
}

}  // namespace ember::nn
