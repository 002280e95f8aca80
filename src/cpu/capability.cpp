#include "cpu/capability.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>

namespace ember::cpu {

namespace {

CpuCapability supported() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return CpuCapability::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return CpuCapability::Avx2;
  return CpuCapability::Default;
}

CpuCapability from_environment(CpuCapability best) {
  const char* env = std::getenv("EMBER_CPU_CAPABILITY");
  if (env == nullptr) return best;
  std::string_view v(env);
  CpuCapability wanted = v == "avx512" ? CpuCapability::Avx512
                         : v == "avx2" ? CpuCapability::Avx2
                                       : CpuCapability::Default;
  return std::min(wanted, best);
}

// Function-local statics: safe to call from other translation units' static initialisers.
CpuCapability best_supported() {
  static const CpuCapability best = supported();
  return best;
}
std::atomic<CpuCapability>& current() {
  static std::atomic<CpuCapability> value{from_environment(best_supported())};
  return value;
}

}  // namespace

CpuCapability cpu_capability() { return current().load(std::memory_order_relaxed); }

CpuCapability set_cpu_capability(CpuCapability capability) {
  return current().exchange(std::min(capability, best_supported()));
}

}  // namespace ember::cpu
