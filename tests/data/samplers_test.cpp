// Samplers: order, per-epoch determinism, distributed shares, saved state.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/test_util.h"

namespace ember {
namespace {

using namespace data::samplers;

std::vector<size_t> drain(Sampler<>& sampler, size_t batch_size, std::vector<size_t>* sizes = nullptr) {
  std::vector<size_t> all;
  while (auto batch = sampler.next(batch_size)) {
    if (sizes) sizes->push_back(batch->size());
    all.insert(all.end(), batch->begin(), batch->end());
  }
  return all;
}

std::vector<size_t> range(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(SequentialSampler, InOrderWithPartialLastBatch) {
  SequentialSampler s(7);
  std::vector<size_t> sizes;
  EXPECT_EQ(drain(s, 3, &sizes), range(7));
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_FALSE(s.next(3).has_value());
  s.reset();
  EXPECT_EQ(drain(s, 10), range(7));
  s.reset(4);
  EXPECT_EQ(drain(s, 10), range(4));
}

TEST(RandomSampler, DeterministicPermutationPerSeedAndEpoch) {
  RandomSampler a(100, 42), b(100, 42), c(100, 43);
  auto a0 = drain(a, 16), b0 = drain(b, 16), c0 = drain(c, 16);
  EXPECT_EQ(a0, b0);
  EXPECT_NE(a0, c0);
  auto sorted = a0;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, range(100));
  a.reset();  // next epoch: a new order
  auto a1 = drain(a, 7);
  EXPECT_NE(a0, a1);
  EXPECT_EQ(a.epoch(), 1u);
  // Any epoch can be replayed directly, independently of the batch size.
  RandomSampler d(100, 42);
  d.set_epoch(1);
  EXPECT_EQ(drain(d, 100), a1);
  // A fresh sampler's first reset keeps epoch 0 (the loader resets before every epoch).
  RandomSampler e(100, 42);
  e.reset();
  EXPECT_EQ(drain(e, 5), a0);
}

TEST(RandomSampler, StateSaveAndRestoreMidEpoch) {
  RandomSampler a(50, 1);
  drain(a, 50);
  a.reset();
  auto head = *a.next(20);
  SamplerState saved = a.state();
  EXPECT_EQ(saved, (SamplerState{1, 20}));
  auto tail = drain(a, 8);
  RandomSampler b(50, 1);
  b.load_state(saved);
  b.reset();  // as the loader does when iteration starts: keeps the restored position
  EXPECT_EQ(drain(b, 8), tail);
  expect_error([&] { b.load_state({0, 51}); }, "Sampler::load_state", "past the end");
}

TEST(RandomSampler, Errors) {
  expect_error([] { RandomSampler(-1, uint64_t{0}); }, "RandomSampler", "non-negative");
  expect_error([] { RandomSampler(3, kInt); }, "RandomSampler", "int64");
}

TEST(DistributedRandomSampler, ReplicasPartitionTheEpoch) {
  // 10 examples over 3 replicas: ceil = 4 each with duplicates (12 slots, 2 repeats).
  std::vector<size_t> all;
  for (size_t rank = 0; rank < 3; ++rank) {
    DistributedRandomSampler s(10, 3, rank, true, 5);
    auto mine = drain(s, 3);
    EXPECT_EQ(mine.size(), 4u);
    all.insert(all.end(), mine.begin(), mine.end());
  }
  EXPECT_EQ(std::set<size_t>(all.begin(), all.end()).size(), 10u);
  // Without duplicates: floor = 3 each, 9 distinct examples.
  std::vector<size_t> distinct;
  for (size_t rank = 0; rank < 3; ++rank) {
    DistributedRandomSampler s(10, 3, rank, false, 5);
    auto mine = drain(s, 2);
    EXPECT_EQ(mine.size(), 3u);
    distinct.insert(distinct.end(), mine.begin(), mine.end());
  }
  EXPECT_EQ(std::set<size_t>(distinct.begin(), distinct.end()).size(), 9u);
  // Epochs differ, and set_epoch replays one.
  DistributedRandomSampler s(10, 2, 1, true, 5);
  auto e0 = drain(s, 5);
  s.reset();
  auto e1 = drain(s, 5);
  EXPECT_NE(e0, e1);
  s.set_epoch(0);
  EXPECT_EQ(drain(s, 5), e0);
}

TEST(DistributedRandomSampler, Errors) {
  expect_error([] { DistributedRandomSampler(10, 2, 2); }, "DistributedRandomSampler", "rank 2");
  expect_error([] { DistributedRandomSampler(10, 0, 0); }, "DistributedRandomSampler", "replica");
}

}  // namespace
}  // namespace ember
