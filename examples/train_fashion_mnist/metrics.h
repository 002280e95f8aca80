#pragma once
// The run's record: metrics.csv (epoch, step, loss, accuracy, seconds) and a loss/accuracy
// chart (metrics.svg) that a browser opens. Rows come every `log_every` steps (loss: mean
// training loss since the previous row, accuracy empty) and at each epoch's end (loss: the
// epoch's mean training loss, accuracy: test accuracy, seconds: the epoch's wall time).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fmnist {

struct MetricsRow {
  int64_t epoch = 0;
  int64_t step = 0;  // optimizer steps since the start of training
  double loss = 0;
  std::optional<double> accuracy;
  double seconds = 0;
};

class MetricsLog {
 public:
  explicit MetricsLog(std::string csv_path) : path_(std::move(csv_path)) {}
  // For --resume: reads the existing file and keeps the rows of epochs <= `last_epoch` (the
  // rows of an interrupted epoch are dropped; that epoch is run again).
  void reload_through(int64_t last_epoch);
  void add(const MetricsRow& row) { rows_.push_back(row); }
  // Rewrites metrics.csv and the chart next to it (metrics.svg), each atomically.
  void save() const;
  const std::vector<MetricsRow>& rows() const { return rows_; }

 private:
  std::string path_;
  std::vector<MetricsRow> rows_;
};

// Two panels: training loss against step, test accuracy against epoch.
std::string chart_svg(const std::vector<MetricsRow>& rows);

}  // namespace fmnist
