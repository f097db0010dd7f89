#pragma once
// [SECTION] EventWorker — keeps a long-poll open to the intake (GET /v1/events?after=SEQ&wait=S, mutual TLS
// with the upload settings, its own libcurl handle on its own thread) and applies what arrives through the
// store, in order, each event once (Store::apply_events moves the durable cursor in the same transaction).
// Offline it retries with full-jitter backoff and catches up from the cursor when the intake is back; the
// kiosk goes on serving residents meanwhile. docs/EVENTS.md.
#include "app/config.hpp"
#include "app/status.hpp"
#include "app/store.hpp"
#include "app/upload/retry_policy.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace kiosk {

class HttpsClient;

struct EventWorkerOptions {
    int wait_s = 25;                                             // the long-poll's wait (the intake caps it at 30)
    BackoffParams backoff{std::chrono::milliseconds(1000), std::chrono::milliseconds(60'000)};
    std::chrono::milliseconds config_retry{5 * 60 * 1000};       // after a TLS/certificate problem
    std::chrono::milliseconds held_back_retry{1500};             // a status waited for an upload in flight
    bool preflight = true;                                       // HttpsClientOptions::preflight
    Rng64 rng;                                                   // empty = default_rng()
};

class EventWorker {
public:
    // Called on the worker's thread after each commit, with the events applied by it (in order, never
    // twice). The composition root forwards calls to the banner and the voice.
    using AppliedFn = std::function<void(const std::vector<StationEvent>&)>;
    // `store` (a connection of its own) and `config` must outlive the worker.
    EventWorker(Store& store, const Config& config, AppliedFn on_applied, std::function<void()> wake,
                EventWorkerOptions opts = {});
    ~EventWorker();
    EventWorker(const EventWorker&) = delete;
    EventWorker& operator=(const EventWorker&) = delete;

    void start();
    void stop();    // prompt: aborts a poll in flight; safe twice
    EventsStatus status() const;
    long polls() const;

private:
    void run();
    bool poll_once();               // false: wait was already done (failure path)
    void fail(const std::string& why, std::chrono::milliseconds wait, bool config_error);
    void wait_for(std::chrono::milliseconds d);

    Store& store_;
    const Config& config_;
    AppliedFn on_applied_;
    std::function<void()> wake_;
    EventWorkerOptions opts_;
    std::unique_ptr<HttpsClient> client_;
    int failures_in_row_ = 0;

    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex wait_mu_;
    std::condition_variable cv_;

    mutable std::mutex status_mu_;
    EventsStatus status_;
    long polls_ = 0;
    std::string logged_error_;
};

} // namespace kiosk
