#pragma once
// Grad mode: whether ops record the autograd graph on this thread, with LibTorch's guards.
namespace ember {

class GradMode {
 public:
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

// Restores the previous mode on scope exit.
class AutoGradMode {
 public:
  explicit AutoGradMode(bool enabled) : previous_(GradMode::is_enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~AutoGradMode() { GradMode::set_enabled(previous_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;

 private:
  bool previous_;
};

// `ember::NoGradGuard no_grad;` disables recording for the enclosing scope.
class NoGradGuard : public AutoGradMode {
 public:
  NoGradGuard() : AutoGradMode(false) {}
};

// Inference mode: no recording (ember has no separate inference tensors; tensors made here
// behave as ones made under NoGradGuard).
class InferenceMode : public AutoGradMode {
 public:
  explicit InferenceMode(bool enabled = true) : AutoGradMode(!enabled) {}
  static bool is_enabled() { return !GradMode::is_enabled(); }
};

}  // namespace ember
