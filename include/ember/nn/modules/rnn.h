#pragma once
// Recurrent layers RNN, LSTM, GRU and cells RNNCell, LSTMCell, GRUCell, as torch::nn (LibTorch
// 1.13): the same parameter names (weight_ih_l0, ..., _reverse), initialization (every weight
// and bias uniform in +-1/sqrt(hidden_size)), forward signatures and printing. Built from
// differentiable ember ops (linear, sigmoid, tanh, ...), so autograd, double backward and
// dtype conversion come from those ops.
#include <optional>
#include <ostream>
#include <tuple>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/rnn.h"

namespace ember::nn {

namespace detail {

// The layers' shared machinery. Parameters per layer l and direction (suffix "" or "_reverse"):
// weight_ih_l{l} [gates * hidden, layer input], weight_hh_l{l} [gates * hidden, hidden],
// bias_ih_l{l} and bias_hh_l{l} [gates * hidden] (absent without bias), where the layer input
// is input_size for layer 0 and directions * hidden_size above it.
template <class Derived>
class RNNImplBase : public Cloneable<Derived> {
 public:
  explicit RNNImplBase(const RNNOptionsBase& options_base);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // Every parameter, in registration order (w_ih, w_hh, b_ih, b_hh per layer and direction).
  std::vector<Tensor> all_weights() const;

  RNNOptionsBase options_base;

 protected:
  // Checks input ([seq, batch, input_size], [batch, seq, input_size] with batch_first, or
  // unbatched [seq, input_size]) and the initial states against it (undefined: zeros), runs
  // every layer and direction, and returns the output in the input's layout
  // [.., directions * hidden_size] with the final h (and c for LSTM, else undefined), each
  // [layers * directions, batch, hidden] ([layers * directions, hidden] when unbatched).
  std::tuple<Tensor, Tensor, Tensor> run(const Tensor& input, Tensor hx, Tensor cx);

  // The parameters of (layer, direction) k = layer * directions + direction are
  // flat_weights_[4k .. 4k + 3]: w_ih, w_hh, b_ih, b_hh (biases undefined without bias).
  std::vector<Tensor> flat_weights_;
};

}  // namespace detail

// Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (relu with kReLU).
class RNNImpl : public detail::RNNImplBase<RNNImpl> {
 public:
  RNNImpl(int64_t input_size, int64_t hidden_size) : RNNImpl(RNNOptions(input_size, hidden_size)) {}
  explicit RNNImpl(const RNNOptions& options);
  // Returns (output, h_n); hx [layers * directions, batch, hidden], zeros when undefined.
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});

  RNNOptions options;
};
EMBER_MODULE(RNN);

// LSTM, gates (input, forget, cell, output) in that order along the weights' first dim:
//   c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g),  h_t = sigmoid(o) * tanh(c_t).
class LSTMImpl : public detail::RNNImplBase<LSTMImpl> {
 public:
  LSTMImpl(int64_t input_size, int64_t hidden_size) : LSTMImpl(LSTMOptions(input_size, hidden_size)) {}
  explicit LSTMImpl(const LSTMOptions& options);
  // Returns (output, (h_n, c_n)); hx_opt = (h_0, c_0), zeros when absent.
  std::tuple<Tensor, std::tuple<Tensor, Tensor>> forward(
      const Tensor& input, std::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  LSTMOptions options;
};
EMBER_MODULE(LSTM);

// GRU, gates (reset, update, new) in that order:
//   r = sigmoid(x W_ir + b_ir + h W_hr + b_hr), z likewise,
//   n = tanh(x W_in + b_in + r * (h W_hn + b_hn)),  h_t = (1 - z) * n + z * h_{t-1}.
class GRUImpl : public detail::RNNImplBase<GRUImpl> {
 public:
  GRUImpl(int64_t input_size, int64_t hidden_size) : GRUImpl(GRUOptions(input_size, hidden_size)) {}
  explicit GRUImpl(const GRUOptions& options);
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});

  GRUOptions options;
};
EMBER_MODULE(GRU);

namespace detail {

// The cells' shared parameters: weight_ih [chunks * hidden, input], weight_hh
// [chunks * hidden, hidden], bias_ih and bias_hh [chunks * hidden] (undefined without bias).
template <class Derived>
class RNNCellImplBase : public Cloneable<Derived> {
 public:
  explicit RNNCellImplBase(const RNNCellOptionsBase& options_base);
  void reset() override;
  void reset_parameters();

  RNNCellOptionsBase options_base;
  Tensor weight_ih;
  Tensor weight_hh;
  Tensor bias_ih;
  Tensor bias_hh;

 protected:
  // Checks input [batch, input_size] or [input_size] and a hidden state against it, named
  // `what` in errors; an undefined state becomes zeros of the matching shape.
  Tensor checked_state(const Tensor& input, const Tensor& state, const char* what) const;
  void print_sizes(std::ostream& stream, const char* name) const;
};

}  // namespace detail

// One step of RNN: input [batch, input_size] or [input_size], hx of the same leading shape
// with hidden_size features (zeros when undefined) -> h'.
class RNNCellImpl : public detail::RNNCellImplBase<RNNCellImpl> {
 public:
  RNNCellImpl(int64_t input_size, int64_t hidden_size) : RNNCellImpl(RNNCellOptions(input_size, hidden_size)) {}
  explicit RNNCellImpl(const RNNCellOptions& options);
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, Tensor hx = {});

  RNNCellOptions options;
};
EMBER_MODULE(RNNCell);

// One step of LSTM: returns (h', c').
class LSTMCellImpl : public detail::RNNCellImplBase<LSTMCellImpl> {
 public:
  LSTMCellImpl(int64_t input_size, int64_t hidden_size) : LSTMCellImpl(LSTMCellOptions(input_size, hidden_size)) {}
  explicit LSTMCellImpl(const LSTMCellOptions& options);
  void pretty_print(std::ostream& stream) const override;
  std::tuple<Tensor, Tensor> forward(const Tensor& input,
                                     std::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  LSTMCellOptions options;
};
EMBER_MODULE(LSTMCell);

// One step of GRU: returns h'.
class GRUCellImpl : public detail::RNNCellImplBase<GRUCellImpl> {
 public:
  GRUCellImpl(int64_t input_size, int64_t hidden_size) : GRUCellImpl(GRUCellOptions(input_size, hidden_size)) {}
  explicit GRUCellImpl(const GRUCellOptions& options);
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, Tensor hx = {});

  GRUCellOptions options;
};
EMBER_MODULE(GRUCell);

}  // namespace ember::nn
