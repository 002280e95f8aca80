#include "ember/nn/modules/rnn.h"

#include <cmath>
#include <string>

#include "ember/core/factories.h"
#include "ember/nn/init.h"
#include "ember/ops/binary.h"
#include "ember/ops/linalg.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/shape.h"
#include "ember/ops/unary.h"

namespace ember::nn {
namespace {

using Mode = detail::RNNOptionsBase::Mode;

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::RNN_TANH:
    case Mode::RNN_RELU:
      return "RNN";
    case Mode::LSTM:
      return "LSTM";
    case Mode::GRU:
      return "GRU";
  }
  return "RNN";
}

int64_t gate_count(Mode mode) {
  switch (mode) {
    case Mode::LSTM:
      return 4;
    case Mode::GRU:
      return 3;
    default:
      return 1;
  }
}

Mode rnn_mode(rnn_nonlinearity_t nonlinearity, const char* op) {
  EMBER_CHECK(nonlinearity == init::kTanh || nonlinearity == init::kReLU, op,
              "nonlinearity must be kTanh or kReLU");
  return nonlinearity == init::kTanh ? Mode::RNN_TANH : Mode::RNN_RELU;
}

// One time step. gi = x W_ih^T + b_ih [batch, gates * hidden] (precomputed for all steps at
// once by the caller); h (and c for LSTM) [batch, hidden]. Updates h and c in place of the
// handles; the hidden-to-hidden product is one matmul for all gates.
void step(Mode mode, const Tensor& gi, Tensor& h, Tensor& c, const Tensor& w_hh, const Tensor& b_hh) {
  Tensor gh = linear(h, w_hh, b_hh);
  switch (mode) {
    case Mode::RNN_TANH:
      h = tanh(gi + gh);
      return;
    case Mode::RNN_RELU:
      h = relu(gi + gh);
      return;
    case Mode::LSTM: {
      std::vector<Tensor> g = chunk(gi + gh, 4, 1);  // input, forget, cell, output
      c = sigmoid(g[1]) * c + sigmoid(g[0]) * tanh(g[2]);
      h = sigmoid(g[3]) * tanh(c);
      return;
    }
    case Mode::GRU: {
      std::vector<Tensor> a = chunk(gi, 3, 1);  // reset, update, new
      std::vector<Tensor> b = chunk(gh, 3, 1);
      Tensor r = sigmoid(a[0] + b[0]);
      Tensor z = sigmoid(a[1] + b[1]);
      Tensor n = tanh(a[2] + r * b[2]);
      h = n + z * (h - n);  // (1 - z) * n + z * h
      return;
    }
  }
}

void uniform_all(const std::vector<Tensor>& params, int64_t hidden_size) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (const Tensor& p : params)
    if (p.defined()) init::uniform_(p, -bound, bound);
}

}  // namespace

namespace detail {

template <class Derived>
RNNImplBase<Derived>::RNNImplBase(const RNNOptionsBase& options_base) : options_base(options_base) {
  reset();
}

template <class Derived>
void RNNImplBase<Derived>::reset() {
  const RNNOptionsBase& o = options_base;
  const char* op = mode_name(o.mode());
  EMBER_CHECK(o.input_size() >= 0 && o.hidden_size() > 0, op, "input_size must be non-negative and hidden_size ",
              "positive, got ", o.input_size(), " and ", o.hidden_size());
  EMBER_CHECK(o.num_layers() >= 1, op, "num_layers must be at least 1, got ", o.num_layers());
  EMBER_CHECK(o.dropout() >= 0 && o.dropout() <= 1, op, "dropout must be a probability in [0, 1], got ",
              o.dropout());
  const int64_t directions = o.bidirectional() ? 2 : 1;
  const int64_t gate_size = gate_count(o.mode()) * o.hidden_size();
  flat_weights_.clear();
  for (int64_t layer = 0; layer < o.num_layers(); ++layer) {
    const int64_t layer_input = layer == 0 ? o.input_size() : directions * o.hidden_size();
    for (int64_t direction = 0; direction < directions; ++direction) {
      const std::string suffix = "_l" + std::to_string(layer) + (direction == 1 ? "_reverse" : "");
      flat_weights_.push_back(this->register_parameter("weight_ih" + suffix, empty({gate_size, layer_input})));
      flat_weights_.push_back(this->register_parameter("weight_hh" + suffix, empty({gate_size, o.hidden_size()})));
      flat_weights_.push_back(o.bias() ? this->register_parameter("bias_ih" + suffix, empty({gate_size})) : Tensor());
      flat_weights_.push_back(o.bias() ? this->register_parameter("bias_hh" + suffix, empty({gate_size})) : Tensor());
    }
  }
  reset_parameters();
}

template <class Derived>
void RNNImplBase<Derived>::reset_parameters() {
  uniform_all(flat_weights_, options_base.hidden_size());
}

template <class Derived>
void RNNImplBase<Derived>::pretty_print(std::ostream& stream) const {
  const RNNOptionsBase& o = options_base;
  stream << std::boolalpha << "torch::nn::" << mode_name(o.mode()) << "(input_size=" << o.input_size()
         << ", hidden_size=" << o.hidden_size() << ", num_layers=" << o.num_layers() << ", bias=" << o.bias()
         << ", batch_first=" << o.batch_first() << ", dropout=" << o.dropout()
         << ", bidirectional=" << o.bidirectional() << ")";
}

template <class Derived>
std::vector<Tensor> RNNImplBase<Derived>::all_weights() const {
  std::vector<Tensor> weights;
  for (const Tensor& w : flat_weights_)
    if (w.defined()) weights.push_back(w);
  return weights;
}

template <class Derived>
std::tuple<Tensor, Tensor, Tensor> RNNImplBase<Derived>::run(const Tensor& input, Tensor hx, Tensor cx) {
  const RNNOptionsBase& o = options_base;
  const char* op = mode_name(o.mode());
  EMBER_CHECK(input.defined() && (input.dim() == 2 || input.dim() == 3), op,
              "expected input of 3 dims ([seq, batch, input_size], or [batch, seq, input_size] with ",
              "batch_first) or 2 dims (unbatched [seq, input_size]), got ",
              input.defined() ? input.sizes() : IntArrayRef{});
  EMBER_CHECK(input.size(-1) == o.input_size(), op, "input.size(-1) must be equal to input_size. Expected ",
              o.input_size(), ", got ", input.size(-1), " (input ", input.sizes(), ")");
  const bool batched = input.dim() == 3;
  // Work in [seq, batch, feature]; the transpose is a view, the input projection below
  // materializes it once.
  Tensor x = !batched ? input.unsqueeze(1) : o.batch_first() ? input.transpose(0, 1) : input;
  const int64_t seq_len = x.size(0);
  const int64_t batch = x.size(1);
  EMBER_CHECK(seq_len > 0, op, "expected a sequence of at least one step, got input ", input.sizes());
  const int64_t directions = o.bidirectional() ? 2 : 1;
  const int64_t states = o.num_layers() * directions;
  const std::vector<int64_t> expected =
      batched ? std::vector<int64_t>{states, batch, o.hidden_size()} : std::vector<int64_t>{states, o.hidden_size()};
  const auto prepare = [&](Tensor& state, const char* what) {
    if (!state.defined()) {
      state = zeros({states, batch, o.hidden_size()}, x.options());
      return;
    }
    EMBER_CHECK(state.sizes() == IntArrayRef(expected), op, "Expected ", what, " size ", IntArrayRef(expected),
                ", got ", state.sizes(), " ([num_layers * num_directions, batch, hidden_size])");
    if (!batched) state = state.unsqueeze(1);
  };
  prepare(hx, "hidden");
  const bool lstm = o.mode() == Mode::LSTM;
  if (lstm) prepare(cx, "cell state");

  std::vector<Tensor> h_n;
  std::vector<Tensor> c_n;
  Tensor layer_input = x;
  for (int64_t layer = 0; layer < o.num_layers(); ++layer) {
    std::vector<Tensor> direction_outputs;
    for (int64_t direction = 0; direction < directions; ++direction) {
      const int64_t k = layer * directions + direction;
      const Tensor* w = &flat_weights_[static_cast<size_t>(4 * k)];
      // Input projections of every time step in one matmul: [seq, batch, gates * hidden].
      Tensor gi = linear(layer_input, w[0], w[2]);
      Tensor h = hx.select(0, k);
      Tensor c = lstm ? cx.select(0, k) : Tensor();
      std::vector<Tensor> outputs(static_cast<size_t>(seq_len));
      for (int64_t s = 0; s < seq_len; ++s) {
        const int64_t t = direction == 0 ? s : seq_len - 1 - s;
        step(o.mode(), gi.select(0, t), h, c, w[1], w[3]);
        outputs[static_cast<size_t>(t)] = h;
      }
      direction_outputs.push_back(stack(outputs, 0));
      h_n.push_back(h);
      if (lstm) c_n.push_back(c);
    }
    layer_input = directions == 1 ? direction_outputs[0] : cat(direction_outputs, 2);
    if (o.dropout() > 0 && this->is_training() && layer + 1 < o.num_layers())
      layer_input = dropout(layer_input, o.dropout(), true);
  }
  Tensor output = !batched ? layer_input.squeeze(1) : o.batch_first() ? layer_input.transpose(0, 1) : layer_input;
  Tensor h_out = stack(h_n, 0);
  Tensor c_out = lstm ? stack(c_n, 0) : Tensor();
  if (!batched) {
    h_out = h_out.squeeze(1);
    if (lstm) c_out = c_out.squeeze(1);
  }
  return {output, h_out, c_out};
}

template class RNNImplBase<RNNImpl>;
template class RNNImplBase<LSTMImpl>;
template class RNNImplBase<GRUImpl>;

}  // namespace detail

RNNImpl::RNNImpl(const RNNOptions& options)
    : RNNImplBase(detail::RNNOptionsBase(rnn_mode(options.nonlinearity(), "RNN"), options.input_size(),
                                         options.hidden_size())
                      .num_layers(options.num_layers())
                      .bias(options.bias())
                      .batch_first(options.batch_first())
                      .dropout(options.dropout())
                      .bidirectional(options.bidirectional())),
      options(options) {}

std::tuple<Tensor, Tensor> RNNImpl::forward(const Tensor& input, Tensor hx) {
  auto [output, h_n, unused] = run(input, std::move(hx), Tensor());
  return {output, h_n};
}

namespace {
detail::RNNOptionsBase lstm_base(const LSTMOptions& options) {
  EMBER_CHECK(options.proj_size() == 0, "LSTM", "proj_size (LSTM with projections) is not supported, got ",
              options.proj_size());
  return detail::RNNOptionsBase(Mode::LSTM, options.input_size(), options.hidden_size())
      .num_layers(options.num_layers())
      .bias(options.bias())
      .batch_first(options.batch_first())
      .dropout(options.dropout())
      .bidirectional(options.bidirectional());
}
}  // namespace

LSTMImpl::LSTMImpl(const LSTMOptions& options) : RNNImplBase(lstm_base(options)), options(options) {}

std::tuple<Tensor, std::tuple<Tensor, Tensor>> LSTMImpl::forward(const Tensor& input,
                                                                 std::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  Tensor h0;
  Tensor c0;
  if (hx_opt) std::tie(h0, c0) = *hx_opt;
  auto [output, h_n, c_n] = run(input, std::move(h0), std::move(c0));
  return {output, {h_n, c_n}};
}

GRUImpl::GRUImpl(const GRUOptions& options)
    : RNNImplBase(detail::RNNOptionsBase(Mode::GRU, options.input_size(), options.hidden_size())
                      .num_layers(options.num_layers())
                      .bias(options.bias())
                      .batch_first(options.batch_first())
                      .dropout(options.dropout())
                      .bidirectional(options.bidirectional())),
      options(options) {}

std::tuple<Tensor, Tensor> GRUImpl::forward(const Tensor& input, Tensor hx) {
  auto [output, h_n, unused] = run(input, std::move(hx), Tensor());
  return {output, h_n};
}

// ---- cells ----

namespace {
const char* cell_name(int64_t num_chunks) {
  return num_chunks == 4 ? "LSTMCell" : num_chunks == 3 ? "GRUCell" : "RNNCell";
}
}  // namespace

namespace detail {

template <class Derived>
RNNCellImplBase<Derived>::RNNCellImplBase(const RNNCellOptionsBase& options_base) : options_base(options_base) {
  reset();
}

template <class Derived>
void RNNCellImplBase<Derived>::reset() {
  const RNNCellOptionsBase& o = options_base;
  EMBER_CHECK(o.input_size() >= 0 && o.hidden_size() > 0, cell_name(o.num_chunks()),
              "input_size must be non-negative and hidden_size positive, got ", o.input_size(), " and ",
              o.hidden_size());
  const int64_t gate_size = o.num_chunks() * o.hidden_size();
  weight_ih = this->register_parameter("weight_ih", empty({gate_size, o.input_size()}));
  weight_hh = this->register_parameter("weight_hh", empty({gate_size, o.hidden_size()}));
  bias_ih = o.bias() ? this->register_parameter("bias_ih", empty({gate_size})) : Tensor();
  bias_hh = o.bias() ? this->register_parameter("bias_hh", empty({gate_size})) : Tensor();
  reset_parameters();
}

template <class Derived>
void RNNCellImplBase<Derived>::reset_parameters() {
  uniform_all({weight_ih, weight_hh, bias_ih, bias_hh}, options_base.hidden_size());
}

template <class Derived>
Tensor RNNCellImplBase<Derived>::checked_state(const Tensor& input, const Tensor& state, const char* what) const {
  const RNNCellOptionsBase& o = options_base;
  const char* op = cell_name(o.num_chunks());
  EMBER_CHECK(input.defined() && (input.dim() == 1 || input.dim() == 2), op,
              "expected input of 2 dims [batch, input_size] or 1 dim [input_size], got ",
              input.defined() ? input.sizes() : IntArrayRef{});
  EMBER_CHECK(input.size(-1) == o.input_size(), op, "input has inconsistent input_size: got ", input.size(-1),
              " expected ", o.input_size(), " (input ", input.sizes(), ")");
  const std::vector<int64_t> expected = input.dim() == 2 ? std::vector<int64_t>{input.size(0), o.hidden_size()}
                                                         : std::vector<int64_t>{o.hidden_size()};
  if (!state.defined()) return zeros(expected, input.options());
  EMBER_CHECK(state.sizes() == IntArrayRef(expected), op, "expected ", what, " of size ", IntArrayRef(expected),
              " for input ", input.sizes(), ", got ", state.sizes());
  return state;
}

template <class Derived>
void RNNCellImplBase<Derived>::print_sizes(std::ostream& stream, const char* name) const {
  stream << "torch::nn::" << name << "(" << options_base.input_size() << ", " << options_base.hidden_size();
  if (!options_base.bias()) stream << ", bias=false";
}

template class RNNCellImplBase<RNNCellImpl>;
template class RNNCellImplBase<LSTMCellImpl>;
template class RNNCellImplBase<GRUCellImpl>;

}  // namespace detail

namespace {
// Runs one step of a cell on input [batch, input] or [input] (made batched for the step).
template <class Cell>
void cell_step(const Cell& cell, Mode mode, const Tensor& input, Tensor& h, Tensor& c) {
  const bool batched = input.dim() == 2;
  Tensor x = batched ? input : input.unsqueeze(0);
  if (!batched) {
    h = h.unsqueeze(0);
    if (c.defined()) c = c.unsqueeze(0);
  }
  step(mode, linear(x, cell.weight_ih, cell.bias_ih), h, c, cell.weight_hh, cell.bias_hh);
  if (!batched) {
    h = h.squeeze(0);
    if (c.defined()) c = c.squeeze(0);
  }
}
}  // namespace

RNNCellImpl::RNNCellImpl(const RNNCellOptions& options)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options.input_size(), options.hidden_size(), options.bias(), 1)),
      options(options) {
  rnn_mode(options.nonlinearity(), "RNNCell");
}

void RNNCellImpl::pretty_print(std::ostream& stream) const {
  print_sizes(stream, "RNNCell");
  if (options.nonlinearity() != init::kTanh) stream << ", nonlinearity=kReLU";
  stream << ")";
}

Tensor RNNCellImpl::forward(const Tensor& input, Tensor hx) {
  Tensor h = checked_state(input, hx, "hidden state");
  Tensor c;
  cell_step(*this, rnn_mode(options.nonlinearity(), "RNNCell"), input, h, c);
  return h;
}

LSTMCellImpl::LSTMCellImpl(const LSTMCellOptions& options)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options.input_size(), options.hidden_size(), options.bias(), 4)),
      options(options) {}

void LSTMCellImpl::pretty_print(std::ostream& stream) const {
  print_sizes(stream, "LSTMCell");
  stream << ")";
}

std::tuple<Tensor, Tensor> LSTMCellImpl::forward(const Tensor& input,
                                                 std::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  Tensor h0;
  Tensor c0;
  if (hx_opt) std::tie(h0, c0) = *hx_opt;
  Tensor h = checked_state(input, h0, "hidden state");
  Tensor c = checked_state(input, c0, "cell state");
  cell_step(*this, Mode::LSTM, input, h, c);
  return {h, c};
}

GRUCellImpl::GRUCellImpl(const GRUCellOptions& options)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options.input_size(), options.hidden_size(), options.bias(), 3)),
      options(options) {}

void GRUCellImpl::pretty_print(std::ostream& stream) const {
  print_sizes(stream, "GRUCell");
  stream << ")";
}

Tensor GRUCellImpl::forward(const Tensor& input, Tensor hx) {
  Tensor h = checked_state(input, hx, "hidden state");
  Tensor c;
  cell_step(*this, Mode::GRU, input, h, c);
  return h;
}

}  // namespace ember::nn
