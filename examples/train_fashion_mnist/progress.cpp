#include "progress.h"

#include <cstdio>

namespace fmnist {

namespace {
constexpr int kBarWidth = 24;
}

std::string format_duration(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

ProgressBar::ProgressBar(std::string label, int64_t total_batches, bool interactive)
    : label_(std::move(label)), total_(total_batches), interactive_(interactive),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

std::string ProgressBar::line(int64_t batches_done, int64_t images_done, double mean_loss) const {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? images_done / elapsed : 0;
  double eta = batches_done > 0 ? elapsed * static_cast<double>(total_ - batches_done) / batches_done : 0;
  int filled = total_ > 0 ? static_cast<int>(kBarWidth * batches_done / total_) : kBarWidth;
  std::string bar(static_cast<size_t>(filled), '=');
  if (filled < kBarWidth) bar += '>';
  bar.resize(kBarWidth, ' ');
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s [%s] %lld/%lld  %.0f img/s  loss %.4f  ETA %s", label_.c_str(), bar.c_str(),
                static_cast<long long>(batches_done), static_cast<long long>(total_), rate, mean_loss,
                format_duration(eta).c_str());
  return buf;
}

void ProgressBar::update(int64_t batches_done, int64_t images_done, double mean_loss) {
  auto now = std::chrono::steady_clock::now();
  if (interactive_) {
    // Redraw at most 10 times a second: terminals are slow and the loop is fast.
    if (now - last_draw_ < std::chrono::milliseconds(100) && batches_done < total_) return;
    last_draw_ = now;
    std::printf("\r%s\033[K", line(batches_done, images_done, mean_loss).c_str());
    std::fflush(stdout);
    return;
  }
  int decile = total_ > 0 ? static_cast<int>(10 * batches_done / total_) : 10;
  if (decile > last_decile_) {
    last_decile_ = decile;
    std::printf("%s\n", line(batches_done, images_done, mean_loss).c_str());
    std::fflush(stdout);
  }
}

void ProgressBar::finish(const std::string& summary) {
  if (interactive_) std::printf("\r\033[K");
  std::printf("%s\n", summary.c_str());
  std::fflush(stdout);
}

}  // namespace fmnist
