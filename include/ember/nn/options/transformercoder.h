#pragma once
// Options of TransformerEncoder and TransformerDecoder, as LibTorch 1.13's
// torch/nn/options/transformercoder.h.
#include <cstdint>

#include "ember/nn/arg.h"
#include "ember/nn/modules/container/any.h"
#include "ember/nn/modules/transformerlayer.h"

namespace ember::nn {

struct TransformerEncoderOptions {
  // Keeps (shares) encoder_layer; the encoder clones it num_layers times.
  TransformerEncoderOptions(TransformerEncoderLayer encoder_layer, int64_t num_layers)
      : encoder_layer_(std::move(encoder_layer)), num_layers_(num_layers) {}
  // Builds a new layer from its options.
  TransformerEncoderOptions(const TransformerEncoderLayerOptions& encoder_layer_options, int64_t num_layers)
      : encoder_layer_(encoder_layer_options), num_layers_(num_layers) {}
  EMBER_ARG(TransformerEncoderLayer, encoder_layer) = nullptr;
  EMBER_ARG(int64_t, num_layers);
  // Applied to the last layer's output when set (typically a LayerNorm); cloned by the encoder.
  EMBER_ARG(AnyModule, norm);
};

struct TransformerDecoderOptions {
  TransformerDecoderOptions(TransformerDecoderLayer decoder_layer, int64_t num_layers)
      : decoder_layer_(std::move(decoder_layer)), num_layers_(num_layers) {}
  TransformerDecoderOptions(const TransformerDecoderLayerOptions& decoder_layer_options, int64_t num_layers)
      : decoder_layer_(decoder_layer_options), num_layers_(num_layers) {}
  EMBER_ARG(TransformerDecoderLayer, decoder_layer) = nullptr;
  EMBER_ARG(int64_t, num_layers);
  EMBER_ARG(AnyModule, norm);
};

}  // namespace ember::nn
