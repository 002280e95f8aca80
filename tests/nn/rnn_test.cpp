// Recurrent layers and cells: second derivatives by gradgradcheck (they are built from
// differentiable ops), dtype conversion and clone keeping the layers usable, worked values.
#include <gtest/gtest.h>

#include <ember/autograd/gradcheck.h>
#include <ember/ember.h>

namespace ember::nn {
namespace {

TEST(LSTMCell, GradAndGradGradCheck) {
  manual_seed(41);
  LSTMCell cell(2, 3);
  cell->to(kDouble);
  auto fn = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto [h, c] = cell->forward(in[0], std::make_tuple(in[1], in[2]));
    return {h, c};
  };
  autograd::variable_list inputs = {randn({2, 2}, kDouble).requires_grad_(), randn({2, 3}, kDouble).requires_grad_(),
                                    randn({2, 3}, kDouble).requires_grad_()};
  EXPECT_TRUE(autograd::gradcheck(fn, inputs));
  EXPECT_TRUE(autograd::gradgradcheck(fn, inputs));
  // A product of both outputs, so the second derivative mixes the gates.
  auto product = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto [h, c] = cell->forward(inputs[0].detach(), std::make_tuple(in[0], inputs[2].detach()));
    return {h * c};
  };
  EXPECT_TRUE(autograd::gradgradcheck(product, {randn({2, 3}, kDouble).requires_grad_()}));
}

TEST(GRU, BidirectionalGradCheckAfterConversion) {
  manual_seed(42);
  GRU gru(GRUOptions(2, 2).num_layers(2).bidirectional(true));
  gru->to(kDouble);  // the layer's parameter handles follow the conversion
  auto fn = [&](const autograd::variable_list& in) -> autograd::variable_list {
    auto [y, h] = gru->forward(in[0], in[1]);
    return {y, h};
  };
  EXPECT_TRUE(autograd::gradcheck(fn, {randn({3, 1, 2}, kDouble).requires_grad_(),
                                       randn({4, 1, 2}, kDouble).requires_grad_()}));
}

TEST(RNN, WorkedValueAndClone) {
  RNN rnn(RNNOptions(1, 1).bias(false));
  {
    NoGradGuard no_grad;
    rnn->named_parameters()["weight_ih_l0"].fill_(0.5);
    rnn->named_parameters()["weight_hh_l0"].fill_(2.0);
  }
  // h1 = tanh(0.5 * 1) , h2 = tanh(0.5 * -1 + 2 * h1)
  auto [y, h] = rnn->forward(tensor({1.0f, -1.0f}).view({2, 1, 1}));
  const double h1 = std::tanh(0.5);
  const double h2 = std::tanh(-0.5 + 2 * h1);
  EXPECT_NEAR(y.view({2})[0].item<double>(), h1, 1e-6);
  EXPECT_NEAR(y.view({2})[1].item<double>(), h2, 1e-6);
  EXPECT_NEAR(h.item<double>(), h2, 1e-6);
  auto copy = std::dynamic_pointer_cast<RNNImpl>(rnn->clone());
  ASSERT_TRUE(copy);
  auto [y_copy, h_copy] = copy->forward(tensor({1.0f, -1.0f}).view({2, 1, 1}));
  EXPECT_NEAR(h_copy.item<double>(), h2, 1e-6);
}

}  // namespace
}  // namespace ember::nn
