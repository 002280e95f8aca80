#include "ember/core/allocator.h"

#include <bit>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace ember {

namespace {

// Blocks this small are rounded to a 64-byte multiple; larger ones to a quarter power of two.
constexpr size_t kSmallLimit = 1024;

struct CacheState {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void*>> free_blocks;  // size class -> blocks
  int64_t allocated = 0;
  int64_t peak = 0;
  int64_t cached = 0;
};

// Leaked on purpose: tensors with static storage duration may be freed after any static
// destructor would have run.
CacheState& state() {
  static auto* s = new CacheState();
  return *s;
}

}  // namespace

namespace cpu_allocator {

size_t round_size(size_t nbytes) {
  if (nbytes <= kSmallLimit) return (nbytes + kAllocationAlignment - 1) & ~(kAllocationAlignment - 1);
  size_t pow2 = std::bit_floor(nbytes);
  size_t quarter = pow2 / 4;
  return (nbytes + quarter - 1) / quarter * quarter;
}

void* allocate(size_t nbytes) {
  if (nbytes == 0) return nullptr;
  size_t size = round_size(nbytes);
  CacheState& s = state();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.allocated += static_cast<int64_t>(size);
    if (s.allocated > s.peak) s.peak = s.allocated;
    auto it = s.free_blocks.find(size);
    if (it != s.free_blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      s.cached -= static_cast<int64_t>(size);
      return p;
    }
  }
  void* p = std::aligned_alloc(kAllocationAlignment, size);
  if (!p) {
    // Give cached memory back and try once more before reporting out-of-memory.
    empty_cache();
    p = std::aligned_alloc(kAllocationAlignment, size);
  }
  if (!p) {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.allocated -= static_cast<int64_t>(size);
    throw std::bad_alloc();
  }
  return p;
}

void deallocate(void* ptr, size_t nbytes) {
  if (!ptr) return;
  size_t size = round_size(nbytes);
  CacheState& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.allocated -= static_cast<int64_t>(size);
  s.cached += static_cast<int64_t>(size);
  s.free_blocks[size].push_back(ptr);
}

}  // namespace cpu_allocator

int64_t memory_allocated() {
  std::lock_guard<std::mutex> lock(state().mutex);
  return state().allocated;
}
int64_t max_memory_allocated() {
  std::lock_guard<std::mutex> lock(state().mutex);
  return state().peak;
}
int64_t memory_reserved() {
  std::lock_guard<std::mutex> lock(state().mutex);
  return state().allocated + state().cached;
}
void reset_peak_memory_stats() {
  std::lock_guard<std::mutex> lock(state().mutex);
  state().peak = state().allocated;
}
void empty_cache() {
  CacheState& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  for (auto& [size, blocks] : s.free_blocks)
    for (void* p : blocks) std::free(p);
  s.free_blocks.clear();
  s.cached = 0;
}

}  // namespace ember
