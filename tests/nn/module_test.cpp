// nn::Module: registration, traversal, modes, dtype conversion, zero_grad, clone, state_dict.
#include <gtest/gtest.h>

#include <ember/ember.h>
#include <ember/nn/module.h>
#include <ember/nn/module_holder.h>

#include <sstream>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

// A tiny affine layer written the way LibTorch users write modules.
struct AffineImpl : Cloneable<AffineImpl> {
  AffineImpl(int64_t in, int64_t out) : in_(in), out_(out) { reset(); }
  void reset() override {
    weight = register_parameter("weight", ones({out_, in_}));
    bias = register_parameter("bias", zeros({out_}));
    steps = register_buffer("steps", zeros({1}, kLong));
  }
  Tensor forward(const Tensor& x) { return matmul(x, weight.t()) + bias; }
  int64_t in_, out_;
  Tensor weight, bias, steps;
};
EMBER_MODULE(Affine);

struct NetImpl : Cloneable<NetImpl> {
  NetImpl() { reset(); }
  void reset() override {
    fc1 = register_module("fc1", Affine(3, 4));
    fc2 = register_module("fc2", Affine(4, 2));
  }
  Tensor forward(const Tensor& x) { return fc2(relu(fc1(x))); }
  Affine fc1{nullptr}, fc2{nullptr};
};
EMBER_MODULE(Net);

TEST(Module, NamedParametersBuffersAndModules) {
  Net net;
  auto params = net->named_parameters();
  EXPECT_EQ(params.keys(), (std::vector<std::string>{"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}));
  EXPECT_EQ(net->parameters().size(), 4u);
  EXPECT_EQ(net->parameters(/*recurse=*/false).size(), 0u);
  EXPECT_EQ(net->named_buffers().keys(), (std::vector<std::string>{"fc1.steps", "fc2.steps"}));
  EXPECT_EQ(net->named_modules().keys(), (std::vector<std::string>{"", "fc1", "fc2"}));
  EXPECT_EQ(net->children().size(), 2u);
  EXPECT_TRUE(params["fc1.weight"].requires_grad());
  EXPECT_TRUE(params["fc1.weight"].is_same(net->fc1->weight));
  EXPECT_EQ(net->name(), "ember::nn::(anonymous namespace)::NetImpl");
}

TEST(Module, ForwardBackwardAndZeroGrad) {
  Net net;
  Tensor y = net->forward(ones({5, 3})).sum();
  y.backward();
  ASSERT_TRUE(net->fc1->weight.grad().defined());
  // fc1(x) = 3 per unit, relu keeps it; d sum / d fc2.weight = 3 * 5 samples.
  expect_values(net->fc2->weight.grad(), std::vector<double>(8, 15.0));
  net->zero_grad();
  expect_values(net->fc2->weight.grad(), std::vector<double>(8, 0.0));
  net->zero_grad(/*set_to_none=*/true);
  EXPECT_FALSE(net->fc2->weight.grad().defined());
}

TEST(Module, TrainEvalAndDtype) {
  Net net;
  EXPECT_TRUE(net->is_training());
  net->eval();
  EXPECT_FALSE(net->fc1->is_training());
  Tensor held = net->fc1->weight;
  net->to(kDouble);
  EXPECT_EQ(held.dtype(), kDouble);  // same tensor, converted in place
  EXPECT_EQ(net->fc1->steps.dtype(), kLong);  // integer buffers keep their dtype
  EXPECT_EQ(net->forward(ones({1, 3}, kDouble)).dtype(), kDouble);
}

TEST(Module, CloneIsDeep) {
  Net net;
  net->fc1->weight.data_ptr<float>()[0] = 7.0f;
  auto copy = std::dynamic_pointer_cast<NetImpl>(net->clone());
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->fc1->weight.data_ptr<float>()[0], 7.0f);
  copy->fc1->weight.data_ptr<float>()[0] = 1.0f;
  EXPECT_EQ(net->fc1->weight.data_ptr<float>()[0], 7.0f);
  EXPECT_FALSE(copy->fc1->weight.is_same(net->fc1->weight));
}

TEST(Module, StateDictRoundTripAndErrors) {
  Net a, b;
  a->fc2->bias.data_ptr<float>()[1] = 5.0f;
  b->load_state_dict(a->state_dict());
  EXPECT_EQ(b->fc2->bias.data_ptr<float>()[1], 5.0f);
  OrderedDict<std::string, Tensor> partial;
  partial.insert("fc1.bias", full({4}, 2.0));
  partial.insert("extra", zeros({1}));
  expect_error([&] { b->load_state_dict(partial); }, "load_state_dict", "unexpected keys [extra]");
  EXPECT_EQ(b->fc1->bias.data_ptr<float>()[0], 0.0f);  // untouched after a failed load
  OrderedDict<std::string, Tensor> wrong;
  wrong.insert("fc1.bias", zeros({5}));
  expect_error([&] { b->load_state_dict(wrong, /*strict=*/false); }, "load_state_dict", "fc1.bias (checkpoint [5], model [4])");
  partial.erase("extra");
  b->load_state_dict(partial, /*strict=*/false);
  expect_values(b->fc1->bias, {2, 2, 2, 2});
}

TEST(Module, RegistrationErrorsAndHolders) {
  struct Bad : Module {
    void twice() {
      register_parameter("w", zeros({1}));
      register_parameter("w", zeros({1}));
    }
    void dotted() { register_buffer("a.b", zeros({1})); }
  };
  auto bad = std::make_shared<Bad>();
  expect_error([&] { bad->twice(); }, "register_parameter", "already registered");
  expect_error([&] { bad->dotted(); }, "register_buffer", "dot");
  expect_error([&] { bad->clone(); }, "clone", "Cloneable");
  Affine empty{nullptr};
  EXPECT_TRUE(empty.is_empty());
  expect_error([&] { empty->forward(ones({1, 3})); }, "ModuleHolder", "empty");
}

TEST(Module, PrettyPrintsTheTree) {
  Net net;
  std::ostringstream s;
  s << *net;
  EXPECT_EQ(s.str(),
            "ember::nn::(anonymous namespace)::NetImpl(\n"
            "  (fc1): ember::nn::(anonymous namespace)::AffineImpl\n"
            "  (fc2): ember::nn::(anonymous namespace)::AffineImpl\n"
            ")");
}

TEST(OrderedDict, InsertFindErase) {
  OrderedDict<std::string, int> d;
  d.insert("b", 1);
  d.insert("a", 2);
  EXPECT_EQ(d.keys(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(d["a"], 2);
  expect_error([&] { d.insert("a", 3); }, "OrderedDict", "already defined");
  expect_error([&] { d["zz"]; }, "OrderedDict", "not defined");
  d.erase("b");
  EXPECT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key(), "a");
}

}  // namespace
}  // namespace ember::nn
