// Recurrent layers and cells against LibTorch 1.13's: the same weights copied into both, the
// outputs, final states and every input and parameter gradient compared in float32 and
// float64; printing compared string for string; bad shapes rejected by name.
#include <gtest/gtest.h>

#include <string>

#include "difftest/multi_output_compare.h"

namespace ember::difftest {
namespace {

using TL = std::vector<torch::Tensor>;
using EL = std::vector<Tensor>;

// Layers with (input, h0) -> (output, h_n), for RNN and GRU.
template <class E, class T>
void compare_with_state(E& e, T& t, std::vector<int64_t> input_shape, std::vector<int64_t> state_shape) {
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, h] = e->forward(x[0], x[1]);
        return EL{y, h};
      },
      [&](const TL& x) {
        auto [y, h] = t->forward(x[0], x[1]);
        return TL{y, h};
      },
      {std::move(input_shape), std::move(state_shape)}, 1e-4);
}

// Layers called with the input only (zero initial state).
template <class E, class T>
void compare_without_state(E& e, T& t, std::vector<int64_t> input_shape) {
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, h] = e->forward(x[0]);
        return EL{y, h};
      },
      [&](const TL& x) {
        auto [y, h] = t->forward(x[0]);
        return TL{y, h};
      },
      {std::move(input_shape)}, 1e-4);
}

void compare_lstm(nn::LSTM& e, torch::nn::LSTM& t, std::vector<int64_t> input_shape,
                  std::vector<int64_t> state_shape) {
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, hc] = e->forward(x[0], std::make_tuple(x[1], x[2]));
        return EL{y, std::get<0>(hc), std::get<1>(hc)};
      },
      [&](const TL& x) {
        auto [y, hc] = t->forward(x[0], std::make_tuple(x[1], x[2]));
        return TL{y, std::get<0>(hc), std::get<1>(hc)};
      },
      {std::move(input_shape), state_shape, state_shape}, 1e-4);
}

TEST(RnnLayersDifftest, RNNTanhAndReLU) {
  manual_seed(31);
  nn::RNN e(4, 6);
  torch::nn::RNN t(4, 6);
  compare_with_state(e, t, {5, 3, 4}, {1, 3, 6});

  auto options = nn::RNNOptions(4, 5).num_layers(2).nonlinearity(nn::init::kReLU).bias(false).batch_first(true).bidirectional(true);
  nn::RNN e2(options);
  torch::nn::RNN t2(torch::nn::RNNOptions(4, 5).num_layers(2).nonlinearity(torch::kReLU).bias(false).batch_first(true).bidirectional(true));
  compare_with_state(e2, t2, {3, 4, 4}, {4, 3, 5});
  compare_without_state(e2, t2, {2, 6, 4});
}

TEST(RnnLayersDifftest, LSTMLayers) {
  manual_seed(32);
  nn::LSTM e(3, 5);
  torch::nn::LSTM t(3, 5);
  compare_lstm(e, t, {4, 2, 3}, {1, 2, 5});
  // Unbatched input [seq, input_size], states [layers, hidden] (PyTorch's; LibTorch 1.13's
  // C++ layers take batched input only, so its side runs a batch of one).
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, hc] = e->forward(x[0], std::make_tuple(x[1], x[2]));
        return EL{y, std::get<0>(hc), std::get<1>(hc)};
      },
      [&](const TL& x) {
        auto [y, hc] = t->forward(x[0].unsqueeze(1), std::make_tuple(x[1].unsqueeze(1), x[2].unsqueeze(1)));
        return TL{y.squeeze(1), std::get<0>(hc).squeeze(1), std::get<1>(hc).squeeze(1)};
      },
      {{4, 3}, {1, 5}, {1, 5}}, 1e-4);

  nn::LSTM e2(nn::LSTMOptions(3, 4).num_layers(3).batch_first(true).bidirectional(true).dropout(0.4));
  torch::nn::LSTM t2(torch::nn::LSTMOptions(3, 4).num_layers(3).batch_first(true).bidirectional(true).dropout(0.4));
  e2->eval();  // dropout between layers is off in eval mode, so the two agree
  t2->eval();
  compare_lstm(e2, t2, {2, 5, 3}, {6, 2, 4});
  expect_same_outputs(
      e2, t2,
      [&](const EL& x) {
        auto [y, hc] = e2->forward(x[0]);
        return EL{y, std::get<0>(hc), std::get<1>(hc)};
      },
      [&](const TL& x) {
        auto [y, hc] = t2->forward(x[0]);
        return TL{y, std::get<0>(hc), std::get<1>(hc)};
      },
      {{3, 2, 3}}, 1e-4);
}

TEST(RnnLayersDifftest, GRULayers) {
  manual_seed(33);
  nn::GRU e(4, 3);
  torch::nn::GRU t(4, 3);
  compare_with_state(e, t, {6, 2, 4}, {1, 2, 3});
  expect_same_outputs(
      e, t,
      [&](const EL& x) {
        auto [y, h] = e->forward(x[0], x[1]);
        return EL{y, h};
      },
      [&](const TL& x) {  // unbatched, as a batch of one on LibTorch's side
        auto [y, h] = t->forward(x[0].unsqueeze(1), x[1].unsqueeze(1));
        return TL{y.squeeze(1), h.squeeze(1)};
      },
      {{6, 4}, {1, 3}}, 1e-4);

  nn::GRU e2(nn::GRUOptions(4, 3).num_layers(3).bidirectional(true).bias(false));
  torch::nn::GRU t2(torch::nn::GRUOptions(4, 3).num_layers(3).bidirectional(true).bias(false));
  compare_with_state(e2, t2, {3, 2, 4}, {6, 2, 3});
  nn::GRU e3(nn::GRUOptions(4, 3).num_layers(2).batch_first(true));
  torch::nn::GRU t3(torch::nn::GRUOptions(4, 3).num_layers(2).batch_first(true));
  compare_without_state(e3, t3, {2, 5, 4});
}

TEST(RnnLayersDifftest, Cells) {
  manual_seed(34);
  nn::RNNCell e_rnn(3, 4);
  torch::nn::RNNCell t_rnn(3, 4);
  const auto single = [](auto& m) { return [&m](const auto& x) { return std::vector{m->forward(x[0], x[1])}; }; };
  expect_same_outputs(e_rnn, t_rnn, single(e_rnn), single(t_rnn), {{2, 3}, {2, 4}});
  // Unbatched [input_size] (PyTorch's; LibTorch 1.13's cells take a batch of one instead).
  expect_same_outputs(
      e_rnn, t_rnn, single(e_rnn),
      [&](const TL& x) { return TL{t_rnn->forward(x[0].unsqueeze(0), x[1].unsqueeze(0)).squeeze(0)}; }, {{3}, {4}});

  nn::RNNCell e_relu(nn::RNNCellOptions(3, 4).nonlinearity(nn::init::kReLU).bias(false));
  torch::nn::RNNCell t_relu(torch::nn::RNNCellOptions(3, 4).nonlinearity(torch::kReLU).bias(false));
  expect_same_outputs(e_relu, t_relu, single(e_relu), single(t_relu), {{5, 3}, {5, 4}});

  nn::GRUCell e_gru(3, 4);
  torch::nn::GRUCell t_gru(3, 4);
  expect_same_outputs(e_gru, t_gru, single(e_gru), single(t_gru), {{2, 3}, {2, 4}});
  expect_same_outputs(
      e_gru, t_gru, [&](const EL& x) { return EL{e_gru->forward(x[0])}; },
      [&](const TL& x) { return TL{t_gru->forward(x[0].unsqueeze(0)).squeeze(0)}; }, {{3}});

  nn::LSTMCell e_lstm(3, 4);
  torch::nn::LSTMCell t_lstm(3, 4);
  expect_same_outputs(
      e_lstm, t_lstm,
      [&](const EL& x) {
        auto [h, c] = e_lstm->forward(x[0], std::make_tuple(x[1], x[2]));
        return EL{h, c};
      },
      [&](const TL& x) {
        auto [h, c] = t_lstm->forward(x[0], std::make_tuple(x[1], x[2]));
        return TL{h, c};
      },
      {{2, 3}, {2, 4}, {2, 4}});
  nn::LSTMCell e_nb(nn::LSTMCellOptions(3, 4).bias(false));
  torch::nn::LSTMCell t_nb(torch::nn::LSTMCellOptions(3, 4).bias(false));
  expect_same_outputs(
      e_nb, t_nb,
      [&](const EL& x) {
        auto [h, c] = e_nb->forward(x[0]);
        return EL{h, c};
      },
      [&](const TL& x) {
        auto [h, c] = t_nb->forward(x[0].unsqueeze(0));
        return TL{h.squeeze(0), c.squeeze(0)};
      },
      {{3}});
}

TEST(RnnLayersDifftest, ParameterNamesShapesAndInit) {
  manual_seed(35);
  nn::LSTM e(nn::LSTMOptions(3, 4).num_layers(2).bidirectional(true));
  torch::nn::LSTM t(torch::nn::LSTMOptions(3, 4).num_layers(2).bidirectional(true));
  auto mine = e->named_parameters();
  auto theirs = t->named_parameters();
  ASSERT_EQ(mine.size(), theirs.size());
  for (size_t i = 0; i < mine.size(); ++i) {
    EXPECT_EQ(mine[i].key(), theirs[i].key());
    EXPECT_EQ(to_vector(mine[i].value().sizes()), theirs[i].value().sizes().vec());
    // uniform in +-1/sqrt(hidden_size) = +-0.5
    EXPECT_LE(mine[i].value().abs().max().item<double>(), 0.5);
  }
  EXPECT_EQ(e->all_weights().size(), t->all_weights().size());
  nn::GRUCell cell(3, 4);
  EXPECT_LE(cell->weight_hh.abs().max().item<double>(), 0.5);
  EXPECT_GT(cell->weight_hh.abs().max().item<double>(), 0.3);
}

TEST(RnnLayersDifftest, Printing) {
  EXPECT_EQ(printed(*nn::RNN(3, 4)), printed(*torch::nn::RNN(3, 4)));
  EXPECT_EQ(printed(*nn::RNN(nn::RNNOptions(3, 4).num_layers(2).nonlinearity(nn::init::kReLU).bias(false).batch_first(true).dropout(0.5).bidirectional(true))),
            printed(*torch::nn::RNN(torch::nn::RNNOptions(3, 4).num_layers(2).nonlinearity(torch::kReLU).bias(false).batch_first(true).dropout(0.5).bidirectional(true))));
  EXPECT_EQ(printed(*nn::LSTM(nn::LSTMOptions(3, 4).num_layers(2).dropout(0.1))),
            printed(*torch::nn::LSTM(torch::nn::LSTMOptions(3, 4).num_layers(2).dropout(0.1))));
  EXPECT_EQ(printed(*nn::GRU(nn::GRUOptions(3, 4).bias(false))), printed(*torch::nn::GRU(torch::nn::GRUOptions(3, 4).bias(false))));
  EXPECT_EQ(printed(*nn::RNNCell(3, 4)), printed(*torch::nn::RNNCell(3, 4)));
  EXPECT_EQ(printed(*nn::RNNCell(nn::RNNCellOptions(3, 4).bias(false).nonlinearity(nn::init::kReLU))),
            printed(*torch::nn::RNNCell(torch::nn::RNNCellOptions(3, 4).bias(false).nonlinearity(torch::kReLU))));
  EXPECT_EQ(printed(*nn::LSTMCell(nn::LSTMCellOptions(3, 4).bias(false))),
            printed(*torch::nn::LSTMCell(torch::nn::LSTMCellOptions(3, 4).bias(false))));
  EXPECT_EQ(printed(*nn::GRUCell(3, 4)), printed(*torch::nn::GRUCell(3, 4)));
}

template <class F>
void expect_error_naming(F&& f, const std::string& name) {
  try {
    f();
    ADD_FAILURE() << "expected an ember::Error naming " << name;
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()).rfind(name + ":", 0), 0u) << err.what();
  }
}

TEST(RnnLayersDifftest, Errors) {
  nn::LSTM lstm(3, 4);
  expect_error_naming([&] { lstm->forward(randn({5, 2, 7})); }, "LSTM");
  expect_error_naming([&] { lstm->forward(randn({5, 2, 3}), std::make_tuple(randn({1, 3, 4}), randn({1, 2, 4}))); }, "LSTM");
  expect_error_naming([&] { lstm->forward(randn({5, 2, 3}), std::make_tuple(randn({1, 2, 4}), randn({2, 2, 4}))); }, "LSTM");
  expect_error_naming([&] { lstm->forward(randn({3})); }, "LSTM");
  expect_error_naming([&] { nn::LSTM(nn::LSTMOptions(3, 4).proj_size(2)); }, "LSTM");
  nn::GRU gru(nn::GRUOptions(3, 4).batch_first(true).bidirectional(true));
  expect_error_naming([&] { gru->forward(randn({2, 5, 3}), randn({1, 2, 4})); }, "GRU");
  nn::RNN rnn(3, 4);
  expect_error_naming([&] { rnn->forward(randn({5, 2, 4})); }, "RNN");
  expect_error_naming([&] { nn::RNN(nn::RNNOptions(3, 4).nonlinearity(nn::init::kSigmoid)); }, "RNN");
  expect_error_naming([&] { nn::RNN(nn::RNNOptions(3, 0)); }, "RNN");
  expect_error_naming([&] { nn::RNN(nn::RNNOptions(3, 4).num_layers(0)); }, "RNN");
  nn::RNNCell cell(3, 4);
  expect_error_naming([&] { cell->forward(randn({2, 4})); }, "RNNCell");
  expect_error_naming([&] { cell->forward(randn({2, 3}), randn({3, 4})); }, "RNNCell");
  nn::LSTMCell lstm_cell(3, 4);
  expect_error_naming([&] { lstm_cell->forward(randn({2, 3}), std::make_tuple(randn({2, 4}), randn({2, 5}))); }, "LSTMCell");
  nn::GRUCell gru_cell(3, 4);
  expect_error_naming([&] { gru_cell->forward(randn({2, 2, 3})); }, "GRUCell");
}

TEST(RnnLayersDifftest, DropoutBetweenLayersInTraining) {
  manual_seed(36);
  // With p = 1 every layer but the last sees a zero input, so the output depends on the
  // last layer's biases only: the same at every batch entry.
  nn::GRU gru(nn::GRUOptions(3, 4).num_layers(2).dropout(1.0));
  auto [y, h] = gru->forward(randn({2, 3, 3}));
  EXPECT_TRUE(torch::allclose(to_torch(y.detach().select(1, 0)), to_torch(y.detach().select(1, 2))));
  gru->eval();
  auto [y_eval, h_eval] = gru->forward(randn({2, 3, 3}));
  EXPECT_FALSE(torch::allclose(to_torch(y_eval.detach().select(1, 0)), to_torch(y_eval.detach().select(1, 2))));
}

}  // namespace
}  // namespace ember::difftest
