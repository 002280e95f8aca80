#pragma once
// Rows measured in child processes, one library per process, so that neither library's
// loading or memory is charged to the other: start-up time and peak resident memory.
#include <string>

#include "harness.h"

namespace ember::bench {

// Median wall time of running bench_startup_{ember,libtorch} (make one tensor, exit).
Row startup_row(const std::string& bench_dir, int threads);
// Peak resident memory of bench_cnn_rss_{ember,libtorch}: 100 training steps of the main
// job's CNN at `threads` threads.
Row cnn_peak_rss_row(const std::string& bench_dir, int threads);

}  // namespace ember::bench
