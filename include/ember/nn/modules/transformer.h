#pragma once
// Transformer, as LibTorch 1.13: a TransformerEncoder and a TransformerDecoder (each with a
// final LayerNorm) or custom ones, over sequence-first inputs.
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/modules/container/any.h"
#include "ember/nn/modules/transformercoder.h"
#include "ember/nn/options/transformer.h"

namespace ember::nn {

// Parameters with more than one dim are re-drawn xavier_uniform_ at construction.
class TransformerImpl : public Cloneable<TransformerImpl> {
 public:
  explicit TransformerImpl(TransformerOptions options);
  // src [S, N, d_model], tgt [T, N, d_model] -> [T, N, d_model]. src_mask [S, S],
  // tgt_mask [T, T], memory_mask [T, S] (float: added; bool: true = masked); key padding
  // masks bool [N, S], [N, T], [N, S] (true = padding).
  Tensor forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask = {}, const Tensor& tgt_mask = {},
                 const Tensor& memory_mask = {}, const Tensor& src_key_padding_mask = {},
                 const Tensor& tgt_key_padding_mask = {}, const Tensor& memory_key_padding_mask = {});
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // A float [sz, sz] mask with -inf above the diagonal and 0 elsewhere: position i may attend
  // to positions <= i only.
  static Tensor generate_square_subsequent_mask(int64_t sz);

  TransformerOptions options;
  AnyModule encoder;
  AnyModule decoder;
};
EMBER_MODULE(Transformer);

}  // namespace ember::nn
