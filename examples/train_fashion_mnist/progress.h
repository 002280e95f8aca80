#pragma once
// A per-epoch progress display: on a terminal one line redrawn in place
//   epoch 2/3 [=========>          ] 412/938  5210 img/s  loss 0.3121  ETA 0:09
// and, when stdout is not a terminal (CI logs, pipes), a plain line every 10% of the epoch.
#include <chrono>
#include <cstdint>
#include <string>

namespace fmnist {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total_batches, bool interactive);
  // After each batch: batches and images done so far this epoch, the running mean loss.
  void update(int64_t batches_done, int64_t images_done, double mean_loss);
  // Ends the display with a summary line (the bar's line is replaced on a terminal).
  void finish(const std::string& summary);

 private:
  std::string line(int64_t batches_done, int64_t images_done, double mean_loss) const;

  std::string label_;
  int64_t total_;
  bool interactive_;
  int last_decile_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// "m:ss" (or "h:mm:ss") for a duration in seconds.
std::string format_duration(double seconds);

}  // namespace fmnist
