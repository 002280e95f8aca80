#pragma once
// parallel_for: splits [begin, end) into chunks run on ember's intra-op pool.
//
// - A range of at most `grain_size` elements (or one thread configured) runs inline on the
//   calling thread: tiny ops pay no hand-off.
// - No nested oversubscription: a parallel_for called from inside a chunk (on a worker or on
//   the caller while it runs its own chunk) runs serially, inline.
// - The first exception thrown by any chunk is rethrown on the caller once all chunks have
//   finished.
// fn(chunk_begin, chunk_end) gets disjoint, non-empty subranges covering [begin, end).
#include <cstdint>
#include <functional>

namespace ember::cpu {

// True on a pool worker, and on a caller while it runs a chunk of its parallel_for.
bool in_parallel_region();

void parallel_for(int64_t begin, int64_t end, int64_t grain_size,
                  const std::function<void(int64_t, int64_t)>& fn);

}  // namespace ember::cpu
