// Grows with the connections, shrinks when idle. See worker_pool.hpp.
#include "server/worker_pool.hpp"

#include <chrono>

namespace intake {

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads)
    : min_(min_threads), max_(max_threads < min_threads ? min_threads : max_threads) {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < min_; ++i) {
        ++threads_;
        std::thread([this] { work(); }).detach();
    }
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(fn));
    // Every idle thread may already be promised to an earlier job: count the queue against them.
    if (jobs_.size() > idle_ && threads_ < max_ && !shutdown_) {
        ++threads_;
        std::thread([this] { work(); }).detach();
    }
    cv_.notify_one();
}

// Detached threads, counted: shutdown waits until the count is zero, so none outlives the pool.
void WorkerPool::work() {
    std::unique_lock lock(mu_);
    for (;;) {
        ++idle_;
        const bool woke = cv_.wait_for(lock, std::chrono::seconds(60), [&] { return !jobs_.empty() || shutdown_; });
        --idle_;
        if (!jobs_.empty()) {
            auto fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
            continue;
        }
        if (shutdown_ || (!woke && threads_ > min_)) break;
    }
    --threads_;
    gone_.notify_all();
}

void WorkerPool::shutdown() {
    std::unique_lock lock(mu_);
    shutdown_ = true;
    cv_.notify_all();
    gone_.wait(lock, [&] { return threads_ == 0; });
}

} // namespace intake
