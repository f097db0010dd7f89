// The upload worker. See uploader.hpp.
// [SECTION] Index: lifecycle · the loop · one upload · heartbeat · status
#include "app/upload/uploader.hpp"

#include "app/upload/heartbeat.hpp"
#include "app/local_time.hpp"
#include "app/upload/https_client.hpp"

#include <curl/curl.h>

#include <cstdio>

namespace kiosk {

namespace {
void log_line(const std::string& s) { std::fprintf(stderr, "kiosk upload: %s\n", s.c_str()); }
// When nothing is due and no retry is scheduled, still look again now and then: a row can reach the queue
// without notify() (staff requeue from another screen, a second process in tests).
constexpr auto kIdleRecheck = std::chrono::seconds(30);
constexpr auto kStoreErrorPause = std::chrono::seconds(5);
} // namespace

// [SECTION] lifecycle
Uploader::Uploader(Store& store, const Config& config, std::function<void()> wake, UploaderOptions opts)
    : store_(store), config_(config), wake_(std::move(wake)), opts_(std::move(opts)) {
    if (!opts_.rng) opts_.rng = default_rng();
    if (!wake_) wake_ = [] {};
    status_.upload_enabled = !config_.upload.url.empty();
}

Uploader::~Uploader() { stop(); }

void Uploader::start() {
    if (thread_.joinable()) return;
    ignore_sigpipe();   // before the thread exists: signal dispositions are process-wide
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void Uploader::stop() {
    stopping_ = true;
    {
        std::lock_guard lock(wait_mu_);
        notified_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    client_.reset();   // closes the connection
}

void Uploader::notify() {
    {
        std::lock_guard lock(wait_mu_);
        notified_ = true;
    }
    cv_.notify_all();
}

void Uploader::wait_until(WallTime t) {
    std::unique_lock lock(wait_mu_);
    cv_.wait_until(lock, t, [this] { return notified_ || stopping_.load(); });
    notified_ = false;
}

// [SECTION] the loop
void Uploader::run() {
    refresh_counts();
    next_heartbeat_ = WallClock::now();   // say hello at once: staff see the kiosk come online
    while (!stopping_) tick(WallClock::now());
}

void Uploader::tick(WallTime now) {
    if (config_.upload.url.empty()) {   // uploads disabled: requests stay queued, counts stay fresh
        refresh_counts();
        return wait_until(now + kIdleRecheck);
    }
    if (now < pause_until_) return wait_until(pause_until_);
    if (!ensure_client(now)) return;
    if (now >= next_heartbeat_) {
        send_heartbeat(now);
        if (!client_) return;   // the heartbeat found a configuration error
    }

    // Claimed: due, payload frozen and marked `sending` in one transaction.
    auto due = store_.claim_next(now, config_.kiosk.id, config_.station.id);
    if (!due) {
        log_line("cannot read the outbox: " + due.error().message);
        set_error("the kiosk cannot read its upload queue: " + due.error().message, false);
        pause_until_ = now + kStoreErrorPause;
        return;
    }
    if (*due) {
        upload_one(**due);
        wipe((*due)->payload);   // the plain body holds the resident's data
        return;
    }
    refresh_counts();   // idle: make sure staff see the final numbers

    WallTime wake = std::min(next_heartbeat_, now + kIdleRecheck);
    if (auto t = store_.next_wakeup()) wake = std::min(wake, std::max(*t, now));
    if (wake > now) wait_until(wake);
}

// (Re)creates the client when there is none — at start and after a configuration error — so certificate
// files replaced on disk are picked up without restarting the kiosk.
HttpsClientOptions Uploader::client_options() const {
    HttpsClientOptions o;
    o.base_url = config_.upload.url;
    o.ca_file = config_.upload.ca_file;
    o.client_cert = config_.upload.client_cert;
    o.client_key = config_.upload.client_key;
    o.pins = config_.upload.pins;
    o.connect_timeout_s = config_.upload.connect_timeout_s;
    o.total_timeout = opts_.request_timeout;
    o.low_speed_time_s = opts_.low_speed_time_s;
    o.allow_http = config_.kiosk.demo;
    o.preflight = opts_.preflight;
    o.cancel = &stopping_;
    return o;
}

// The client's messages start with the key they are about ("upload.ca_file PATH: …"); staff and the log
// get the config file's form of it ("FILE: key 'upload.ca_file': PATH: …").
void Uploader::report_config_error(const Error& e) {
    std::string why = e.message;
    std::string key = "upload.url";
    if (why.rfind("upload.", 0) == 0) {
        const auto sp = why.find_first_of(" :");
        key = why.substr(0, sp);
        why = why.substr(std::min(why.size(), sp + 1));
        if (!why.empty() && why[0] == ' ') why.erase(0, 1);
    }
    const std::string words = config_error_text(config_, key, why);
    if (words != logged_config_error_) log_line("configuration error: " + words);
    logged_config_error_ = words;
    set_error(words, true);
}

Status Uploader::preflight() {
    if (config_.upload.url.empty()) return ok_status();
    const HttpsClientOptions o = client_options();
    Status st = check_upload_options(o);
    if (st && o.preflight && o.base_url.rfind("https://", 0) == 0) st = check_client_credentials(o);
    if (!st) report_config_error(st.error());
    return st;
}

// (Re)creates the client when there is none — at start and after a configuration error — so certificate
// files replaced on disk are picked up without restarting the kiosk.
bool Uploader::ensure_client(WallTime now) {
    if (client_) return true;
    auto c = HttpsClient::create(client_options());
    if (!c) {
        report_config_error(c.error());
        {
            std::lock_guard lock(status_mu_);
            ++stats_.config_errors;
        }
        pause_until_ = now + opts_.config_retry;
        return false;
    }
    logged_config_error_.clear();
    client_ = std::move(*c);
    return true;
}

void Uploader::set_error(const std::string& why, bool config_error) {
    {
        std::lock_guard lock(status_mu_);
        status_.last_upload_error = why;
        status_.upload_config_error = config_error;
        status_.online = false;
    }
    wake_();
}

// [SECTION] one upload
void Uploader::upload_one(const OutboxItem& item) {
    const std::string& id = item.request_id;
    {
        std::lock_guard lock(status_mu_);
        ++stats_.attempts;
    }
    HttpOutcome out = client_->post_json("/v1/requests", item.payload, id);
    const WallTime now = WallClock::now();
    {
        std::lock_guard lock(status_mu_);
        stats_.connects = client_->connects();
    }
    if (stopping_ && (out.curl_code == CURLE_ABORTED_BY_CALLBACK || out.curl_code == CURLE_OPERATION_TIMEDOUT)) {
        // Shutting down mid-call: the intake may or may not have it. Due again at the next start; the
        // Idempotency-Key makes the resend safe.
        (void)store_.mark_retry(id, now, "interrupted by shutdown");
        return;
    }

    const Classification c = classify_upload(out, id, now);
    Status st = ok_status();
    switch (c.verdict) {
    case Verdict::uploaded: {
        st = store_.mark_uploaded(id, c.server_ref.empty() ? std::string("-") : c.server_ref, now);
        std::lock_guard lock(status_mu_);
        ++stats_.uploaded;
        status_.online = true;
        status_.upload_config_error = false;
        status_.last_upload_ok_at = rfc3339_local(now);
        status_.last_upload_error.clear();
        break;
    }
    case Verdict::retry: {
        // attempts counts the tries before this one (claim_next read it before counting this one).
        const auto delay = next_retry_delay(item.attempts, c, opts_.backoff, opts_.rng);
        st = store_.mark_retry(id, now + delay, c.reason);
        // Hold back the whole queue, not just this row: when the intake is down every request would fail
        // the same way, and oldest-first means this row is next anyway.
        pause_until_ = now + delay;
        log_line("retry " + id + " in " + std::to_string(delay.count()) + " ms: " + c.reason);
        {
            std::lock_guard lock(status_mu_);
            ++stats_.retries;
        }
        set_error(c.reason, false);
        break;
    }
    case Verdict::dead_letter: {
        st = store_.mark_dead_letter(id, c.reason);
        log_line("dead letter " + id + ": " + c.reason);
        std::lock_guard lock(status_mu_);
        ++stats_.dead_letters;
        status_.online = true;   // the intake answered; the request is what it refused
        status_.upload_config_error = false;
        status_.last_upload_error = c.reason;
        break;
    }
    case Verdict::config_error:
        st = store_.mark_retry(id, now + opts_.config_retry, c.reason);
        pause_until_ = now + opts_.config_retry;
        client_.reset();   // re-read certificates and settings before the next try
        log_line("configuration error (retrying in " + std::to_string(opts_.config_retry.count() / 1000) +
                 " s): " + c.reason);
        {
            std::lock_guard lock(status_mu_);
            ++stats_.config_errors;
        }
        set_error(c.reason, true);
        break;
    }
    if (!st) {
        log_line("cannot record the outcome for " + id + ": " + st.error().message);
        pause_until_ = std::max(pause_until_, now + kStoreErrorPause);
    }
    refresh_counts(c.verdict == Verdict::uploaded ? false : true);
}

// [SECTION] heartbeat
void Uploader::send_heartbeat(WallTime now) {
    next_heartbeat_ = now + std::chrono::seconds(std::max(config_.upload.heartbeat_s, 1));
    QueueCounts q;
    if (auto counts = store_.counts()) q = *counts;
    HeartbeatExtras x;
    if (auto head = store_.audit_head()) x.audit_head = *head;
    if (anchor_seq_ > 0)
        if (auto at = store_.audit_at(anchor_seq_)) x.audit_at_anchor = at->value_or(AuditEntry{anchor_seq_, "", "", "", "", "", ""});
    x.help_requested = opts_.help_requested && opts_.help_requested();
    if (auto r = store_.ratings_by_day(local_day(now - std::chrono::hours(24)))) x.ratings = *r;
    const std::string body = heartbeat_body(config_, q, opts_.printer_status ? opts_.printer_status() : PrinterState::unknown,
                                            disk_free_mb(config_.kiosk.data_dir), now, x);
    const HttpOutcome answer = client_->post_json("/v1/heartbeat", body);
    const Classification c = classify_plain(answer, WallClock::now());
    if (c.verdict == Verdict::uploaded)
        if (auto seq = heartbeat_anchor_seq(answer.body)) anchor_seq_ = *seq;
    {
        std::lock_guard lock(status_mu_);
        stats_.connects = client_->connects();
        if (c.verdict == Verdict::uploaded) {
            ++stats_.heartbeats_ok;
            status_.online = true;
        } else {
            ++stats_.heartbeats_failed;
        }
    }
    if (c.verdict == Verdict::config_error) {
        log_line("heartbeat: configuration error: " + c.reason);
        client_.reset();
        pause_until_ = now + opts_.config_retry;
        set_error(c.reason, true);
    } else if (c.verdict != Verdict::uploaded) {
        // Offline only with a reason staff can read (the status mark's 离线保存 and the dashboard).
        log_line("heartbeat failed: " + c.reason);
        std::lock_guard lock(status_mu_);
        status_.online = false;
        status_.last_upload_error = "heartbeat: " + c.reason;
    }
    wake_();
}

// [SECTION] status
// Counting scans the requests table; while a long queue drains, a few refreshes a second are plenty.
void Uploader::refresh_counts(bool force) {
    const auto t = std::chrono::steady_clock::now();
    if (!force && t - counts_at_ < std::chrono::milliseconds(200)) return;
    counts_at_ = t;
    auto counts = store_.counts();
    if (!counts) return;
    {
        std::lock_guard lock(status_mu_);
        status_.queue = *counts;
    }
    wake_();
}

void Uploader::fill(StatusSnapshot& s) const {
    std::lock_guard lock(status_mu_);
    s.upload_enabled = status_.upload_enabled;
    s.online = status_.online;
    s.upload_config_error = status_.upload_config_error;
    s.queue = status_.queue;
    s.last_upload_ok_at = status_.last_upload_ok_at;
    s.last_upload_error = status_.last_upload_error;
}

StatusSnapshot Uploader::status() const {
    StatusSnapshot s;
    fill(s);
    return s;
}

UploaderStats Uploader::stats() const {
    std::lock_guard lock(status_mu_);
    return stats_;
}

} // namespace kiosk
