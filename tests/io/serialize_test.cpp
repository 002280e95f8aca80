// ember::save / ember::load of tensors, modules, optimizers and random state, archives of
// scalars and nested records, and the all-or-nothing loading of wrong checkpoints.
#include <cmath>
#include <limits>
#include <sstream>

#include "io_test_util.h"

namespace ember {
namespace {

using serialize::InputArchive;
using serialize::OutputArchive;

// ---- archives -----------------------------------------------------------------------------

TEST(Archive, ScalarsStringsAndNestingRoundTrip) {
  ScratchDir dir;
  OutputArchive inner;
  inner.write("step", int64_t{41});
  inner.write("beta", 0.999);
  OutputArchive out;
  out.write("count", 3);
  out.write("big", std::numeric_limits<int64_t>::min());
  out.write("lr", 0.1);  // not exact in binary: must come back bitwise
  out.write("nan", std::nan(""));
  out.write("inf", -INFINITY);
  out.write("flag", true);
  out.write("name", "adam \"quoted\" \xc3\xa9");
  out.write("inner", inner);
  out.write("weights", ones({2, 2}), /*is_buffer=*/true);
  out.save_to(dir.file("a.safetensors"));

  InputArchive in;
  in.load_from(dir.file("a.safetensors"));
  EXPECT_EQ(in.keys(), (std::vector<std::string>{"count", "big", "lr", "nan", "inf", "flag", "name", "inner", "weights"}));
  int64_t count = 0, big = 0, step = 0;
  double lr = 0, nan = 0, inf = 0, beta = 0;
  bool flag = false;
  std::string name;
  in.read("count", count);
  in.read("big", big);
  in.read("lr", lr);
  in.read("nan", nan);
  in.read("inf", inf);
  in.read("flag", flag);
  in.read("name", name);
  EXPECT_EQ(count, 3);
  EXPECT_EQ(big, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(lr, 0.1);
  EXPECT_TRUE(std::isnan(nan));
  EXPECT_EQ(inf, -INFINITY);
  EXPECT_TRUE(flag);
  EXPECT_EQ(name, "adam \"quoted\" \xc3\xa9");
  InputArchive nested;
  in.read("inner", nested);
  nested.read("step", step);
  nested.read("beta", beta);
  EXPECT_EQ(step, 41);
  EXPECT_EQ(beta, 0.999);
  EXPECT_TRUE(in.is_buffer("weights"));
  EXPECT_TRUE(in.is_archive("inner"));
  Tensor w;
  EXPECT_TRUE(in.try_read("weights", w));
  expect_values(w, {1, 1, 1, 1});
  EXPECT_FALSE(in.try_read("absent", w));
}

TEST(Archive, StreamsRoundTrip) {
  OutputArchive out;
  out.write("x", arange(5, kInt64));
  std::stringstream stream;
  out.save_to(stream);
  InputArchive in;
  in.load_from(stream);
  Tensor x;
  in.read("x", x);
  expect_values(x, {0, 1, 2, 3, 4});
}

TEST(Archive, MisuseThrows) {
  OutputArchive out;
  out.write("a", 1);
  expect_error([&] { out.write("a", 2.0); }, "OutputArchive::write", "already written");
  expect_error([&] { out.write("", 2.0); }, "OutputArchive::write", "empty");
  expect_error([&] { out.write("t", Tensor()); }, "OutputArchive::write", "undefined");
  expect_error([&] { out.write("u", std::numeric_limits<uint64_t>::max()); }, "OutputArchive::write", "int64");
  // Tensor names are key paths joined by '.': two paths naming one tensor are refused.
  OutputArchive nested;
  nested.write("b", ones({1}));
  out.write("a.b", ones({1}));
  OutputArchive colliding;
  colliding.write("a.b", ones({1}));
  colliding.write("a", nested);
  std::ostringstream sink;
  expect_error([&] { colliding.save_to(sink); }, "save", "'a.b'");

  std::stringstream stream;
  out.save_to(stream);
  InputArchive in;
  in.load_from(stream);
  Tensor t;
  double d = 0;
  expect_error([&] { in.read("a", t); }, "InputArchive::read", "holds an int, expected a tensor");
  expect_error([&] { in.read("a", d); }, "InputArchive::read", "holds an int, expected a double");
  expect_error([&] { in.read("zz", d); }, "InputArchive::read", "no key 'zz'");
  Tensor wrong = zeros({3});
  expect_error([&] { in.read("a.b", wrong); }, "InputArchive::read", "shape [1]");
  expect_values(wrong, {0, 0, 0});
}

// ---- tensors and random state ---------------------------------------------------------------

TEST(Save, TensorAndTensorList) {
  ScratchDir dir;
  Tensor x = randn({3, 4}, kDouble).set_requires_grad(true);
  save(x, dir.file("x.pt"));
  Tensor y;
  load(y, dir.file("x.pt"));
  EXPECT_TRUE(bitwise_equal(x.detach(), y));
  // A list is not a tensor, and a tensor file loads as a one-element list.
  save(std::vector<Tensor>{x, zeros({2})}, dir.file("list.pt"));
  expect_error([&] { load(y, dir.file("list.pt")); }, "load", "unexpected keys [1]");
  std::vector<Tensor> one;
  load(one, dir.file("x.pt"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_TRUE(bitwise_equal(one[0], y));
}

TEST(Save, RngStateResumesTheStream) {
  ScratchDir dir;
  manual_seed(123);
  (void)rand({7});
  save(get_rng_state(), dir.file("rng.pt"));
  save(default_generator(), dir.file("gen.pt"));
  Tensor expected = randn({5}, kDouble);

  manual_seed(999);
  Tensor state;
  load(state, dir.file("rng.pt"));
  set_rng_state(state);
  EXPECT_TRUE(bitwise_equal(randn({5}, kDouble), expected));

  manual_seed(999);
  load(default_generator(), dir.file("gen.pt"));
  EXPECT_TRUE(bitwise_equal(randn({5}, kDouble), expected));

  Generator g(std::numeric_limits<uint64_t>::max());
  g.set_offset(uint64_t{1} << 63);
  save(g, dir.file("g.pt"));
  Generator h;
  load(h, dir.file("g.pt"));
  EXPECT_EQ(h.current_seed(), g.current_seed());
  EXPECT_EQ(h.offset(), g.offset());
  expect_error([] { set_rng_state(zeros({16})); }, "set_rng_state", "uint8");
  expect_error([&] { load(h, dir.file("rng.pt")); }, "load", "missing keys [seed, offset]");
}

// ---- modules ------------------------------------------------------------------------------

class NetImpl : public nn::Module {
 public:
  explicit NetImpl(int64_t hidden = 5) {
    fc1 = register_module("fc1", nn::Linear(3, hidden));
    fc2 = register_module("fc2", nn::Linear(hidden, 2));
    register_buffer("count", zeros({1}, kLong));
  }
  Tensor forward(const Tensor& x) { return fc2->forward(tanh(fc1->forward(x))); }
  nn::Linear fc1{nullptr}, fc2{nullptr};
};
EMBER_MODULE(Net);

class OtherImpl : public nn::Module {
 public:
  OtherImpl() { fc1 = register_module("fc1", nn::Linear(3, 5)); fc3 = register_module("fc3", nn::Linear(5, 2)); }
  nn::Linear fc1{nullptr}, fc3{nullptr};
};
EMBER_MODULE(Other);

std::vector<Tensor> snapshot(const nn::Module& m) {
  std::vector<Tensor> out;
  for (const auto& t : m.parameters()) out.push_back(t.detach().clone());
  for (const auto& t : m.buffers()) out.push_back(t.clone());
  return out;
}

void expect_same(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(bitwise_equal(a[i], b[i])) << i;
}

TEST(SaveModule, ValuesLoadIntoAFreshModule) {
  ScratchDir dir;
  Net net;
  net->named_buffers()["count"].fill_(7);
  save(net, dir.file("net.pt"));
  Net fresh;
  Tensor weight_handle = fresh->fc1->weight;
  load(fresh, dir.file("net.pt"));
  expect_same(snapshot(*fresh), snapshot(*net));
  // Values are copied in: the tensors keep their identity (an optimizer still sees them).
  EXPECT_TRUE(weight_handle.is_same(fresh->fc1->weight));
  EXPECT_TRUE(fresh->fc1->weight.requires_grad());
  Tensor x = randn({4, 3});
  EXPECT_TRUE(bitwise_equal(fresh->forward(x), net->forward(x)));
  // Through shared_ptr<Module> and the archive operators too.
  std::shared_ptr<nn::Module> as_base = Net().ptr();
  InputArchive in;
  in.load_from(dir.file("net.pt"));
  in >> as_base;
  expect_same(snapshot(*as_base), snapshot(*net));
  EXPECT_TRUE(in.is_buffer("count"));
  EXPECT_FALSE(in.is_buffer("fc1.weight"));
}

TEST(SaveModule, WrongCheckpointsListTheMismatchAndChangeNothing) {
  ScratchDir dir;
  save(Net(), dir.file("net.pt"));
  save(Net(7), dir.file("wide.pt"));
  save(Other(), dir.file("other.pt"));
  Net net;
  auto before = snapshot(*net);
  expect_error([&] { load(net, dir.file("other.pt")); }, "load",
               "missing keys [fc2.weight, fc2.bias, count], unexpected keys [fc3.weight, fc3.bias]");
  expect_error([&] { load(net, dir.file("wide.pt")); }, "load", "fc1.weight (file: Float [7, 3], module: Float [5, 3])");
  expect_same(snapshot(*net), before);
  // dtype mismatch
  Net doubled;
  doubled->to(kDouble);
  save(doubled, dir.file("double.pt"));
  expect_error([&] { load(net, dir.file("double.pt")); }, "load", "fc1.weight (file: Double [5, 3], module: Float [5, 3])");
  // A tensor file is no module either.
  save(ones({2}), dir.file("t.pt"));
  expect_error([&] { load(net, dir.file("t.pt")); }, "load", "unexpected keys [0]");
  expect_same(snapshot(*net), before);
}

// Every prefix and many byte flips of a real checkpoint: an error or an identical load,
// never a crash, and a failed load leaves the model as it was.
TEST(SaveModule, CorruptCheckpointsNeverCorruptTheModel) {
  ScratchDir dir;
  Net saved(2);
  save(saved, dir.file("net.pt"));
  std::string bytes = read_bytes(dir.file("net.pt"));
  Net net(2);
  auto before = snapshot(*net);
  // Streams keep the loops fast; the file path is the same code after reading the bytes.
  auto load_bytes = [&](const std::string& b) {
    std::istringstream stream(b);
    InputArchive in;
    in.load_from(stream);
    in >> net.ptr();
  };
  for (size_t n = 0; n < bytes.size(); ++n) EXPECT_THROW(load_bytes(bytes.substr(0, n)), Error) << n;
  expect_same(snapshot(*net), before);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    try {
      load_bytes(flipped);
      // Accepted: the flip hit tensor data (or a harmless spot) and the file's values are in.
      net = Net(2);
      before = snapshot(*net);
    } catch (const Error&) {
      expect_same(snapshot(*net), before);
    }
  }
  write_bytes(dir.file("cut.pt"), bytes.substr(0, bytes.size() / 2));
  expect_error([&] { load(net, dir.file("cut.pt")); }, "load", "cut.pt");
}

// ---- optimizers ---------------------------------------------------------------------------

// A deterministic problem: fixed data, a Net, and its loss.
struct Problem {
  Net net{4};
  Tensor x, y;
  Problem() {
    manual_seed(7);
    net = Net(4);
    x = randn({8, 3});
    y = randn({8, 2});
  }
  void step(optim::Optimizer& opt) {
    opt.zero_grad();
    Tensor loss = nn::functional::mse_loss(net->forward(x), y);
    loss.backward();
    opt.step();
  }
};

template <class Make>
void expect_resume_is_bitwise(Make make) {
  ScratchDir dir;
  // Uninterrupted: 6 steps.
  Problem straight;
  auto opt = make(straight.net->parameters());
  for (int i = 0; i < 6; ++i) straight.step(*opt);

  // 3 steps, save model and optimizer, load both into fresh objects, 3 more steps.
  Problem first;
  auto opt1 = make(first.net->parameters());
  for (int i = 0; i < 3; ++i) first.step(*opt1);
  save(first.net, dir.file("model.pt"));
  save(*opt1, dir.file("opt.pt"));

  Problem resumed;
  resumed.net = Net(4);  // different initial weights, overwritten by the load
  auto opt2 = make(resumed.net->parameters());
  load(resumed.net, dir.file("model.pt"));
  load(*opt2, dir.file("opt.pt"));
  for (int i = 0; i < 3; ++i) resumed.step(*opt2);
  expect_same(snapshot(*resumed.net), snapshot(*straight.net));
}

TEST(SaveOptimizer, SGDMomentumResumesBitwise) {
  expect_resume_is_bitwise([](std::vector<Tensor> params) {
    return std::make_unique<optim::SGD>(params, optim::SGDOptions(0.05).momentum(0.9).nesterov(true));
  });
}

TEST(SaveOptimizer, AdamResumesBitwise) {
  expect_resume_is_bitwise([](std::vector<Tensor> params) {
    return std::make_unique<optim::Adam>(params, optim::AdamOptions(0.01).betas({0.8, 0.99}).amsgrad(true));
  });
}

TEST(SaveOptimizer, OtherOptimizersRoundTripTheirState) {
  ScratchDir dir;
  Problem p;
  optim::AdamW adamw(p.net->parameters(), optim::AdamWOptions(0.01));
  optim::RMSprop rmsprop(p.net->parameters(), optim::RMSpropOptions(0.01).centered(true).momentum(0.5));
  optim::Adagrad adagrad(p.net->parameters(), optim::AdagradOptions(0.1).lr_decay(0.01));
  std::vector<std::pair<optim::Optimizer*, double>> all{{&adamw, 0.01}, {&rmsprop, 0.01}, {&adagrad, 0.1}};
  for (auto [opt, lr] : all) {
    p.step(*opt);
    save(*opt, dir.file("o.pt"));
    auto saved = opt->state_dict();
    opt->state().clear();
    opt->param_groups()[0].options().set_lr(123);
    load(*opt, dir.file("o.pt"));
    auto loaded = opt->state_dict();
    EXPECT_EQ(opt->param_groups()[0].options().get_lr(), lr);
    ASSERT_EQ(loaded.state.size(), saved.state.size());
    for (const auto& [index, tensors] : saved.state) {
      for (const auto& item : tensors) EXPECT_TRUE(bitwise_equal(loaded.state.at(index)[item.key()], item.value()));
    }
  }
}

TEST(SaveOptimizer, WrongCheckpointsThrowAndChangeNothing) {
  ScratchDir dir;
  Problem p;
  optim::Adam adam(p.net->parameters(), optim::AdamOptions(0.01));
  p.step(adam);
  save(adam, dir.file("adam.pt"));
  optim::SGD sgd(p.net->parameters(), optim::SGDOptions(0.1).momentum(0.9));
  p.step(sgd);
  save(sgd, dir.file("sgd.pt"));

  auto before = adam.state_dict();
  expect_error([&] { load(adam, dir.file("sgd.pt")); }, "load", "holds SGD options but the optimizer is Adam");
  Net wide(6);
  optim::Adam other(wide->parameters(), optim::AdamOptions(0.01));
  expect_error([&] { load(other, dir.file("adam.pt")); }, "load", "of shape [6, 3]");
  optim::Adam fewer(Net(4)->fc1->parameters(), optim::AdamOptions(0.01));
  expect_error([&] { load(fewer, dir.file("adam.pt")); }, "load", "unexpected keys [2, 3]");
  save(p.net, dir.file("model.pt"));
  expect_error([&] { load(adam, dir.file("model.pt")); }, "load", "an optimizer");
  // Every prefix of the optimizer file.
  std::string bytes = read_bytes(dir.file("adam.pt"));
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::istringstream stream(bytes.substr(0, n));
    InputArchive in;
    EXPECT_THROW({ in.load_from(stream); in >> adam; }, Error) << n;
  }
  auto after = adam.state_dict();
  EXPECT_EQ(adam.param_groups()[0].options().get_lr(), 0.01);
  for (const auto& [index, tensors] : before.state) {
    for (const auto& item : tensors) EXPECT_TRUE(bitwise_equal(after.state.at(index)[item.key()], item.value()));
  }
}

}  // namespace
}  // namespace ember
