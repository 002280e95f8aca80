// parallel_for and the thread-count API.
#include "cpu/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/parallel.h"

namespace ember::cpu {
namespace {

// Restores the thread count a test changed.
class ThreadCount : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = get_num_threads(); }
  void TearDown() override { set_num_threads(saved_); }
  int saved_ = 1;
};

using ParallelFor = ThreadCount;

TEST_F(ParallelFor, CoversEveryIndexExactlyOnce) {
  for (int threads : {1, 2, 3, 4}) {
    set_num_threads(threads);
    for (int64_t n : {0, 1, 7, 100, 1001}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      parallel_for(0, n, 3, [&](int64_t b, int64_t e) {
        EXPECT_LT(b, e);
        for (int64_t i = b; i < e; ++i) hits[static_cast<size_t>(i)]++;
      });
      for (int64_t i = 0; i < n; ++i) EXPECT_EQ(hits[static_cast<size_t>(i)], 1) << "n " << n << " i " << i;
    }
  }
}

TEST_F(ParallelFor, NonZeroBeginAndEmptyRange) {
  set_num_threads(4);
  std::atomic<int64_t> total{0};
  parallel_for(10, 20, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) total += i;
  });
  EXPECT_EQ(total, 145);
  bool called = false;
  parallel_for(5, 5, 1, [&](int64_t, int64_t) { called = true; });
  parallel_for(5, 3, 1, [&](int64_t, int64_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST_F(ParallelFor, RangeWithinGrainRunsInlineAsOneChunk) {
  set_num_threads(4);
  std::vector<std::pair<int64_t, int64_t>> chunks;
  std::thread::id caller = std::this_thread::get_id(), ran_on;
  parallel_for(0, 100, 100, [&](int64_t b, int64_t e) {
    chunks.emplace_back(b, e);
    ran_on = std::this_thread::get_id();
  });
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0], std::make_pair(int64_t{0}, int64_t{100}));
  EXPECT_EQ(ran_on, caller);
}

TEST_F(ParallelFor, SplitsIntoAtMostThreadsChunksOfAtLeastGrain) {
  set_num_threads(3);
  std::mutex m;
  std::vector<std::pair<int64_t, int64_t>> chunks;
  parallel_for(0, 90, 10, [&](int64_t b, int64_t e) {
    std::lock_guard<std::mutex> lock(m);
    chunks.emplace_back(b, e);
  });
  EXPECT_EQ(chunks.size(), 3u);
  for (auto [b, e] : chunks) EXPECT_GE(e - b, 10);
  // Grain larger than range / threads: fewer chunks.
  chunks.clear();
  parallel_for(0, 25, 10, [&](int64_t b, int64_t e) {
    std::lock_guard<std::mutex> lock(m);
    chunks.emplace_back(b, e);
  });
  EXPECT_EQ(chunks.size(), 3u);
  chunks.clear();
  parallel_for(0, 15, 10, [&](int64_t b, int64_t e) {
    std::lock_guard<std::mutex> lock(m);
    chunks.emplace_back(b, e);
  });
  EXPECT_EQ(chunks.size(), 2u);
}

TEST_F(ParallelFor, UsesOtherThreads) {
  set_num_threads(2);
  std::mutex m;
  std::vector<std::thread::id> ids;
  parallel_for(0, 2, 1, [&](int64_t, int64_t) {
    std::lock_guard<std::mutex> lock(m);
    ids.push_back(std::this_thread::get_id());
  });
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[0], ids[1]);
}

TEST_F(ParallelFor, NestedCallsRunSeriallyInline) {
  set_num_threads(4);
  std::atomic<int> inner_chunks{0}, total{0};
  std::atomic<bool> inner_on_other_thread{false};
  EXPECT_FALSE(in_parallel_region());
  parallel_for(0, 4, 1, [&](int64_t b, int64_t e) {
    EXPECT_TRUE(in_parallel_region());
    std::thread::id outer = std::this_thread::get_id();
    for (int64_t i = b; i < e; ++i) {
      parallel_for(0, 100, 1, [&](int64_t ib, int64_t ie) {
        ++inner_chunks;
        if (std::this_thread::get_id() != outer) inner_on_other_thread = true;
        total += static_cast<int>(ie - ib);
      });
    }
  });
  EXPECT_FALSE(in_parallel_region());
  EXPECT_EQ(inner_chunks, 4);  // one chunk per nested call
  EXPECT_EQ(total, 400);
  EXPECT_FALSE(inner_on_other_thread);
}

TEST_F(ParallelFor, ExceptionsReachTheCaller) {
  set_num_threads(4);
  for (int64_t bad : {0, 50, 99}) {
    std::atomic<int64_t> done{0};
    try {
      parallel_for(0, 100, 1, [&](int64_t b, int64_t e) {
        if (b <= bad && bad < e) throw std::runtime_error("chunk failed at " + std::to_string(bad));
        done += e - b;
      });
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "chunk failed at " + std::to_string(bad));
    }
    EXPECT_LT(done, 100);
  }
  // The pool still works afterwards.
  std::atomic<int64_t> n{0};
  parallel_for(0, 1000, 1, [&](int64_t b, int64_t e) { n += e - b; });
  EXPECT_EQ(n, 1000);
}

TEST_F(ParallelFor, ConcurrentCallersShareThePool) {
  set_num_threads(2);
  std::vector<std::thread> callers;
  std::atomic<int64_t> total{0};
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      for (int rep = 0; rep < 50; ++rep)
        parallel_for(0, 64, 1, [&](int64_t b, int64_t e) { total += e - b; });
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_EQ(total, 4 * 50 * 64);
}

using NumThreads = ThreadCount;

TEST_F(NumThreads, SetAndGet) {
  EXPECT_GE(get_num_threads(), 1);
  set_num_threads(3);
  EXPECT_EQ(get_num_threads(), 3);
  set_num_threads(1);
  EXPECT_EQ(get_num_threads(), 1);
  // One thread: everything runs on the caller.
  std::thread::id caller = std::this_thread::get_id();
  parallel_for(0, 100, 1, [&](int64_t, int64_t) { EXPECT_EQ(std::this_thread::get_id(), caller); });
}

TEST_F(NumThreads, RejectsNonPositive) {
  for (int n : {0, -2}) {
    try {
      set_num_threads(n);
      ADD_FAILURE() << "accepted " << n;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("set_num_threads"), std::string::npos);
    }
  }
}

TEST_F(NumThreads, CannotChangeFromInsideAChunk) {
  set_num_threads(2);
  EXPECT_THROW(parallel_for(0, 2, 1, [](int64_t, int64_t) { set_num_threads(1); }), Error);
  EXPECT_EQ(get_num_threads(), 2);
}

}  // namespace
}  // namespace ember::cpu
