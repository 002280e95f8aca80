#pragma once
// The data loader, as LibTorch's torch::data::make_data_loader / StatelessDataLoader:
//
//   auto loader = data::make_data_loader(std::move(dataset), DataLoaderOptions(64).workers(2));
//   for (auto& batch : *loader) { ... }   // batch: whatever dataset.get_batch returns
//
// Each `begin()` starts an epoch: the sampler is reset, then batch requests
// (sampler.next(batch_size)) are fetched from the dataset, inline (workers == 0) or by worker
// threads that run up to max_jobs requests ahead. Batches are numbered when requested and
// handed out in that order (enforce_ordering), so the sequence is the same for any worker
// count and timing. An exception thrown while loading a batch is rethrown to the consumer when
// that batch is due. Destroying the loader, even mid-epoch, lets each worker finish the batch it
// is on, then joins it; abandoned batches are dropped.
//
// Threads: the workers share ember's one intra-op pool with the consumer (an op run by a
// worker splits its work over that same pool), so W workers never create W pools; at most
// workers + get_num_threads() threads compute at once. ember's parallel API has no per-thread
// thread count, so a worker's ops are not forced onto one thread: for many small batches,
// ember::set_num_threads(1) before training keeps the pool from contending with the workers.
//
// Beyond LibTorch: the epoch (from the sampler) is passed to datasets and transforms that take
// it (see datasets/map.h), and state() / load_state() save and restore the sampler position
// of the batches actually consumed (not those prefetched), to resume a run mid-epoch.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/data/dataloader_options.h"
#include "ember/data/datasets/map.h"
#include "ember/data/samplers/base.h"
#include "ember/data/samplers/random.h"

namespace ember::data {

template <class Dataset, class Sampler>
class StatelessDataLoader {
 public:
  using BatchType = typename Dataset::BatchType;
  using BatchRequestType = typename Sampler::BatchRequestType;

  // An input iterator over one epoch; the end iterator holds no batch.
  class Iterator {
   public:
    using value_type = BatchType;
    using difference_type = std::ptrdiff_t;
    using reference = BatchType&;

    Iterator() = default;
    BatchType& operator*() { return *batch_; }
    BatchType* operator->() { return &*batch_; }
    Iterator& operator++() {
      batch_ = loader_->next();
      return *this;
    }
    bool operator==(const Iterator& other) const {
      return batch_.has_value() == other.batch_.has_value() && (!batch_ || loader_ == other.loader_);
    }

   private:
    friend class StatelessDataLoader;
    Iterator(StatelessDataLoader* loader, std::optional<BatchType> batch)
        : loader_(loader), batch_(std::move(batch)) {}

    StatelessDataLoader* loader_ = nullptr;
    std::optional<BatchType> batch_;
  };

  StatelessDataLoader(Dataset dataset, Sampler sampler, DataLoaderOptions options)
      : dataset_(std::move(dataset)), sampler_(std::move(sampler)), options_(std::move(options)) {
    EMBER_CHECK(options_.batch_size() > 0, "DataLoader", "batch_size must be positive");
    if (!options_.max_jobs()) options_.max_jobs(2 * options_.workers());
    EMBER_CHECK(options_.workers() == 0 || *options_.max_jobs() > 0, "DataLoader",
                "max_jobs must be positive when workers > 0, but got 0");
    for (size_t i = 0; i < options_.workers(); ++i) threads_.emplace_back([this] { work(); });
  }

  ~StatelessDataLoader() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    work_cv_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

  StatelessDataLoader(const StatelessDataLoader&) = delete;
  StatelessDataLoader& operator=(const StatelessDataLoader&) = delete;

  // Starts an epoch (abandoning any unfinished one) and returns an iterator at its first batch.
  Iterator begin() {
    reset();
    return Iterator(this, next());
  }
  Iterator end() { return Iterator(); }

  const DataLoaderOptions& options() const noexcept { return options_; }
  Sampler& sampler() noexcept { return sampler_; }

  // The sampler's state after the last batch handed to the consumer: load_state() of it makes
  // the next begin() continue with the batch after that one.
  samplers::SamplerState state() const { return consumed_; }
  void load_state(const samplers::SamplerState& state) {
    discard_in_flight();
    sampler_.load_state(state);
    consumed_ = state;
  }

 private:
  struct Job {
    size_t generation, sequence, epoch;
    BatchRequestType request;
    samplers::SamplerState after;
  };
  struct Result {
    std::optional<BatchType> batch;
    std::exception_ptr error;
    samplers::SamplerState after;
  };

  void reset() {
    discard_in_flight();
    sampler_.reset(std::nullopt);
    exhausted_ = false;
    consumed_ = sampler_state();
  }

  void discard_in_flight() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;  // results of jobs already taken by workers are dropped when they finish
    jobs_.clear();
    results_.clear();
    in_flight_ = 0;
    next_sequence_ = expected_sequence_ = 0;
  }

  samplers::SamplerState sampler_state() const {
    if constexpr (requires { sampler_.state(); }) {
      return sampler_.state();
    } else {
      return {};
    }
  }

  // The next request of this epoch, or nullopt at its end (or a short last batch with drop_last).
  std::optional<BatchRequestType> next_request() {
    if (exhausted_) return std::nullopt;
    std::optional<BatchRequestType> request = sampler_.next(options_.batch_size());
    if (!request || (options_.drop_last() && request->size() < options_.batch_size())) {
      exhausted_ = true;
      return std::nullopt;
    }
    return request;
  }

  std::optional<BatchType> next() {
    if (options_.workers() == 0) {
      std::optional<BatchRequestType> request = next_request();
      if (!request) return std::nullopt;
      size_t epoch = sampler_state().epoch;
      BatchType batch = detail::get_batch_at(dataset_, std::move(*request), epoch);
      consumed_ = sampler_state();
      return batch;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    // Keep max_jobs batches requested ahead. The sampler is only ever touched here, on the
    // consumer's thread.
    while (in_flight_ < *options_.max_jobs()) {
      std::optional<BatchRequestType> request = next_request();
      if (!request) break;
      jobs_.push_back({generation_, next_sequence_++, sampler_state().epoch, std::move(*request),
                       sampler_state()});
      ++in_flight_;
      work_cv_.notify_one();
    }
    if (in_flight_ == 0) return std::nullopt;
    auto ready = [&] {
      return options_.enforce_ordering() ? results_.count(expected_sequence_) > 0 : !results_.empty();
    };
    if (options_.timeout()) {
      EMBER_CHECK(result_cv_.wait_for(lock, *options_.timeout(), ready), "DataLoader",
                  "timed out after ", options_.timeout()->count(), " ms waiting for batch ",
                  expected_sequence_, " from ", options_.workers(), " workers");
    } else {
      result_cv_.wait(lock, ready);
    }
    auto it = options_.enforce_ordering() ? results_.find(expected_sequence_) : results_.begin();
    Result result = std::move(it->second);
    results_.erase(it);
    --in_flight_;
    ++expected_sequence_;
    lock.unlock();
    if (result.error) std::rethrow_exception(result.error);
    consumed_ = result.after;
    return std::move(result.batch);
  }

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_cv_.wait(lock, [&] { return shutdown_ || !jobs_.empty(); });
        if (shutdown_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      Result result;
      result.after = job.after;
      try {
        result.batch = detail::get_batch_at(dataset_, std::move(job.request), job.epoch);
      } catch (...) {
        result.error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (job.generation != generation_) continue;  // from an abandoned epoch
        results_.emplace(job.sequence, std::move(result));
      }
      result_cv_.notify_all();
    }
  }

  Dataset dataset_;
  Sampler sampler_;
  DataLoaderOptions options_;
  samplers::SamplerState consumed_;
  bool exhausted_ = false;

  // Shared with the workers, under mutex_.
  std::mutex mutex_;
  std::condition_variable work_cv_, result_cv_;
  std::deque<Job> jobs_;
  std::map<size_t, Result> results_;  // finished batches by sequence number
  size_t generation_ = 0;
  size_t in_flight_ = 0;  // requested and not yet handed out
  size_t next_sequence_ = 0, expected_sequence_ = 0;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;  // last: started once everything above is constructed
};

// A loader over `dataset` with a Sampler built from the dataset's size, as LibTorch's.
template <class Sampler = samplers::RandomSampler, class Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
    Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  std::optional<size_t> size = dataset.size();
  EMBER_CHECK(size.has_value(), "make_data_loader",
              "the dataset has no size: pass a sampler explicitly");
  Sampler sampler(*size);
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset), std::move(sampler),
                                                                 std::move(options));
}

template <class Dataset, class Sampler>
  requires std::is_base_of_v<samplers::Sampler<typename Sampler::BatchRequestType>, Sampler>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
    Dataset dataset, Sampler sampler, DataLoaderOptions options = DataLoaderOptions()) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset), std::move(sampler),
                                                                 std::move(options));
}

}  // namespace ember::data
