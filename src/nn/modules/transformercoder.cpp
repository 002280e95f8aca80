#include "ember/nn/modules/transformercoder.h"

namespace ember::nn {
namespace {

void check_num_layers(int64_t num_layers, bool has_layer, const char* op) {
  EMBER_CHECK(has_layer, op, "the layer to clone is empty (constructed with nullptr)");
  EMBER_CHECK(num_layers >= 1, op, "num_layers must be at least 1, got ", num_layers);
}

}  // namespace

TransformerEncoderImpl::TransformerEncoderImpl(TransformerEncoderOptions options) : options(std::move(options)) {
  reset();
}

void TransformerEncoderImpl::reset() {
  check_num_layers(options.num_layers(), !options.encoder_layer().is_empty(), "TransformerEncoder");
  layers = register_module("layers", ModuleList());
  for (int64_t i = 0; i < options.num_layers(); ++i) layers->push_back(options.encoder_layer()->clone());
  norm = AnyModule();
  if (!options.norm().is_empty()) {
    norm = options.norm().clone();
    register_module("norm", norm.ptr());
  }
}

void TransformerEncoderImpl::reset_parameters() {
  for (size_t i = 0; i < layers->size(); ++i) layers->at<TransformerEncoderLayerImpl>(i).reset_parameters();
}

void TransformerEncoderImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::TransformerEncoderImpl"; }

Tensor TransformerEncoderImpl::forward(const Tensor& src, const Tensor& src_mask, const Tensor& src_key_padding_mask) {
  Tensor output = src;
  for (size_t i = 0; i < layers->size(); ++i)
    output = layers->at<TransformerEncoderLayerImpl>(i).forward(output, src_mask, src_key_padding_mask);
  if (!norm.is_empty()) output = norm.forward<Tensor>(output);
  return output;
}

TransformerDecoderImpl::TransformerDecoderImpl(TransformerDecoderOptions options) : options(std::move(options)) {
  reset();
}

void TransformerDecoderImpl::reset() {
  check_num_layers(options.num_layers(), !options.decoder_layer().is_empty(), "TransformerDecoder");
  layers = register_module("layers", ModuleList());
  for (int64_t i = 0; i < options.num_layers(); ++i) layers->push_back(options.decoder_layer()->clone());
  norm = AnyModule();
  if (!options.norm().is_empty()) {
    norm = options.norm().clone();
    register_module("norm", norm.ptr());
  }
}

void TransformerDecoderImpl::reset_parameters() {
  for (size_t i = 0; i < layers->size(); ++i) layers->at<TransformerDecoderLayerImpl>(i).reset_parameters();
}

void TransformerDecoderImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::TransformerDecoderImpl"; }

Tensor TransformerDecoderImpl::forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask,
                                       const Tensor& memory_mask, const Tensor& tgt_key_padding_mask,
                                       const Tensor& memory_key_padding_mask) {
  Tensor output = tgt;
  for (size_t i = 0; i < layers->size(); ++i) {
    output = layers->at<TransformerDecoderLayerImpl>(i).forward(output, memory, tgt_mask, memory_mask,
                                                                 tgt_key_padding_mask, memory_key_padding_mask);
  }
  if (!norm.is_empty()) output = norm.forward<Tensor>(output);
  return output;
}

}  // namespace ember::nn
