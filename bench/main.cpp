// ember vs LibTorch, side by side in one process (README "Benchmarks"). For each thread count,
// both libraries are told the same count the way a user would (ember::set_num_threads,
// torch::set_num_threads), the machine's limits are printed, then every row.
//
//   build/bench/ember_bench [--threads 1,2] [--json FILE] [--long] [--filter SUBSTR]
#include <torch/torch.h>

#include <ember/ember.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "child_rows.h"
#include "machine_limits.h"
#include "workloads.h"

namespace {

struct Args {
  std::vector<int> threads{1, 2};
  std::string json_path;
  bool long_rows = false;
  std::string filter;
  double sample_seconds = 0.2;
};

void usage() {
  std::puts("usage: ember_bench [--threads 1,2] [--json FILE] [--long] [--filter SUBSTR] [--sample-seconds S]\n"
            "  --threads   comma-separated thread counts (default 1,2)\n"
            "  --json      also write one JSON object per row to FILE\n"
            "  --long      include the long rows (fmnist_cnn_epoch)\n"
            "  --filter    only rows whose name contains SUBSTR");
}

Args parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument("missing value after " + a);
      return argv[++i];
    };
    if (a == "--threads") {
      args.threads.clear();
      std::stringstream list(value());
      for (std::string n; std::getline(list, n, ',');) args.threads.push_back(std::stoi(n));
    } else if (a == "--json") {
      args.json_path = value();
    } else if (a == "--long") {
      args.long_rows = true;
    } else if (a == "--filter") {
      args.filter = value();
    } else if (a == "--sample-seconds") {
      args.sample_seconds = std::stod(value());
    } else if (a == "--help" || a == "-h") {
      usage();
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown option " + a);
    }
  }
  return args;
}

std::string executable_dir() {
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  return self.substr(0, self.rfind('/'));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ember::bench;
  Args args;
  try {
    args = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ember_bench: %s\n", e.what());
    usage();
    return 2;
  }
  std::ofstream json;
  if (!args.json_path.empty()) json.open(args.json_path);
  auto emit = [&](const Row& row) {
    print_row(row);
    if (json.is_open()) json << to_json(row) << "\n" << std::flush;
  };
  auto wanted = [&](const std::string& name) {
    return args.filter.empty() || name.find(args.filter) != std::string::npos;
  };
  std::vector<WorkloadFactory> factories = overhead_workloads();
  for (auto list : {op_workloads(), train_workloads()}) factories.insert(factories.end(), list.begin(), list.end());
  std::string dir = executable_dir();

  for (int threads : args.threads) {
    ember::set_num_threads(threads);
    torch::set_num_threads(threads);
    std::printf("\n== %d thread%s: machine limits: sgemm 4096 %.1f GFLOP/s, triad %.1f GB/s ==\n", threads,
                threads == 1 ? "" : "s", sgemm_gflops(threads), triad_gbps(threads));
    ember::set_num_threads(threads);  // sgemm_gflops told OpenBLAS directly; restore ember's setting
    print_header_row();
    for (const WorkloadFactory& f : factories) {
      if (!wanted(f.name) || (f.long_only && !args.long_rows)) continue;
      ember::manual_seed(0);
      torch::manual_seed(0);
      Workload w = f.make();
      emit(measure(w, threads, args.sample_seconds));
    }
    if (wanted("startup_ms")) emit(startup_row(dir, threads));
    if (wanted("cnn_train_peak_rss_mb")) emit(cnn_peak_rss_row(dir, threads));
  }
  return 0;
}
