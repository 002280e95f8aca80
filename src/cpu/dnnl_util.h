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
void set_dnnl_threads();

// A primitive descriptor and its primitive.
template <class PD, class P>
struct DnnlCached {
  PD pd;
  P prim;
};

// The cached primitive for `key` (shapes, strides, attributes), made by make() on first use.
template <class PD, class P, class Make>
DnnlCached<PD, P> dnnl_cached(const std::string& key, Make&& make) {
  static std::mutex mutex;
  static std::unordered_map<std::string, DnnlCached<PD, P>> cache;
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
