#pragma once
// [SECTION] The upload worker: its own thread drains the store's outbox to the intake, oldest first, over
// one reused mutual-TLS connection (DESIGN.md, "A request's life", step 4). It never drops a request:
// transient failures are retried forever with full-jitter backoff, refusals become dead letters for staff,
// TLS/certificate problems are surfaced as configuration errors and retried slowly. Also sends the
// heartbeat. The UI thread only reads a snapshot (fill/status); it never waits on the network.
#include "app/status.hpp"
#include "app/config.hpp"
#include "app/store.hpp"
#include "app/upload/retry_policy.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk {

class HttpsClient;
struct HttpsClientOptions;

// Production defaults; tests shorten the waits. Not in the TOML on purpose: these are protocol decisions.
struct UploaderOptions {
    BackoffParams backoff;                                     // base 1 s, cap 5 min
    std::chrono::milliseconds config_retry{5 * 60 * 1000};     // slow retry after a TLS/certificate error
    std::chrono::milliseconds request_timeout{30000};          // whole call; connect is upload.connect_timeout_s
    int low_speed_time_s = 15;
    bool preflight = true;                                     // see HttpsClientOptions::preflight
    Rng64 rng;                                                 // empty = default_rng()
    // Printer state for the heartbeat ("ok", "paper_out", …). Called on the upload thread.
    std::function<PrinterState()> printer_status = [] { return PrinterState::unknown; };
    // Whether a resident's 呼叫工作人员 is pending (the heartbeat's help_requested). Called on the upload thread.
    std::function<bool()> help_requested = [] { return false; };
};

// What the worker did, for tests, the benchmark and staff diagnostics.
struct UploaderStats {
    long attempts = 0, uploaded = 0, retries = 0, dead_letters = 0, config_errors = 0;
    long heartbeats_ok = 0, heartbeats_failed = 0, connects = 0;
};

class Uploader {
public:
    // `store` and `config` must outlive the uploader. `wake` is called (from the upload thread) whenever the
    // status changed, so the UI can redraw: pass AppState::wake (glfwPostEmptyEvent).
    Uploader(Store& store, const Config& config, std::function<void()> wake, UploaderOptions opts = {});
    ~Uploader();   // stops and joins
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    // The upload settings and the files they name (station CA, client certificate and key: readable, PEM,
    // key matches, in date, issued by the CA), checked on the calling thread before start(): a problem is
    // logged once, naming the config file and the key, and is in status() from the first frame. The kiosk
    // still starts, serves residents and queues. Ok when uploads are off.
    Status preflight();
    void start();
    void stop();      // prompt: wakes the thread and aborts a call in flight; safe to call twice
    void notify();    // a request was just submitted: try now (unless paused by a configuration error)

    // The upload part of the status (upload_enabled, online, upload_config_error, queue,
    // last_upload_ok_at, last_upload_error); other fields of `s` are left alone.
    void fill(StatusSnapshot& s) const;
    StatusSnapshot status() const;
    UploaderStats stats() const;

private:
    void run();
    void tick(WallTime now);
    bool ensure_client(WallTime now);
    HttpsClientOptions client_options() const;
    void report_config_error(const Error& e);   // logs a new one, keeps it for staff
    void upload_one(const OutboxItem& item);
    void send_heartbeat(WallTime now);
    void refresh_counts(bool force = true);
    void wait_until(WallTime t);
    void set_error(const std::string& why, bool config_error);

    Store& store_;
    const Config& config_;
    std::function<void()> wake_;
    UploaderOptions opts_;
    std::unique_ptr<HttpsClient> client_;   // upload thread only
    std::string logged_config_error_;       // the last configuration error logged (not repeated)

    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex wait_mu_;
    std::condition_variable cv_;
    bool notified_ = false;                 // guarded by wait_mu_

    WallTime pause_until_{};                // upload thread only: no request before this
    WallTime next_heartbeat_{};
    std::int64_t anchor_seq_ = 0;           // upload thread only: the audit seq the intake last anchored
    std::chrono::steady_clock::time_point counts_at_{};   // last refresh_counts()

    mutable std::mutex status_mu_;          // guards the fields below
    StatusSnapshot status_;
    UploaderStats stats_;
};

} // namespace kiosk
