#include "machine_limits.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace ember::bench {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

double sgemm_gflops(int threads) {
  constexpr int n = 4096;
  openblas_set_num_threads(threads);
  std::vector<float> a(size_t{n} * n, 0.5f), b(size_t{n} * n, 0.25f), c(size_t{n} * n);
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    auto start = std::chrono::steady_clock::now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    best = std::min(best, seconds_since(start));
  }
  return 2.0 * n * n * n / best / 1e9;
}

double triad_gbps(int threads) {
  constexpr size_t n = size_t{1} << 25;  // 32M floats: 128 MB per array, far beyond the caches
  std::unique_ptr<float[]> a(new float[n]), b(new float[n]), c(new float[n]);
  auto run = [&](auto body) {
    std::vector<std::thread> pool;
    size_t chunk = (n + threads - 1) / threads;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { body(std::min(n, t * chunk), std::min(n, (t + 1) * chunk)); });
    for (auto& th : pool) th.join();
  };
  // First touch from the same threads that run the triad (pages land where they are used).
  run([&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) a[i] = 0, b[i] = 1, c[i] = 2;
  });
  double best = 1e30;
  for (int rep = 0; rep < 5; ++rep) {
    auto start = std::chrono::steady_clock::now();
    run([&](size_t lo, size_t hi) {
      for (size_t i = lo; i < hi; ++i) a[i] = b[i] + 3.0f * c[i];
    });
    best = std::min(best, seconds_since(start));
  }
  return 3.0 * sizeof(float) * n / best / 1e9;
}

}  // namespace ember::bench
