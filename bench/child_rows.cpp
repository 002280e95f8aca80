#include "child_rows.h"

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace ember::bench {
namespace {

// Runs `path args...`, waits, and returns its wall time.
double run_child(const std::string& path, std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("bench: cannot start " + path);
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("bench: " + path + " failed");
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs `command`, which prints its own peak resident memory (VmHWM, kB) as its last line.
// Not wait4's ru_maxrss: a child started from this process inherits the parent's high-water
// mark across exec, so it would report the bench's own size.
double child_peak_rss_mb(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("bench: cannot start " + command);
  char line[256];
  double kb = -1;
  while (std::fgets(line, sizeof line, pipe)) kb = std::atof(line);
  if (pclose(pipe) != 0 || kb <= 0) throw std::runtime_error("bench: " + command + " failed");
  return kb / 1024.0;
}

double median_seconds(const std::string& path, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) t.push_back(run_child(path, {}));
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
  auto command = [&](const char* program) {
    std::string c = bench_dir;  // appended piecewise: GCC 12 misreports a + b + c (-Wrestrict)
    c.append("/").append(program).append(" ").append(std::to_string(threads));
    return c;
  };
  double e = child_peak_rss_mb(command("bench_cnn_rss_ember"));
  double t = child_peak_rss_mb(command("bench_cnn_rss_libtorch"));
  return {"cnn_train_peak_rss_mb", threads, Unit::MegaBytes, e, t};
}

}  // namespace ember::bench
