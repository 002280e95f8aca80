#pragma once
#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

// Indices 0, 1, ..., size - 1 in order, every epoch.
class SequentialSampler : public EpochSampler {
 public:
  explicit SequentialSampler(size_t size) : EpochSampler(size) {}
  size_t epoch_length() const override { return size_; }

 protected:
  size_t index_at(size_t i) const override { return i; }
};

}  // namespace ember::data::samplers
