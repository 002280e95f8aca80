// DataLoader: batching, order, determinism across worker counts, worker errors, shutdown, resume.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/test_util.h"

namespace ember {
namespace {

using data::DataLoaderOptions;
using data::Example;
using data::make_data_loader;
namespace samplers = data::samplers;

// Example i is data [i] (float), target i (int64); get() can be made to throw or to sleep.
class CountDataset : public data::datasets::Dataset<CountDataset> {
 public:
  explicit CountDataset(size_t n, int64_t throw_at = -1, int sleep_us = 0)
      : n_(n), throw_at_(throw_at), sleep_us_(sleep_us) {}
  Example<> get(size_t index) override {
    if (static_cast<int64_t>(index) == throw_at_) throw std::runtime_error("bad example " + std::to_string(index));
    // Later examples finish sooner, so workers complete batches out of order.
    if (sleep_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(sleep_us_ * static_cast<int>(n_ - index)));
    return {full({1}, static_cast<double>(index)), scalar_tensor(static_cast<int64_t>(index), kLong)};
  }
  std::optional<size_t> size() const override { return n_; }

 private:
  size_t n_;
  int64_t throw_at_;
  int sleep_us_;
};

std::vector<int64_t> targets_of(const Example<>& batch) {
  std::vector<int64_t> out;
  for (double v : values(batch.target)) out.push_back(static_cast<int64_t>(v));
  return out;
}

// The order of all examples and the batch sizes over one pass of a loader.
template <class Loader>
std::pair<std::vector<int64_t>, std::vector<size_t>> one_epoch(Loader& loader) {
  std::vector<int64_t> order;
  std::vector<size_t> sizes;
  for (auto& batch : loader) {
    auto t = targets_of(batch);
    sizes.push_back(t.size());
    order.insert(order.end(), t.begin(), t.end());
  }
  return {order, sizes};
}

std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(DataLoader, SequentialBatchesWithPartialLast) {
  auto loader = make_data_loader<samplers::SequentialSampler>(
      CountDataset(10).map(data::transforms::Stack<>()), DataLoaderOptions().batch_size(4));
  auto [order, sizes] = one_epoch(*loader);
  EXPECT_EQ(order, iota(10));
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 4, 2}));
  // Batch shapes: data [B, 1], target [B].
  auto it = loader->begin();
  EXPECT_EQ(it->data.sizes(), IntArrayRef({4, 1}));
  EXPECT_EQ(it->target.sizes(), IntArrayRef({4}));
  EXPECT_EQ(it->target.dtype(), kLong);
}

TEST(DataLoader, DropLast) {
  auto loader = make_data_loader<samplers::SequentialSampler>(
      CountDataset(10).map(data::transforms::Stack<>()), DataLoaderOptions(4).drop_last(true));
  auto [order, sizes] = one_epoch(*loader);
  EXPECT_EQ(order, iota(8));
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 4}));
}

TEST(DataLoader, UnstackedBatchIsVectorOfExamples) {
  auto loader = make_data_loader<samplers::SequentialSampler>(CountDataset(5), DataLoaderOptions(3));
  std::vector<size_t> sizes;
  for (std::vector<Example<>>& batch : *loader) sizes.push_back(batch.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 2}));
}

TEST(DataLoader, ShuffleIsDeterministicForSeedAndChangesPerEpoch) {
  auto make = [](uint64_t seed) {
    return make_data_loader(CountDataset(50).map(data::transforms::Stack<>()),
                            samplers::RandomSampler(50, seed), DataLoaderOptions(8));
  };
  auto a = make(7), b = make(7), c = make(8);
  auto a0 = one_epoch(*a).first, a1 = one_epoch(*a).first;
  auto b0 = one_epoch(*b).first, b1 = one_epoch(*b).first;
  EXPECT_EQ(a0, b0);
  EXPECT_EQ(a1, b1);
  EXPECT_NE(a0, a1);
  EXPECT_NE(a0, one_epoch(*c).first);
  for (auto order : {a0, a1}) {  // each epoch is a permutation
    std::sort(order.begin(), order.end());
    EXPECT_EQ(order, iota(50));
  }
  // manual_seed makes an unseeded RandomSampler reproducible, as in LibTorch.
  manual_seed(3);
  auto d = make_data_loader(CountDataset(50).map(data::transforms::Stack<>()), DataLoaderOptions(8));
  manual_seed(3);
  auto e = make_data_loader(CountDataset(50).map(data::transforms::Stack<>()), DataLoaderOptions(8));
  EXPECT_EQ(one_epoch(*d).first, one_epoch(*e).first);
}

TEST(DataLoader, SameOrderWithAnyWorkerCount) {
  std::vector<std::vector<int64_t>> runs;
  for (size_t workers : {0, 1, 3}) {
    auto loader = make_data_loader(CountDataset(37, -1, 20).map(data::transforms::Stack<>()),
                                   samplers::RandomSampler(37, 11),
                                   DataLoaderOptions(5).workers(workers));
    auto [e0, sizes] = one_epoch(*loader);
    auto e1 = one_epoch(*loader).first;
    EXPECT_EQ(sizes.back(), 2u);
    e0.insert(e0.end(), e1.begin(), e1.end());
    runs.push_back(e0);
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

TEST(DataLoader, UnorderedModeYieldsEveryBatchOnce) {
  auto loader = make_data_loader<samplers::SequentialSampler>(
      CountDataset(30, -1, 20).map(data::transforms::Stack<>()),
      DataLoaderOptions(3).workers(3).enforce_ordering(false));
  auto order = one_epoch(*loader).first;
  std::sort(order.begin(), order.end());
  EXPECT_EQ(order, iota(30));
}

TEST(DataLoader, WorkerExceptionIsRethrownInConsumer) {
  for (size_t workers : {0, 2}) {
    auto loader = make_data_loader<samplers::SequentialSampler>(
        CountDataset(20, 9).map(data::transforms::Stack<>()), DataLoaderOptions(4).workers(workers));
    std::vector<int64_t> seen;
    try {
      for (auto& batch : *loader) {
        auto t = targets_of(batch);
        seen.insert(seen.end(), t.begin(), t.end());
      }
      ADD_FAILURE() << "expected the dataset's exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "bad example 9");
    }
    EXPECT_EQ(seen, iota(8)) << "batches before the failing one arrive first";
  }
}

TEST(DataLoader, DestroyMidEpochJoinsWorkers) {
  std::atomic<int> calls{0};
  for (int round = 0; round < 5; ++round) {
    auto loader = make_data_loader<samplers::SequentialSampler>(
        CountDataset(200, -1, 5).map(data::transforms::Lambda<Example<>>([&](Example<> e) {
          ++calls;
          return e;
        })),
        DataLoaderOptions(2).workers(3).max_jobs(6));
    auto it = loader->begin();
    ++it;
  }  // each loader is destroyed with jobs queued and running
  EXPECT_GT(calls.load(), 0);
}

TEST(DataLoader, RestartMidEpochStartsNextEpoch) {
  auto loader = make_data_loader(CountDataset(20, -1, 2).map(data::transforms::Stack<>()),
                                 samplers::RandomSampler(20, 5), DataLoaderOptions(4).workers(2));
  auto it = loader->begin();
  ++it;  // abandon epoch 0 after two batches, with batches in flight
  auto order = one_epoch(*loader).first;
  samplers::RandomSampler reference(20, 5);
  reference.set_epoch(1);
  std::vector<int64_t> expected;
  while (auto b = reference.next(4)) expected.insert(expected.end(), b->begin(), b->end());
  EXPECT_EQ(order, expected);
}

TEST(DataLoader, ResumeFromSavedStateMidEpoch) {
  for (size_t workers : {0, 2}) {
    auto make = [&] {
      return make_data_loader(CountDataset(30).map(data::transforms::Stack<>()),
                              samplers::RandomSampler(30, 9), DataLoaderOptions(4).workers(workers));
    };
    auto full = make();
    one_epoch(*full);
    auto epoch1 = one_epoch(*full).first;

    auto first = make();
    one_epoch(*first);
    std::vector<int64_t> seen;
    samplers::SamplerState saved;
    for (auto& batch : *first) {
      auto t = targets_of(batch);
      seen.insert(seen.end(), t.begin(), t.end());
      if (seen.size() == 12) {
        saved = first->state();
        break;
      }
    }
    EXPECT_EQ(saved, (samplers::SamplerState{1, 12}));
    auto resumed = make();
    resumed->load_state(saved);
    auto rest = one_epoch(*resumed).first;
    seen.insert(seen.end(), rest.begin(), rest.end());
    EXPECT_EQ(seen, epoch1);
    // The epoch after the resumed one continues normally.
    EXPECT_EQ(resumed->state().epoch, 1u);
    one_epoch(*resumed);
    EXPECT_EQ(resumed->state(), (samplers::SamplerState{2, 30}));
  }
}

TEST(DataLoader, EpochReachesTransforms) {
  // A Lambda cannot see the epoch, but RandomHorizontalFlip can: over two epochs with p = 0.5
  // some example is flipped in one epoch and not the other.
  Tensor images = arange(40 * 2, kFloat).view({40, 1, 1, 2});
  class Images : public data::datasets::Dataset<Images> {
   public:
    explicit Images(Tensor t) : t_(std::move(t)) {}
    Example<> get(size_t i) override { return {t_[static_cast<int64_t>(i)], scalar_tensor(static_cast<int64_t>(i), kLong)}; }
    std::optional<size_t> size() const override { return static_cast<size_t>(t_.size(0)); }

   private:
    Tensor t_;
  };
  auto loader = make_data_loader<samplers::SequentialSampler>(
      Images(images).map(data::transforms::RandomHorizontalFlip(0.5, 1)).map(data::transforms::Stack<>()),
      DataLoaderOptions(40));
  Tensor e0 = loader->begin()->data.clone();
  Tensor e1 = loader->begin()->data.clone();
  EXPECT_NE(values(e0), values(e1));
  // Each example [a, b] is either itself or flipped to [b, a].
  std::vector<double> original = values(images);
  for (const Tensor& e : {e0, e1}) {
    std::vector<double> got = values(e);
    for (size_t i = 0; i < 40; ++i) {
      bool same = got[2 * i] == original[2 * i] && got[2 * i + 1] == original[2 * i + 1];
      bool flipped = got[2 * i] == original[2 * i + 1] && got[2 * i + 1] == original[2 * i];
      EXPECT_TRUE(same || flipped) << "example " << i;
    }
  }
}

TEST(DataLoader, Errors) {
  expect_error([] { make_data_loader(CountDataset(4), DataLoaderOptions(0)); }, "DataLoader", "batch_size");
  expect_error([] { make_data_loader(CountDataset(4), DataLoaderOptions(1).workers(1).max_jobs(0)); },
               "DataLoader", "max_jobs");
  auto slow = make_data_loader<samplers::SequentialSampler>(
      CountDataset(2, -1, 100000), DataLoaderOptions(1).workers(1).timeout(std::chrono::milliseconds(5)));
  expect_error([&] { slow->begin(); }, "DataLoader", "timed out");
}

}  // namespace
}  // namespace ember
