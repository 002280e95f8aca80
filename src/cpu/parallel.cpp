// The intra-op thread pool behind parallel_for and set_num_threads.
#include "cpu/parallel.h"

#include <cblas.h>
#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/parallel.h"

namespace ember::cpu {

namespace {

thread_local bool tls_in_parallel = false;

// Physical cores among the CPUs this process may run on: hyperthread siblings share a
// (package, core) pair in sysfs. Falls back to the logical count when sysfs is unreadable.
int physical_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  int logical = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return logical;
  std::set<std::pair<int, int>> cores;
  int allowed = CPU_COUNT(&set);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
    std::ifstream package(dir + "physical_package_id"), core(dir + "core_id");
    int p = -1, c = -1;
    if (!(package >> p) || !(core >> c)) return allowed;
    cores.insert({p, c});
  }
  return cores.empty() ? logical : static_cast<int>(cores.size());
}

// One parallel_for call: chunks still running and the first exception seen.
struct Job {
  std::mutex mutex;
  std::condition_variable done;
  int64_t remaining = 0;
  std::exception_ptr error;

  void finish(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mutex);
    if (e && !error) error = std::move(e);
    if (--remaining == 0) done.notify_all();
  }
};

struct Task {
  std::shared_ptr<Job> job;
  const std::function<void(int64_t, int64_t)>* fn;
  int64_t begin, end;
};

void run_task(const Task& task) {
  std::exception_ptr error;
  try {
    (*task.fn)(task.begin, task.end);
  } catch (...) {
    error = std::current_exception();
  }
  task.job->finish(std::move(error));
}

// Workers wait on one queue. The caller of parallel_for runs the first chunk itself, so a
// pool of n threads has n - 1 workers.
class ThreadPool {
 public:
  explicit ThreadPool(int num_threads) : num_threads_(num_threads) {
    for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return num_threads_; }

  void submit(std::vector<Task> tasks) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (Task& t : tasks) queue_.push_back(std::move(t));
    }
    ready_.notify_all();
  }

 private:
  void work() {
    tls_in_parallel = true;  // anything a worker runs is already inside a parallel region
    for (;;) {
      Task task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to run
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      run_task(task);
    }
  }

  int num_threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool stopping_ = false;
};

// The pool is made on first use and replaced by set_num_threads. Callers hold a shared_ptr
// for the duration of a parallel_for, so a pool being replaced finishes its jobs first.
std::mutex pool_mutex;
std::shared_ptr<ThreadPool> pool;
int configured_threads = 0;  // 0: not yet decided; guarded by pool_mutex

// Call with pool_mutex held.
int threads_locked() {
  if (configured_threads == 0) {
    configured_threads = physical_cores();
    openblas_set_num_threads(configured_threads);
    omp_set_num_threads(configured_threads);
  }
  return configured_threads;
}

std::shared_ptr<ThreadPool> get_pool() {
  std::lock_guard<std::mutex> lock(pool_mutex);
  if (!pool) pool = std::make_shared<ThreadPool>(threads_locked());
  return pool;
}

}  // namespace

bool in_parallel_region() { return tls_in_parallel; }

void parallel_for(int64_t begin, int64_t end, int64_t grain_size,
                  const std::function<void(int64_t, int64_t)>& fn) {
  if (begin >= end) return;
  int64_t range = end - begin;
  grain_size = std::max<int64_t>(grain_size, 1);
  if (range <= grain_size || tls_in_parallel) {
    fn(begin, end);
    return;
  }
  std::shared_ptr<ThreadPool> p = get_pool();
  int64_t chunks = std::min<int64_t>(p->num_threads(), (range + grain_size - 1) / grain_size);
  if (chunks <= 1) {
    fn(begin, end);
    return;
  }
  int64_t chunk_size = (range + chunks - 1) / chunks;
  chunks = (range + chunk_size - 1) / chunk_size;
  auto job = std::make_shared<Job>();
  job->remaining = chunks;
  std::vector<Task> tasks;
  for (int64_t c = 1; c < chunks; ++c)
    tasks.push_back({job, &fn, begin + c * chunk_size, std::min(end, begin + (c + 1) * chunk_size)});
  p->submit(std::move(tasks));
  // The caller runs chunk 0, marked as inside the region so that nested calls stay serial.
  tls_in_parallel = true;
  run_task({job, &fn, begin, std::min(end, begin + chunk_size)});
  tls_in_parallel = false;
  std::unique_lock<std::mutex> lock(job->mutex);
  job->done.wait(lock, [&] { return job->remaining == 0; });
  if (job->error) std::rethrow_exception(job->error);
}

}  // namespace ember::cpu

namespace ember {

void set_num_threads(int n) {
  EMBER_CHECK(n >= 1, "set_num_threads", "expected a positive number of threads, but got ", n);
  EMBER_CHECK(!cpu::in_parallel_region(), "set_num_threads",
              "cannot change the thread count from inside a parallel_for chunk");
  std::shared_ptr<cpu::ThreadPool> old;
  {
    std::lock_guard<std::mutex> lock(cpu::pool_mutex);
    cpu::configured_threads = n;
    old = std::move(cpu::pool);  // rebuilt with n threads on next use
  }
  // BLAS runs its own threads for GEMM, and oneDNN (convolution) OpenMP's: give them the same
  // budget so they never add up. OpenMP's count is per calling thread, so the conv kernels
  // also set it before each call (cpu/conv_kernel.cpp).
  openblas_set_num_threads(n);
  omp_set_num_threads(n);
}

int get_num_threads() {
  std::lock_guard<std::mutex> lock(cpu::pool_mutex);
  return cpu::threads_locked();
}

}  // namespace ember
