// Tests for src/core/random.cpp and src/cpu/philox.h: the Philox known answers, seeding and
// stream bookkeeping, range splitting, distribution statistics (fixed seed, loose bounds)
// and argument checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <ember/ember.h>

#include "test_util.h"

#include "cpu/philox.h"
#include "cpu/random_kernel.h"

namespace ember {
namespace {

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double std_of(const std::vector<double>& v) {
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

template <class F>
void expect_error(F&& f, const std::string& op, const std::string& also = "") {
  try {
    f();
    ADD_FAILURE() << "expected an ember::Error from " << op;
  } catch (const Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(op), std::string::npos) << what;
    if (!also.empty()) {
      EXPECT_NE(what.find(also), std::string::npos) << what;
    }
  }
}

TEST(Philox, KnownAnswers) {
  // Random123's kat_vectors for philox4x32-10: counter, key -> output.
  EXPECT_EQ(cpu::philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (cpu::PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(cpu::philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (cpu::PhiloxBlock{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(cpu::philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (cpu::PhiloxBlock{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Random, SameSeedSameNumbers) {
  manual_seed(42);
  std::vector<double> a = values(rand({1000})), an = values(randn({999}, kDouble));
  manual_seed(42);
  std::vector<double> b = values(rand({1000})), bn = values(randn({999}, kDouble));
  EXPECT_EQ(a, b);
  EXPECT_EQ(an, bn);
  manual_seed(43);
  EXPECT_NE(values(rand({1000})), a);
  // Consecutive calls continue the stream rather than repeat it.
  manual_seed(42);
  std::vector<double> first = values(rand({1000}));
  EXPECT_NE(values(rand({1000})), first);
}

TEST(Random, GeneratorBookkeeping) {
  manual_seed(7);
  Generator& gen = default_generator();
  EXPECT_EQ(gen.current_seed(), 7u);
  EXPECT_EQ(gen.offset(), 0u);
  rand({10});  // float uniforms: 4 per block -> 3 blocks
  EXPECT_EQ(gen.offset(), 3u);
  randn({5}, kDouble);  // double normals: 2 per block -> 3 blocks
  EXPECT_EQ(gen.offset(), 6u);
  rand({0});
  EXPECT_EQ(gen.offset(), 6u);
  // (seed, offset) is the whole state: restoring it replays the stream.
  std::vector<double> next = values(rand({8}));
  gen.set_offset(6);
  EXPECT_EQ(values(rand({8})), next);
}

// Generates all of `out` at once, then again as three ranges, with the same stream.
template <class Sampler>
void expect_split_invariant(Tensor out, const Sampler& sampler) {
  using V = decltype(sampler(cpu::PhiloxBlock{})[0]);
  cpu::StridedLoop<1> loop({&out}, out.sizes());
  cpu::PhiloxStream stream{1234, 99};
  auto write = [](std::array<char*, 1> p, V v) { *reinterpret_cast<double*>(p[0]) = static_cast<double>(v); };
  int64_t n = out.numel();
  cpu::random_range(loop, stream, sampler, 0, n, write);
  std::vector<double> whole = values(out);
  out.fill_(-1);
  cpu::random_range(loop, stream, sampler, 0, 7, write);
  cpu::random_range(loop, stream, sampler, 7, n / 2 + 1, write);
  cpu::random_range(loop, stream, sampler, n / 2 + 1, n, write);
  EXPECT_EQ(values(out), whole);
  // Element i only depends on its index: a range started at i reproduces element i (for a
  // contiguous tensor the iteration index is the flat index).
  if (!out.is_contiguous()) return;
  out.fill_(-1);
  cpu::random_range(loop, stream, sampler, 13, 14, write);
  EXPECT_EQ(values(out)[13], whole[13]);
}

TEST(Random, RangesMatchWholeGeneration) {
  Tensor contiguous = empty({1001}, kDouble);
  expect_split_invariant(contiguous, cpu::UnitSampler<24>());
  expect_split_invariant(contiguous, cpu::UnitSampler<53>());
  expect_split_invariant(contiguous, cpu::NormalSampler<float>());
  expect_split_invariant(contiguous, cpu::NormalSampler<double>());
  expect_split_invariant(contiguous, cpu::Bits64Sampler());
  // Runs of a strided view end mid-block: the block is recomputed, not skipped.
  Tensor strided = empty({11, 7}, kDouble).t();
  expect_split_invariant(strided, cpu::NormalSampler<float>());
  expect_split_invariant(strided, cpu::Bits32Sampler());
}

TEST(Random, RandUniform) {
  manual_seed(0);
  for (ScalarType dtype : {kFloat, kDouble, kHalf, kBFloat16}) {
    Tensor r = rand({100000}, dtype);
    EXPECT_EQ(r.dtype(), dtype);
    std::vector<double> v = values(r);
    EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0) << dtype;
    EXPECT_LT(*std::max_element(v.begin(), v.end()), 1.0) << dtype;
    EXPECT_NEAR(mean_of(v), 0.5, 0.01) << dtype;
    EXPECT_NEAR(std_of(v), std::sqrt(1.0 / 12), 0.01) << dtype;
  }
  Tensor u = empty({50000}, kDouble).uniform_(-2, 3);
  std::vector<double> v = values(u);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), -2.0);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 3.0);
  EXPECT_NEAR(mean_of(v), 0.5, 0.05);
  EXPECT_EQ(values(empty({3}).uniform_(2, 2)), (std::vector<double>{2, 2, 2}));
}

TEST(Random, RandnNormal) {
  manual_seed(1);
  for (ScalarType dtype : {kFloat, kDouble, kHalf, kBFloat16}) {
    std::vector<double> v = values(randn({100000}, dtype));
    EXPECT_NEAR(mean_of(v), 0.0, 0.02) << dtype;
    EXPECT_NEAR(std_of(v), 1.0, 0.02) << dtype;
    // Tail mass: P(|z| > 2) = 0.0455.
    double tail = static_cast<double>(std::count_if(v.begin(), v.end(), [](double x) { return std::abs(x) > 2; }));
    EXPECT_NEAR(tail / static_cast<double>(v.size()), 0.0455, 0.004) << dtype;
  }
  std::vector<double> n = values(normal(3.0, 2.0, {100000}));
  EXPECT_NEAR(mean_of(n), 3.0, 0.04);
  EXPECT_NEAR(std_of(n), 2.0, 0.04);
  EXPECT_EQ(values(normal(1.5, 0.0, {3})), (std::vector<double>{1.5, 1.5, 1.5}));
  std::vector<double> inplace = values(empty({50000}, kDouble).normal_(-1, 0.5));
  EXPECT_NEAR(mean_of(inplace), -1.0, 0.02);
  EXPECT_NEAR(std_of(inplace), 0.5, 0.02);
}

TEST(Random, NormalTensorArguments) {
  manual_seed(2);
  // mean (2, 50000) with std broadcast from (1,): the result takes mean's shape and dtype.
  Tensor mean = full({2, 50000}, 3.0);
  mean.select(0, 1).fill_(-5.0);
  Tensor out = normal(mean, full({1}, 2.0));
  EXPECT_EQ(out.sizes().vec(), (std::vector<int64_t>{2, 50000}));
  EXPECT_EQ(out.dtype(), kFloat);
  std::vector<double> row0 = values(out.select(0, 0)), row1 = values(out.select(0, 1));
  EXPECT_NEAR(mean_of(row0), 3.0, 0.05);
  EXPECT_NEAR(mean_of(row1), -5.0, 0.05);
  EXPECT_NEAR(std_of(row0), 2.0, 0.05);
  Tensor d = normal(zeros({40000}, kDouble), 0.5);
  EXPECT_EQ(d.dtype(), kDouble);
  EXPECT_NEAR(std_of(values(d)), 0.5, 0.02);
  Tensor h = normal(1.0, ones({40000}, kHalf));
  EXPECT_EQ(h.dtype(), kHalf);
  EXPECT_NEAR(mean_of(values(h)), 1.0, 0.03);
  // std = 0 is allowed and returns the mean.
  EXPECT_EQ(values(normal(full({2}, 4.0), zeros({2}))), (std::vector<double>{4, 4}));
}

TEST(Random, Randint) {
  manual_seed(3);
  Tensor r = randint(5, {10000});
  EXPECT_EQ(r.dtype(), kLong);
  std::map<int64_t, int> counts;
  for (double x : values(r)) ++counts[static_cast<int64_t>(x)];
  ASSERT_EQ(counts.size(), 5u);
  EXPECT_EQ(counts.begin()->first, 0);
  EXPECT_EQ(counts.rbegin()->first, 4);
  for (auto [value, count] : counts) EXPECT_NEAR(count, 2000, 200) << value;
  std::vector<double> neg = values(randint(-3, 2, {20000}, kInt));
  EXPECT_EQ(*std::min_element(neg.begin(), neg.end()), -3);
  EXPECT_EQ(*std::max_element(neg.begin(), neg.end()), 1);
  EXPECT_NEAR(mean_of(neg), -1.0, 0.05);
  // A range wider than 2^32 takes 64-bit draws.
  int64_t big = int64_t{1} << 40;
  std::vector<double> wide = values(randint(0, big, {20000}));
  EXPECT_GE(*std::min_element(wide.begin(), wide.end()), 0);
  EXPECT_LT(*std::max_element(wide.begin(), wide.end()), static_cast<double>(big));
  EXPECT_NEAR(mean_of(wide) / static_cast<double>(big), 0.5, 0.02);
  EXPECT_EQ(randint(0, 256, {4}, kByte).dtype(), kByte);
  EXPECT_EQ(randint(0, 2, {4}, kBool).dtype(), kBool);
  Tensor f = randint(10, {1000}, kFloat);
  for (double x : values(f)) EXPECT_EQ(x, std::floor(x));
  EXPECT_EQ(randint(3, {0}).numel(), 0);
}

TEST(Random, RandomInPlace) {
  manual_seed(4);
  std::vector<double> b = values(empty({1000}, kByte).random_(250, 256));
  EXPECT_EQ(*std::min_element(b.begin(), b.end()), 250);
  EXPECT_EQ(*std::max_element(b.begin(), b.end()), 255);
  std::vector<double> bools = values(empty({1000}, kBool).random_(0, 2));
  EXPECT_NEAR(mean_of(bools), 0.5, 0.06);
  std::vector<double> h = values(empty({1000}, kHalf).random_(2048));
  EXPECT_GE(*std::min_element(h.begin(), h.end()), 0);
  EXPECT_LT(*std::max_element(h.begin(), h.end()), 2048);
  for (double x : h) EXPECT_EQ(x, std::floor(x));
  Tensor t = zeros({3});
  uint32_t version = t._version();
  t.random_(-5, 5);
  EXPECT_GT(t._version(), version);
}

TEST(Random, Randperm) {
  manual_seed(5);
  Tensor p = randperm(1000);
  EXPECT_EQ(p.dtype(), kLong);
  std::vector<double> v = values(p);
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_NE(v, sorted);
  EXPECT_NE(values(randperm(1000)), v);
  EXPECT_EQ(randperm(0).numel(), 0);
  EXPECT_EQ(values(randperm(1)), (std::vector<double>{0}));
  EXPECT_EQ(randperm(5, kFloat).dtype(), kFloat);
  EXPECT_EQ(randperm(256, kByte).numel(), 256);
  // Each of the 6 orders of 3 items comes up about equally often.
  std::map<std::vector<double>, int> orders;
  for (int i = 0; i < 6000; ++i) ++orders[values(randperm(3))];
  ASSERT_EQ(orders.size(), 6u);
  for (const auto& [order, count] : orders) EXPECT_NEAR(count, 1000, 150);
}

TEST(Random, Bernoulli) {
  manual_seed(6);
  Tensor p = full({100000}, 0.3);
  Tensor b = bernoulli(p);
  EXPECT_EQ(b.dtype(), kFloat);
  std::vector<double> v = values(b);
  for (double x : v) ASSERT_TRUE(x == 0 || x == 1);
  EXPECT_NEAR(mean_of(v), 0.3, 0.01);
  // Per-element p: rows of p = 0 and p = 1 are exact.
  Tensor rows = zeros({2, 1000}, kDouble);
  rows.select(0, 1).fill_(1.0);
  Tensor br = bernoulli(rows);
  EXPECT_EQ(br.dtype(), kDouble);
  EXPECT_EQ(values(br.select(0, 0)), std::vector<double>(1000, 0.0));
  EXPECT_EQ(values(br.select(0, 1)), std::vector<double>(1000, 1.0));
  Tensor l = bernoulli(zeros({100000}, kLong), 0.25);
  EXPECT_EQ(l.dtype(), kLong);
  EXPECT_NEAR(mean_of(values(l)), 0.25, 0.01);
  EXPECT_EQ(bernoulli(zeros({3}, kBool), 0.5).dtype(), kBool);
  EXPECT_NEAR(mean_of(values(empty({100000}, kHalf).bernoulli_(0.7))), 0.7, 0.01);
  EXPECT_EQ(values(empty({4}).bernoulli_(1.0)), std::vector<double>(4, 1.0));
  EXPECT_EQ(values(empty({4}).bernoulli_(0.0)), std::vector<double>(4, 0.0));
}

TEST(Random, Exponential) {
  manual_seed(8);
  std::vector<double> v = values(empty({100000}, kDouble).exponential_(2.0));
  EXPECT_GT(*std::min_element(v.begin(), v.end()), 0.0);
  EXPECT_NEAR(mean_of(v), 0.5, 0.01);
  EXPECT_NEAR(std_of(v), 0.5, 0.01);
  std::vector<double> f = values(empty({100000}).exponential_());
  EXPECT_NEAR(mean_of(f), 1.0, 0.02);
  for (double x : values(empty({3}).exponential_(0))) EXPECT_TRUE(std::isinf(x) && x > 0);
}

TEST(Random, LikeAndStridedInPlace) {
  manual_seed(9);
  EXPECT_EQ(rand_like(zeros({2, 3}, kDouble)).dtype(), kDouble);
  EXPECT_EQ(randn_like(zeros({2}), kHalf).dtype(), kHalf);
  Tensor ri = randint_like(zeros({1000}), 5);
  EXPECT_EQ(ri.dtype(), kFloat);
  std::vector<double> v = values(ri);
  EXPECT_EQ(*std::max_element(v.begin(), v.end()), 4);
  EXPECT_EQ(randint_like(zeros({4}, kInt), 2, 3).dtype(), kInt);
  EXPECT_EQ(values(randint_like(zeros({4}, kInt), 2, 3)), std::vector<double>(4, 2.0));
  EXPECT_TRUE(rand({2}, TensorOptions().requires_grad(true)).requires_grad());
  EXPECT_TRUE(randn_like(zeros({2}), TensorOptions().requires_grad(true)).requires_grad());
  // In place on a transposed view: every element is written.
  Tensor base = full({20, 30}, -1.0);
  Tensor t = base.t();
  uint32_t version = t._version();
  t.uniform_();
  EXPECT_GT(t._version(), version);
  for (double x : values(base)) ASSERT_TRUE(x >= 0 && x < 1);
}

TEST(Random, Errors) {
  expect_error([] { rand({2}, kLong); }, "rand", "Long");
  expect_error([] { rand({2}, kBool); }, "rand", "Bool");
  expect_error([] { rand({-1}); }, "rand");
  expect_error([] { randn({2}, kInt); }, "randn", "Int");
  expect_error([] { randint(3, 3, {2}); }, "randint");
  expect_error([] { randint(4, 3, {0}); }, "randint");
  expect_error([] { randint(5, {2}, kBool); }, "randint");
  expect_error([] { randint(0, 300, {2}, kByte); }, "randint");
  expect_error([] { randint(-1, 3, {2}, kByte); }, "randint");
  expect_error([] { randint(0, 4096, {2}, kHalf); }, "randint");
  expect_error([] { randperm(-1); }, "randperm");
  expect_error([] { randperm(300, kByte); }, "randperm");
  expect_error([] { randperm(5, kBool); }, "randperm");
  expect_error([] { normal(0, -1, {2}); }, "normal");
  expect_error([] { normal(0, 1, {2}, kLong); }, "normal");
  expect_error([] { normal(zeros({2}), full({2}, -1.0)); }, "normal");
  expect_error([] { normal(zeros({2}), -1.0); }, "normal");
  expect_error([] { normal(zeros({2}, kLong), ones({2})); }, "normal", "Long");
  expect_error([] { normal(zeros({2}), ones({3})); }, "normal");
  expect_error([] { bernoulli(full({3}, 1.5)); }, "bernoulli");
  expect_error([] { bernoulli(full({3}, 1)); }, "bernoulli", "Long");
  expect_error([] { bernoulli(zeros({3}), 1.5); }, "bernoulli_");
  expect_error([] { rand_like(zeros({2}, kLong)); }, "rand_like");
  expect_error([] { randint_like(zeros({2}), 5, 2); }, "randint_like");
  expect_error([] { zeros({3}).uniform_(1, 0); }, "uniform_");
  expect_error([] { zeros({3}).uniform_(-INFINITY, 0); }, "uniform_");
  expect_error([] { zeros({3}, kHalf).uniform_(0, 1e6); }, "uniform_");
  expect_error([] { zeros({3}, kLong).uniform_(0, 1); }, "uniform_", "Long");
  expect_error([] { zeros({3}).normal_(0, -1); }, "normal_");
  expect_error([] { zeros({3}, kLong).normal_(); }, "normal_");
  expect_error([] { zeros({3}).bernoulli_(-0.1); }, "bernoulli_");
  expect_error([] { zeros({3}).random_(5, 5); }, "random_");
  expect_error([] { zeros({3}).random_(0); }, "random_");
  expect_error([] { zeros({3}, kBool).random_(0, 3); }, "random_");
  expect_error([] { zeros({3}).exponential_(-1); }, "exponential_");
  expect_error([] { zeros({3}, kLong).exponential_(); }, "exponential_");
  expect_error([] { Tensor().uniform_(); }, "uniform_");
}

}  // namespace
}  // namespace ember
