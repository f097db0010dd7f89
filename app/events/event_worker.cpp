// The event long-poll worker. See event_worker.hpp.
// [SECTION] Index: lifecycle · one poll · failures · status
#include "app/events/event_worker.hpp"

#include "app/local_time.hpp"
#include "app/upload/https_client.hpp"

#include <cstdio>

namespace kiosk {

namespace {
void log_line(const std::string& s) { std::fprintf(stderr, "kiosk events: %s\n", s.c_str()); }
constexpr auto kStorePause = std::chrono::milliseconds(5000);
} // namespace

// [SECTION] lifecycle
EventWorker::EventWorker(Store& store, const Config& config, AppliedFn on_applied, std::function<void()> wake,
                         EventWorkerOptions opts)
    : store_(store), config_(config), on_applied_(std::move(on_applied)), wake_(std::move(wake)), opts_(std::move(opts)) {
    if (!opts_.rng) opts_.rng = default_rng();
    if (!wake_) wake_ = [] {};
    if (!on_applied_) on_applied_ = [](const std::vector<StationEvent>&) {};
    status_.enabled = !config_.upload.url.empty();
    if (auto c = store_.event_cursor()) status_.cursor = *c;
}

EventWorker::~EventWorker() { stop(); }

void EventWorker::start() {
    if (thread_.joinable() || config_.upload.url.empty()) return;   // no intake: nothing to listen to
    ignore_sigpipe();
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void EventWorker::stop() {
    {
        std::lock_guard lock(wait_mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    client_.reset();
}

void EventWorker::wait_for(std::chrono::milliseconds d) {
    std::unique_lock lock(wait_mu_);
    cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void EventWorker::run() {
    while (!stopping_) poll_once();
}

// [SECTION] one poll
bool EventWorker::poll_once() {
    if (!client_) {
        HttpsClientOptions o;
        o.base_url = config_.upload.url;
        o.ca_file = config_.upload.ca_file;
        o.client_cert = config_.upload.client_cert;
        o.client_key = config_.upload.client_key;
        o.pins = config_.upload.pins;
        o.connect_timeout_s = config_.upload.connect_timeout_s;
        // A long-poll sends nothing for up to wait_s: the stall and total limits must allow for it, and
        // stay bounded so a connection that died silently is noticed.
        o.low_speed_time_s = opts_.wait_s + 10;
        o.total_timeout = std::chrono::seconds(opts_.wait_s + 20);
        o.allow_http = config_.kiosk.demo;
        o.preflight = opts_.preflight;
        o.cancel = &stopping_;
        auto c = HttpsClient::create(o);
        if (!c) {
            fail(config_error_text(config_, "upload.url", c.error().message), opts_.config_retry, true);
            return false;
        }
        client_ = std::move(*c);
    }
    auto cursor = store_.event_cursor();
    if (!cursor) {
        fail("cannot read the event cursor: " + cursor.error().message, kStorePause, false);
        return false;
    }
    const std::string path = "/v1/events?after=" + std::to_string(*cursor) + "&wait=" + std::to_string(opts_.wait_s);
    HttpOutcome out = client_->get(path);
    {
        std::lock_guard lock(status_mu_);
        ++polls_;
    }
    if (stopping_) return false;
    const WallTime now = WallClock::now();
    const Classification c = classify_plain(out, now);
    if (c.verdict == Verdict::config_error) {
        client_.reset();   // certificates re-read at the next try
        fail(c.reason, opts_.config_retry, true);
        return false;
    }
    if (c.verdict != Verdict::uploaded) {
        fail(c.reason, next_retry_delay(failures_in_row_++, c, opts_.backoff, opts_.rng), false);
        return false;
    }
    auto batch = parse_event_batch(out.body);
    if (!batch) {
        fail(batch.error().message, next_retry_delay(failures_in_row_++, c, opts_.backoff, opts_.rng), false);
        return false;
    }
    if (batch->malformed > 0) log_line(std::to_string(batch->malformed) + " event(s) with unusable fields skipped");
    auto applied = store_.apply_events(*batch, now);
    if (!applied) {
        fail("cannot apply events: " + applied.error().message, kStorePause, false);
        return false;
    }
    failures_in_row_ = 0;
    {
        std::lock_guard lock(status_mu_);
        status_.connected = true;
        status_.last_error.clear();
        status_.cursor = applied->cursor;
        status_.applied += static_cast<long>(applied->applied.size());
        status_.duplicates += applied->duplicates;
        if (!applied->applied.empty()) status_.last_event_at = rfc3339_local(now);
    }
    logged_error_.clear();
    if (!applied->applied.empty()) on_applied_(applied->applied);
    wake_();
    if (!applied->held_back.empty()) wait_for(opts_.held_back_retry);
    return true;
}

// [SECTION] failures
void EventWorker::fail(const std::string& why, std::chrono::milliseconds wait, bool config_error) {
    if (why != logged_error_) log_line(std::string(config_error ? "configuration error: " : "") + why + " (next try in " +
                                       std::to_string(wait.count()) + " ms)");
    logged_error_ = why;
    {
        std::lock_guard lock(status_mu_);
        status_.connected = false;
        status_.last_error = why;
        ++status_.failures;
    }
    wake_();
    wait_for(wait);
}

// [SECTION] status
EventsStatus EventWorker::status() const {
    std::lock_guard lock(status_mu_);
    return status_;
}

long EventWorker::polls() const {
    std::lock_guard lock(status_mu_);
    return polls_;
}

} // namespace kiosk
