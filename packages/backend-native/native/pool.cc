#include "pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace pretrain {

namespace {

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spinning catches the next op of a training step without a futex wake-up, but
// steals a core from the JS thread (and from other processes) while it lasts.
constexpr auto kSpin = std::chrono::microseconds(50);

/** Spins until done() or kSpin has passed; whether done() became true. */
template <typename Done>
bool spinUntil(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    for (int i = 0; i < 32; i++) {
      if (done()) return true;
      relax();
    }
    if (std::chrono::steady_clock::now() >= deadline) return done();
  }
}

int defaultThreads() {
  const char* configured = std::getenv("PRETRAIN_NATIVE_THREADS");
  if (configured != nullptr && std::atoi(configured) > 0) return std::atoi(configured);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

std::unique_ptr<ThreadPool>& poolSlot() {
  static std::unique_ptr<ThreadPool> slot;
  return slot;
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int index = 1; index < threads; index++) workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::takeParts(const std::function<void(int)>* task, int parts) {
  for (;;) {
    int part = nextPart_.fetch_add(1, std::memory_order_acq_rel);
    if (part >= parts) return;
    (*task)(part);
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen; });
    const std::function<void(int)>* task;
    int parts;
    {
      // Registering as active under the lock: run() never resets the counters while a worker may still use them.
      std::unique_lock<std::mutex> lock(mutex_);
      if (generation_.load(std::memory_order_acquire) == seen && !stopping_) {
        sleepers_++;
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen || stopping_; });
        sleepers_--;
      }
      if (stopping_) return;
      seen = generation_.load(std::memory_order_acquire);
      task = task_;
      parts = parts_;
      active_.fetch_add(1, std::memory_order_acq_rel);
    }
    takeParts(task, parts);
    active_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::run(int parts, const std::function<void(int)>& task) {
  std::unique_lock<std::mutex> caller(callerMutex_, std::try_to_lock);
  if (parts <= 1 || workers_.empty() || !caller.owns_lock()) {
    for (int part = 0; part < parts; part++) task(part);
    return;
  }
  bool notify;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    // A worker still leaving the previous job must be gone before the counters are reset.
    while (active_.load(std::memory_order_acquire) != 0) {
      lock.unlock();
      relax();
      lock.lock();
    }
    task_ = &task;
    parts_ = parts;
    nextPart_.store(0, std::memory_order_relaxed);
    remaining_.store(parts, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    notify = sleepers_ > 0;
  }
  if (notify) wake_.notify_all();
  takeParts(&task, parts);
  // A worker holding a part may have been descheduled: spin briefly, then yield the core to it.
  while (!spinUntil([&] { return remaining_.load(std::memory_order_acquire) == 0; })) std::this_thread::yield();
  while (active_.load(std::memory_order_acquire) != 0) relax();
}

ThreadPool& pool() {
  auto& slot = poolSlot();
  if (!slot) slot = std::make_unique<ThreadPool>(defaultThreads());
  return *slot;
}

void resizePool(int threads) {
  auto& slot = poolSlot();
  slot.reset();
  slot = std::make_unique<ThreadPool>(std::max(1, threads));
}

void parallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  if (count <= 0) return;
  int64_t parts = std::min<int64_t>(pool().size(), std::max<int64_t>(1, count / std::max<int64_t>(1, grain)));
  if (parts <= 1) {
    body(0, count);
    return;
  }
  int64_t chunk = (count + parts - 1) / parts;
  pool().run(static_cast<int>(parts), [&](int part) {
    int64_t begin = part * chunk;
    int64_t end = std::min(count, begin + chunk);
    if (begin < end) body(begin, end);
  });
}

}  // namespace pretrain
