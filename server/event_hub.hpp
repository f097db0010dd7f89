#pragma once
// [SECTION] Wakes long-polls (GET /v1/events) when an event commits. A generation counter under a mutex and a
// condition variable: a writer bumps it after COMMIT; a waiter re-reads the store whenever it changed, so no
// event can slip between "nothing new" and going to sleep. Waits are bounded by the caller's deadline, and
// stop() releases every waiter (server shutdown).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace intake {

class EventHub {
public:
    void notify() {
        {
            std::lock_guard lock(mu_);
            ++generation_;
        }
        cv_.notify_all();
    }
    void stop() {
        {
            std::lock_guard lock(mu_);
            stopped_ = true;
        }
        cv_.notify_all();
    }
    std::uint64_t generation() {
        std::lock_guard lock(mu_);
        return generation_;
    }
    // Waits until the generation differs from `seen`, the deadline passes or stop(); returns the generation.
    std::uint64_t wait(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(mu_);
        cv_.wait_until(lock, deadline, [&] { return generation_ != seen || stopped_; });
        return generation_;
    }
    bool stopped() {
        std::lock_guard lock(mu_);
        return stopped_;
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::uint64_t generation_ = 0;
    bool stopped_ = false;
};

} // namespace intake
