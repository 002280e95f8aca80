#pragma once
// DataLoaderOptions as LibTorch's: DataLoaderOptions().batch_size(64).workers(2).drop_last(true).
#include <chrono>
#include <cstddef>
#include <optional>

#include "ember/nn/arg.h"

namespace ember::data {

struct DataLoaderOptions {
  DataLoaderOptions() = default;
  /* implicit */ DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {}  // NOLINT

  // Examples per batch.
  EMBER_ARG(size_t, batch_size) = 1;
  // Worker threads that load batches ahead of the consumer; 0 loads on the consumer's thread.
  EMBER_ARG(size_t, workers) = 0;
  // Batches requested ahead at most (loading or loaded, not yet consumed); default 2 * workers.
  EMBER_ARG(std::optional<size_t>, max_jobs);
  // How long the consumer waits for one batch before throwing; unset waits forever.
  EMBER_ARG(std::optional<std::chrono::milliseconds>, timeout);
  // Batches come out in sampler order (true) or in the order workers finish them (false).
  EMBER_ARG(bool, enforce_ordering) = true;
  // Drops a last batch smaller than batch_size.
  EMBER_ARG(bool, drop_last) = false;
};

}  // namespace ember::data
