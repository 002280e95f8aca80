#include "child_rows.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace ember::bench {
namespace {

struct ChildResult {
  double seconds;
  double peak_rss_mb;
};

// Runs `path args...`, waits, and returns its wall time and peak resident set (wait4's rusage).
ChildResult run_child(const std::string& path, std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("bench: cannot start " + path);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("bench: " + path + " failed");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {seconds, usage.ru_maxrss / 1024.0};  // ru_maxrss is in KiB on Linux
}

double median_seconds(const std::string& path, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) t.push_back(run_child(path, {}).seconds);
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

Row startup_row(const std::string& bench_dir, int threads) {
  run_child(bench_dir + "/bench_startup_ember", {});  // warm the page cache for both
  run_child(bench_dir + "/bench_startup_libtorch", {});
  double e = median_seconds(bench_dir + "/bench_startup_ember", 9);
  double t = median_seconds(bench_dir + "/bench_startup_libtorch", 5);
  return {"startup_ms", threads, Unit::Millis, e * 1e3, t * 1e3};
}

Row cnn_peak_rss_row(const std::string& bench_dir, int threads) {
  std::string n = std::to_string(threads);
  double e = run_child(bench_dir + "/bench_cnn_rss_ember", {n}).peak_rss_mb;
  double t = run_child(bench_dir + "/bench_cnn_rss_libtorch", {n}).peak_rss_mb;
  return {"cnn_train_peak_rss_mb", threads, Unit::MegaBytes, e, t};
}

}  // namespace ember::bench
