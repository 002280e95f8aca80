#pragma once
// Options of TransformerEncoderLayer and TransformerDecoderLayer, as LibTorch 1.13's
// torch/nn/options/transformerlayer.h.
#include <cstdint>
#include <functional>
#include <variant>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn {

// The feed-forward activation of the transformer layers: kReLU, kGELU (exact gelu) or any
// function of a tensor (LibTorch's activation_t with torch::kReLU / torch::kGELU).
enum class TransformerActivation { kReLU, kGELU };
inline constexpr TransformerActivation kReLU = TransformerActivation::kReLU;
inline constexpr TransformerActivation kGELU = TransformerActivation::kGELU;
using activation_t = std::variant<TransformerActivation, std::function<Tensor(const Tensor&)>>;

struct TransformerEncoderLayerOptions {
  TransformerEncoderLayerOptions(int64_t d_model, int64_t nhead)  // NOLINT: implicit as LibTorch
      : d_model_(d_model), nhead_(nhead) {}
  EMBER_ARG(int64_t, d_model);
  EMBER_ARG(int64_t, nhead);
  EMBER_ARG(int64_t, dim_feedforward) = 2048;
  EMBER_ARG(double, dropout) = 0.1;
  EMBER_ARG(activation_t, activation) = kReLU;
};

struct TransformerDecoderLayerOptions {
  TransformerDecoderLayerOptions(int64_t d_model, int64_t nhead) : d_model_(d_model), nhead_(nhead) {}
  EMBER_ARG(int64_t, d_model);
  EMBER_ARG(int64_t, nhead);
  EMBER_ARG(int64_t, dim_feedforward) = 2048;
  EMBER_ARG(double, dropout) = 0.1;
  EMBER_ARG(activation_t, activation) = kReLU;
};

}  // namespace ember::nn
