#pragma once
// What every oneDNN call in ember shares: the CPU engine, a cache of primitives (a primitive
// is JIT-compiled code, made once per shape), and the thread count. Debian's oneDNN threads
// with OpenMP, whose thread count is per calling thread: set_dnnl_threads() gives it ember's
// count (one thread inside a parallel_for chunk) right before a primitive runs.
#include <dnnl.hpp>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ember::cpu {

dnnl::engine& dnnl_engine();
// The thread count oneDNN runs with here: ember's, or 1 inside a parallel_for chunk.
int dnnl_threads();
void set_dnnl_threads();

// A primitive descriptor and its primitive.
template <class PD, class P>
struct DnnlCached {
  PD pd;
  P prim;
};

// The cached primitive for `key` (shapes, strides, attributes), made by make() on first use.
// A primitive is planned for the thread count current when it is made (a plan for one thread
// runs on one thread forever), so the count is part of the key, and set before make() runs.
template <class PD, class P, class Make>
DnnlCached<PD, P> dnnl_cached(const std::string& shape_key, Make&& make) {
  static std::mutex mutex;
  static std::unordered_map<std::string, DnnlCached<PD, P>> cache;
  set_dnnl_threads();
  const std::string key = shape_key + "#threads=" + std::to_string(dnnl_threads());
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  PD pd = make();
  DnnlCached<PD, P> c{pd, P(pd)};
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace(key, c);
  return c;
}

}  // namespace ember::cpu
