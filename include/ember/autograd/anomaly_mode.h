#pragma once
// Anomaly detection, as torch::autograd::AnomalyMode / detect_anomaly: while enabled, every
// recorded node remembers the forward op that made it, and backward throws at the first
// gradient holding NaN, naming that op.
namespace ember::autograd {

class AnomalyMode {
 public:
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

// Enables anomaly mode for a scope.
class DetectAnomalyGuard {
 public:
  DetectAnomalyGuard() : previous_(AnomalyMode::is_enabled()) { AnomalyMode::set_enabled(true); }
  ~DetectAnomalyGuard() { AnomalyMode::set_enabled(previous_); }
  DetectAnomalyGuard(const DetectAnomalyGuard&) = delete;
  DetectAnomalyGuard& operator=(const DetectAnomalyGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace ember::autograd
