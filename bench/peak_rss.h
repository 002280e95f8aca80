#pragma once
// For the bench's child processes: this process's peak resident memory (VmHWM in
// /proc/self/status), in kB.
#include <fstream>
#include <string>

namespace ember::bench {

inline long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace ember::bench
