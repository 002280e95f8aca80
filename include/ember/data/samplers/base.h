#pragma once
// Samplers produce the indices of each batch, as LibTorch's torch::data::samplers:
// reset(new_size) starts an epoch, next(batch_size) returns up to batch_size indices or
// std::nullopt once the epoch is exhausted.
//
// Beyond LibTorch, every sampler here has an epoch and a position that make up its whole state
// (SamplerState): state() / load_state() let a trainer save progress mid-epoch and resume with
// exactly the remaining batches. Epoch rule: reset() moves to the next epoch once the current
// one has been drawn from; straight after construction, set_epoch() or load_state() it keeps
// the epoch and position as positioned (a new_size restarts the epoch at position 0), so the data loader's reset at the start of iteration does not skip
// the epoch a user chose or restored.
#include <cstddef>
#include <optional>
#include <vector>

namespace ember::data::samplers {

struct SamplerState {
  size_t epoch = 0;
  size_t index = 0;  // indices already handed out in this epoch
  bool operator==(const SamplerState&) const = default;
};

template <class BatchRequest = std::vector<size_t>>
class Sampler {
 public:
  using BatchRequestType = BatchRequest;

  virtual ~Sampler() = default;
  virtual void reset(std::optional<size_t> new_size) = 0;
  virtual std::optional<BatchRequest> next(size_t batch_size) = 0;
  virtual SamplerState state() const = 0;
  virtual void load_state(const SamplerState& state) = 0;
};

// Shared bookkeeping of the epoch rule above for index samplers.
class EpochSampler : public Sampler<> {
 public:
  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  SamplerState state() const override { return {epoch_, index_}; }
  void load_state(const SamplerState& state) override;

  // Positions the sampler at the start of `epoch` (as PyTorch's DistributedSampler.set_epoch).
  void set_epoch(size_t epoch);
  size_t epoch() const noexcept { return epoch_; }
  size_t index() const noexcept { return index_; }
  // Examples one epoch of this sampler yields.
  virtual size_t epoch_length() const = 0;

 protected:
  explicit EpochSampler(size_t size) : size_(size) {}
  // The dataset index at position i in [0, epoch_length()) of the current epoch.
  virtual size_t index_at(size_t i) const = 0;
  // Called whenever size_ or epoch_ changed: rebuild any per-epoch order.
  virtual void on_epoch_change() {}

  size_t size_;

 private:
  size_t epoch_ = 0;
  size_t index_ = 0;
  bool drawn_ = false;  // next() has been called since the epoch was positioned
};

}  // namespace ember::data::samplers
