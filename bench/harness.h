#pragma once
// The side-by-side harness: each workload has an ember and a LibTorch body that do the same
// work; they run alternately in one process after warm-up, and the median of repeated samples
// of each is turned into the row's unit (µs/op, GB/s, GFLOP/s, ms, s).
#include <functional>
#include <string>
#include <vector>

namespace ember::bench {

enum class Unit { MicrosPerOp, GBps, GFlops, Millis, Seconds, MegaBytes };
const char* to_string(Unit unit);
// Higher-is-better units (GB/s, GFLOP/s) give speedup = ember / libtorch; the others
// (times, memory) give speedup = libtorch / ember.
bool higher_is_better(Unit unit);

// One body call does `work_per_call` units of work: ops for µs/op, bytes for GB/s, flops for
// GFLOP/s, 1 for ms/s (the figure is then the time of one call).
struct Workload {
  std::string name;
  Unit unit;
  double work_per_call;
  std::function<void()> ember;
  std::function<void()> libtorch;
  int samples = 7;     // alternating samples per side; the median is reported
  bool warmup = true;  // false for workloads too long to run an extra time (one epoch)
};

// A workload prepared for a thread count: `make` allocates its tensors after the thread count
// is set and frees them when the returned Workload is destroyed.
struct WorkloadFactory {
  std::string name;
  bool long_only = false;  // only with --long
  std::function<Workload()> make;
};

// A row measured elsewhere (child processes, machine limits): figures already in the unit.
struct Row {
  std::string name;
  int threads;
  Unit unit;
  double ember, libtorch;
  double speedup() const;
};

// Times one workload: warm-up, an iteration count per sample so that a sample lasts about
// `sample_seconds`, then `samples` alternating samples.
Row measure(const Workload& w, int threads, double sample_seconds);

void print_header_row();
void print_row(const Row& row);
std::string to_json(const Row& row);

}  // namespace ember::bench
