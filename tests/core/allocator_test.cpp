// The caching allocator: alignment, size classes, reuse and statistics.
#include <gtest/gtest.h>

#include <ember/ember.h>

namespace ember {
namespace {

TEST(Allocator, AlignedAndRoundedToSizeClasses) {
  EXPECT_EQ(cpu_allocator::round_size(1), 64u);
  EXPECT_EQ(cpu_allocator::round_size(1000), 1024u);
  EXPECT_EQ(cpu_allocator::round_size(1025), 1280u);  // quarter steps of the power of two
  EXPECT_EQ(cpu_allocator::round_size(4096), 4096u);
  EXPECT_EQ(cpu_allocator::round_size(4097), 5120u);
  Tensor t = empty({3}, kByte);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data_ptr()) % kAllocationAlignment, 0u);
}

TEST(Allocator, ReusesFreedBlocksAndTracksStats) {
  empty_cache();
  int64_t base = memory_allocated();
  void* first;
  {
    Tensor a = empty({1 << 20}, kFloat);  // 4 MiB
    first = a.data_ptr();
    EXPECT_EQ(memory_allocated(), base + (4 << 20));
  }
  EXPECT_EQ(memory_allocated(), base);
  EXPECT_GE(memory_reserved(), base + (4 << 20));  // kept in the cache
  Tensor b = empty({1 << 20}, kFloat);
  EXPECT_EQ(b.data_ptr(), first);  // same size class: the cached block comes back
  reset_peak_memory_stats();
  {
    Tensor c = empty({1 << 18}, kDouble);  // 2 MiB more
    EXPECT_EQ(max_memory_allocated(), memory_allocated());
  }
  EXPECT_EQ(max_memory_allocated(), base + (4 << 20) + (2 << 20));
  b.reset();
  empty_cache();
  EXPECT_EQ(memory_reserved(), memory_allocated());
}

TEST(Allocator, ZeroBytesAndFromBlob) {
  Tensor e = empty({0, 4});
  EXPECT_EQ(e.numel(), 0);
  float data[4] = {1, 2, 3, 4};
  int64_t before = memory_allocated();
  Tensor v = from_blob(data, {2, 2});
  EXPECT_EQ(memory_allocated(), before);  // wraps, does not allocate
  EXPECT_EQ(v.data_ptr(), data);
}

}  // namespace
}  // namespace ember
