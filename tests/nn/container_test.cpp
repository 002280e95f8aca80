// Module containers: AnyModule, Sequential, Functional, ModuleList, ModuleDict, ParameterList,
// ParameterDict. Printed forms are LibTorch 1.13's output for the same containers.
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <sstream>

#include "../core/test_util.h"

namespace ember::nn {
namespace {

// y = x * weight, weight = [scale] * n: small enough to work values out by hand.
struct ScaleImpl : Cloneable<ScaleImpl> {
  ScaleImpl(int64_t n, double scale) : n_(n), scale_(scale) { reset(); }
  void reset() override { weight = register_parameter("weight", full({n_}, scale_)); }
  Tensor forward(const Tensor& x) { return x * weight; }
  void pretty_print(std::ostream& stream) const override { stream << "Scale(" << n_ << ")"; }
  int64_t n_;
  double scale_;
  Tensor weight;
};
EMBER_MODULE(Scale);

// A forward with several arguments and a non-Tensor result.
struct CountImpl : Module {
  int64_t forward(const Tensor& x, int64_t extra) { return x.numel() + extra; }
};

std::string printed(const Module& m) {
  std::ostringstream s;
  s << m;
  return s.str();
}

TEST(AnyModule, ForwardsAnySignature) {
  AnyModule any(Scale(2, 3.0));
  expect_values(any.forward(tensor({1.0f, 2.0f})), {3, 6});
  EXPECT_EQ(any.type_info(), typeid(ScaleImpl));
  EXPECT_EQ(any.get<ScaleImpl>().n_, 2);
  EXPECT_EQ(any.ptr()->named_parameters().keys(), std::vector<std::string>{"weight"});

  AnyModule count(std::make_shared<CountImpl>());
  EXPECT_EQ(count.forward<int64_t>(ones({2, 3}), int64_t{4}), 10);
  expect_error([&] { count.forward<int64_t>(ones({2})); }, "AnyModule::forward", "takes 2 argument(s), but 1 were given");
  expect_error([&] { count.forward<int64_t>(ones({2}), 4); }, "AnyModule::forward", "argument #1");
  expect_error([&] { count.forward(ones({2}), int64_t{4}); }, "AnyModule::forward", "returned long");
  expect_error([&] { any.ptr<CountImpl>(); }, "AnyModule", "not ");
}

TEST(AnyModule, EmptyAndClone) {
  AnyModule empty;
  EXPECT_TRUE(empty.is_empty());
  expect_error([&] { empty.forward(ones({1})); }, "AnyModule", "empty");
  AnyModule any(Scale(2, 3.0));
  AnyModule copy = any.clone();
  copy.get<ScaleImpl>().weight.data_ptr<float>()[0] = 5.0f;
  expect_values(any.get<ScaleImpl>().weight, {3, 3});
  expect_values(copy.forward(ones({2})), {5, 3});
}

TEST(Sequential, ChainsForwardAndNamesChildren) {
  Sequential seq(Scale(2, 2.0), Functional(relu), Scale(2, -3.0));
  EXPECT_EQ(seq->size(), 3u);
  // [1, -1] * 2 = [2, -2] -> relu [2, 0] -> * -3 = [-6, 0]
  expect_values(seq->forward(tensor({1.0f, -1.0f})), {-6, 0});
  expect_values(seq(tensor({1.0f, -1.0f})), {-6, 0});
  EXPECT_EQ(seq->named_parameters().keys(), (std::vector<std::string>{"0.weight", "2.weight"}));
  EXPECT_EQ(seq->named_children().keys(), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(seq->ptr<ScaleImpl>(2)->scale_, -3.0);
  EXPECT_EQ(seq->at<ScaleImpl>(0).scale_, 2.0);
  EXPECT_TRUE(seq[1] == seq->ptr(1));

  seq->push_back("last", Scale(2, 10.0));
  seq->push_back(std::make_shared<ScaleImpl>(2, 0.5));
  EXPECT_EQ(seq->named_children().keys(), (std::vector<std::string>{"0", "1", "2", "last", "4"}));
  expect_values(seq->forward(tensor({1.0f, -1.0f})), {-30, 0});
  size_t visited = 0;
  for (AnyModule& m : *seq) visited += m.is_empty() ? 0 : 1;
  EXPECT_EQ(visited, 5u);
  // Gradients flow through the chain: d sum(x*2*-3*10*0.5) / d x0 weight[0] = 1 * -3 * 10 * 0.5.
  Tensor y = seq->forward(tensor({1.0f, 1.0f})).sum();
  y.backward();
  expect_values(seq->at<ScaleImpl>(0).weight.grad(), {-15, -15});
}

TEST(Sequential, NamedFormNestingAndPrinting) {
  Sequential seq({{"scale", Scale(2, 2.0)}, {"act", Functional(relu)}});
  EXPECT_EQ(seq->named_children().keys(), (std::vector<std::string>{"scale", "act"}));
  EXPECT_EQ(printed(*seq),
            "torch::nn::Sequential(\n"
            "  (scale): Scale(2)\n"
            "  (act): torch::nn::Functional()\n"
            ")");
  // Beyond LibTorch: a Sequential inside a Sequential.
  Sequential outer(Scale(2, 3.0), seq, Functional(neg));
  expect_values(outer->forward(tensor({1.0f, -1.0f})), {-6, 0});
  EXPECT_EQ(outer->named_parameters().keys(), (std::vector<std::string>{"0.weight", "1.scale.weight"}));
  std::ostringstream s;
  s << outer;
  EXPECT_EQ(s.str(),
            "torch::nn::Sequential(\n"
            "  (0): Scale(2)\n"
            "  (1): torch::nn::Sequential(\n"
            "    (scale): Scale(2)\n"
            "    (act): torch::nn::Functional()\n"
            "  )\n"
            "  (2): torch::nn::Functional()\n"
            ")");
  EXPECT_EQ(printed(*Sequential()), "torch::nn::Sequential");
}

TEST(Functional, WrapsFunctionsLambdasAndBoundArguments) {
  Functional square([](Tensor x) { return x * x; });
  expect_values(square(tensor({-2.0f, 3.0f})), {4, 9});
  Functional leaky(leaky_relu, 0.5);
  expect_values(leaky(tensor({-2.0f, 3.0f})), {-1, 3});
  EXPECT_TRUE(leaky->parameters().empty());
  EXPECT_EQ(printed(*leaky), "torch::nn::Functional()");
}

TEST(Sequential, CloneIsDeepAndErrors) {
  Sequential seq(Scale(2, 2.0), Functional(leaky_relu, 0.5));
  auto copy = std::dynamic_pointer_cast<SequentialImpl>(seq->clone());
  ASSERT_TRUE(copy);
  copy->at<ScaleImpl>(0).weight.data_ptr<float>()[0] = 4.0f;
  expect_values(seq->forward(tensor({1.0f, -1.0f})), {2, -1});
  expect_values(copy->forward(tensor({1.0f, -1.0f})), {4, -1});

  expect_error([&] { seq[2]; }, "Sequential", "index 2 is out of range");
  expect_error([&] { Sequential()->forward(ones({1})); }, "Sequential::forward", "empty Sequential");
  expect_error([&] { seq->push_back("0", Scale(1, 1.0)); }, "register_module", "already registered");
  expect_error([&] { seq->push_back(AnyModule()); }, "Sequential::push_back", "empty AnyModule");
  expect_error([&] { seq->forward<int64_t>(ones({2})); }, "Sequential::forward", "not the requested long");
  expect_error([&] { Sequential(Scale(2, 1.0), std::make_shared<CountImpl>())->forward(ones({2})); },
               "AnyModule::forward", "takes 2 argument(s)");
}

TEST(ModuleList, PushBackIndexIterate) {
  ModuleList list(Scale(1, 2.0), std::make_shared<ScaleImpl>(1, 3.0));
  list->push_back(Scale(1, 4.0));
  EXPECT_EQ(list->size(), 3u);
  Tensor x = ones({1});
  for (const auto& m : *list) x = std::dynamic_pointer_cast<ScaleImpl>(m)->forward(x);
  expect_values(x, {24});
  EXPECT_EQ(list->ptr<ScaleImpl>(1)->scale_, 3.0);
  EXPECT_EQ(list->named_parameters().keys(), (std::vector<std::string>{"0.weight", "1.weight", "2.weight"}));
  EXPECT_EQ(printed(*list),
            "torch::nn::ModuleList(\n"
            "  (0): Scale(1)\n"
            "  (1): Scale(1)\n"
            "  (2): Scale(1)\n"
            ")");
  list->extend(*list);
  EXPECT_EQ(list->size(), 6u);
  EXPECT_TRUE(list[3] == list[0]);
  expect_error([&] { list->ptr(6); }, "ModuleList", "index 6 is out of range");
  expect_error([&] { list->ptr<CountImpl>(0); }, "ModuleList::ptr", "requested type");
  auto copy = std::dynamic_pointer_cast<ModuleListImpl>(ModuleList(Scale(1, 2.0))->clone());
  EXPECT_EQ(copy->at<ScaleImpl>(0).scale_, 2.0);
}

TEST(ModuleDict, InsertContainsAndReplace) {
  ModuleDict dict(std::vector<std::pair<std::string, std::shared_ptr<Module>>>{
      {"first", std::make_shared<ScaleImpl>(1, 2.0)}, {"second", std::make_shared<ScaleImpl>(1, 3.0)}});
  EXPECT_TRUE(dict->contains("first"));
  EXPECT_FALSE(dict->contains("third"));
  EXPECT_EQ(dict->keys(), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(dict->at<ScaleImpl>("second").scale_, 3.0);
  // As LibTorch, an existing key is replaced (in place, keeping the order).
  dict->insert("first", Scale(1, 7.0));
  EXPECT_EQ(dict->at<ScaleImpl>("first").scale_, 7.0);
  EXPECT_EQ(dict->named_parameters()["first.weight"].item<float>(), 7.0f);
  EXPECT_EQ(dict->size(), 2u);
  EXPECT_EQ(printed(*dict),
            "torch::nn::ModuleDict(\n"
            "  (first): Scale(1)\n"
            "  (second): Scale(1)\n"
            ")");
  EXPECT_EQ(dict->items()[1].first, "second");
  auto popped = dict->pop("first");
  EXPECT_EQ(std::dynamic_pointer_cast<ScaleImpl>(popped)->scale_, 7.0);
  EXPECT_EQ(dict->named_children().keys(), std::vector<std::string>{"second"});
  expect_error([&] { dict["third"]; }, "ModuleDict", "no module named 'third'");
  expect_error([&] { dict->pop("first"); }, "ModuleDict", "no module named 'first'");
  dict->clear();
  EXPECT_TRUE(dict->empty());
  EXPECT_TRUE(dict->parameters().empty());
  expect_error([&] { dict->insert("x", std::shared_ptr<Module>()); }, "ModuleDict::insert", "null");
}

TEST(ParameterList, RegistersParameters) {
  ParameterList list(ones({2}), zeros({3, 4}));
  list->append(full({1}, 5.0).set_requires_grad(false));
  EXPECT_EQ(list->size(), 3u);
  EXPECT_EQ(list->named_parameters().keys(), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_FALSE(list[0].requires_grad());  // as LibTorch: the flag the tensor came with
  expect_values(list[2], {5});
  EXPECT_TRUE(list[1].is_same(list->parameters()[1]));
  EXPECT_EQ(printed(*list),
            "torch::nn::ParameterList(\n"
            "(0): Parameter containing: [Float of size [2]]\n"
            "(1): Parameter containing: [Float of size [3, 4]]\n"
            "(2): Parameter containing: [Float of size [1]]\n"
            ")");
  std::vector<std::string> keys;
  for (const auto& item : *list) keys.push_back(item.key() + ":" + std::to_string(item.value().numel()));
  EXPECT_EQ(keys, (std::vector<std::string>{"0:2", "1:12", "2:1"}));
  expect_error([&] { list[3]; }, "ParameterList", "index 3 is out of range");
  Tensor held = list[1];
  list->to(kDouble);  // converted in place: the list's handles see it
  EXPECT_EQ(list[1].dtype(), kDouble);
  EXPECT_TRUE(held.is_same(list[1]));
  expect_error([&] { list->append(Tensor()); }, "ParameterList::append", "undefined");

  // Inside a Sequential-free owner, the names are dotted below it.
  struct Owner : Module {
    Owner() { params = register_module("params", ParameterList(ones({1}).set_requires_grad(true))); }
    ParameterList params{nullptr};
  };
  auto owner = std::make_shared<Owner>();
  EXPECT_EQ(owner->named_parameters().keys(), std::vector<std::string>{"params.0"});
  EXPECT_TRUE(owner->parameters()[0].requires_grad());
}

TEST(ParameterDict, InsertContainsAndDuplicates) {
  ParameterDict dict;
  dict->insert("a", ones({2}).set_requires_grad(true));
  dict->insert("b", zeros({1}));
  EXPECT_TRUE(dict->contains("a"));
  EXPECT_FALSE(dict->contains("c"));
  EXPECT_EQ(dict->keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(dict["a"].is_same(dict->named_parameters()["a"]));
  EXPECT_TRUE(dict["a"].requires_grad());
  EXPECT_FALSE(dict["b"].requires_grad());
  EXPECT_EQ(printed(*dict),
            "torch::nn::ParameterDict(\n"
            "(a): Parameter containing: [Float of size [2]]\n"
            "(b): Parameter containing: [Float of size [1]]\n"
            ")");
  expect_error([&] { dict->insert("a", ones({1})); }, "ParameterDict::insert", "already defined");
  expect_error([&] { dict["c"]; }, "ParameterDict", "no parameter named 'c'");
  auto copy = std::dynamic_pointer_cast<ParameterDictImpl>(dict->clone());
  copy->get("a").data_ptr<float>()[0] = 9.0f;
  expect_values(dict["a"], {1, 1});
  EXPECT_TRUE(copy->get("a").requires_grad());
}

}  // namespace
}  // namespace ember::nn
