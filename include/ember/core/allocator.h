#pragma once
// The CPU caching allocator. Freed blocks are kept in per-size-class free lists and handed
// out again, so a training loop that makes the same shapes each step stops calling malloc
// (and stops page-faulting fresh memory) after its first step. Blocks are 64-byte aligned.
//
// Size classes: four per power of two (2^k, 1.25*2^k, 1.5*2^k, 1.75*2^k), so at most 25%
// of a block is slack while repeated sizes always land in the same class.
#include <cstddef>
#include <cstdint>

namespace ember {

constexpr size_t kAllocationAlignment = 64;

namespace cpu_allocator {
// Returns a 64-byte aligned block of at least nbytes (nullptr for 0 bytes).
void* allocate(size_t nbytes);
// Returns a block from allocate(nbytes) to the cache.
void deallocate(void* ptr, size_t nbytes);
// The size class nbytes is rounded up to.
size_t round_size(size_t nbytes);
}  // namespace cpu_allocator

// Statistics, as torch.cuda's for the CPU allocator. Bytes are counted in whole size classes.
int64_t memory_allocated();      // bytes in blocks currently handed out
int64_t max_memory_allocated();  // peak of memory_allocated since start or the last reset
int64_t memory_reserved();       // handed out + cached
void reset_peak_memory_stats();
void empty_cache();              // returns every cached (free) block to the system

}  // namespace ember
