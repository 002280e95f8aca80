#include "harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ember::bench {

const char* to_string(Unit unit) {
  switch (unit) {
    case Unit::MicrosPerOp: return "us/op";
    case Unit::GBps: return "GB/s";
    case Unit::GFlops: return "GFLOP/s";
    case Unit::Millis: return "ms";
    case Unit::Seconds: return "s";
    case Unit::MegaBytes: return "MB";
  }
  return "?";
}

bool higher_is_better(Unit unit) { return unit == Unit::GBps || unit == Unit::GFlops; }

double Row::speedup() const { return higher_is_better(unit) ? ember / libtorch : libtorch / ember; }

namespace {

double seconds_of(const std::function<void()>& body, int iterations) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) body();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Iterations so that a sample lasts about `sample_seconds` (at least one).
int calibrate(const std::function<void()>& body, double sample_seconds) {
  int iterations = 1;
  for (;;) {
    double t = seconds_of(body, iterations);
    if (t >= sample_seconds / 4 || iterations >= (1 << 24)) {
      return std::max(1, static_cast<int>(std::lround(iterations * sample_seconds / std::max(t, 1e-9))));
    }
    iterations *= 4;
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Seconds per call into the row's unit.
double figure(Unit unit, double work_per_call, double seconds_per_call) {
  switch (unit) {
    case Unit::MicrosPerOp: return seconds_per_call * 1e6 / work_per_call;
    case Unit::GBps: return work_per_call / seconds_per_call / 1e9;
    case Unit::GFlops: return work_per_call / seconds_per_call / 1e9;
    case Unit::Millis: return seconds_per_call * 1e3 / work_per_call;
    case Unit::Seconds: return seconds_per_call / work_per_call;
    case Unit::MegaBytes: break;  // memory rows are measured in child processes, not timed
  }
  throw std::logic_error("bench: unit " + std::string(to_string(unit)) + " is not a timed unit");
}

}  // namespace

Row measure(const Workload& w, int threads, double sample_seconds) {
  // Warm-up: caches, allocator pools, lazily built kernels and thread pools on both sides;
  // then an iteration count per sample (one call per sample for long workloads).
  int n_ember = 1, n_torch = 1;
  if (w.warmup) {
    w.ember();
    w.libtorch();
    n_ember = calibrate(w.ember, sample_seconds);
    n_torch = calibrate(w.libtorch, sample_seconds);
  }
  std::vector<double> ember_t, torch_t;
  for (int s = 0; s < w.samples; ++s) {
    ember_t.push_back(seconds_of(w.ember, n_ember) / n_ember);
    torch_t.push_back(seconds_of(w.libtorch, n_torch) / n_torch);
  }
  return {w.name, threads, w.unit, figure(w.unit, w.work_per_call, median(ember_t)),
          figure(w.unit, w.work_per_call, median(torch_t))};
}

void print_header_row() {
  std::printf("%-28s %7s %9s %12s %12s %9s\n", "name", "threads", "unit", "ember", "libtorch", "speedup");
}

void print_row(const Row& row) {
  std::printf("%-28s %7d %9s %12.4g %12.4g %8.2fx\n", row.name.c_str(), row.threads, to_string(row.unit),
              row.ember, row.libtorch, row.speedup());
  std::fflush(stdout);
}

std::string to_json(const Row& row) {
  std::ostringstream s;
  s.precision(6);
  s << "{\"name\": \"" << row.name << "\", \"threads\": " << row.threads << ", \"unit\": \""
    << to_string(row.unit) << "\", \"ember\": " << row.ember << ", \"libtorch\": " << row.libtorch
    << ", \"speedup\": " << row.speedup() << "}";
  return s.str();
}

}  // namespace ember::bench
