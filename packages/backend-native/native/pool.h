// A small fork-join thread pool shared by GEMM and the elementwise kernels.
// The calling (JavaScript) thread takes parts too; workers spin briefly for the
// next job, then sleep, so they do not compete with the JS thread between ops.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pretrain {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /** Threads taking parts, the calling thread included. */
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  /** Runs task(part) for every part in [0, parts); returns when all are done. */
  void run(int parts, const std::function<void(int)>& task);

 private:
  void workerLoop();
  void takeParts(const std::function<void(int)>* task, int parts);

  std::vector<std::thread> workers_;
  /** Held by the caller whose job the workers run: a second caller (another JS thread) runs its parts alone. */
  std::mutex callerMutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> nextPart_{0};
  std::atomic<int> remaining_{0};
  std::atomic<int> active_{0};
  const std::function<void(int)>* task_ = nullptr;
  int parts_ = 0;
  int sleepers_ = 0;
  bool stopping_ = false;
};

/** The process-wide pool (size from PRETRAIN_NATIVE_THREADS, else the online cores). */
ThreadPool& pool();
/** Replaces the process-wide pool with one of `threads` threads. */
void resizePool(int threads);

/**
 * Splits [0, count) into at most pool().size() ranges of at least `grain`
 * items and runs body(begin, end) on each, in parallel.
 */
void parallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

}  // namespace pretrain
