#include "printer/print_service.hpp"

#include "printer/receipt_encode.hpp"

namespace kiosk::printer {

namespace {

bool blocks_printing(PrinterState s) {
    return s == PrinterState::paper_out || s == PrinterState::cover_open || s == PrinterState::offline;
}

} // namespace

PrintService::PrintService(const Config& cfg, std::function<void()> wake)
    : PrintService(cfg, std::move(wake), PrintServiceOptions{}) {}

PrintService::PrintService(const Config& cfg, std::function<void()> wake, PrintServiceOptions opt)
    : profile_(profile_for(cfg.printer)), opt_(opt), wake_(std::move(wake)) {
    if (!wake_) wake_ = [] {};
    auto u = parse_printer_uri(cfg.printer.uri);
    if (u) uri_ = *u;
    else uri_error_ = u.error().message;
    if (u && uri_.kind == PrinterUri::Kind::none) {
        state_ = PrinterState::disabled;
        return;   // no worker: nothing will ever be printed
    }
    if (!u) { state_ = PrinterState::offline; detail_ = uri_error_; return; }
    worker_ = std::thread([this] { run(); });
}

PrintService::~PrintService() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void PrintService::submit(const Receipt& receipt, std::string request_id) {
    {
        std::lock_guard lock(mu_);
        if (state_ == PrinterState::disabled) return;
        kept_[request_id] = receipt;
        kept_order_.push_back(request_id);
        while (kept_order_.size() > opt_.keep_receipts) { kept_.erase(kept_order_.front()); kept_order_.pop_front(); }
        if (!worker_.joinable()) {   // bad URI: fail at once, visibly
            set_outcome_locked(request_id, PrintOutcome::failed);
            return;
        }
        // pending before the worker can see the job, so a fast "printed" is never overwritten
        set_outcome_locked(request_id, PrintOutcome::pending);
        queue_.push_back({request_id, receipt});
    }
    cv_.notify_all();
}

PrintOutcome PrintService::outcome(const std::string& request_id) const {
    std::lock_guard lock(mu_);
    auto it = outcomes_.find(request_id);
    return it == outcomes_.end() ? PrintOutcome::none : it->second;
}

bool PrintService::reprint(const std::string& request_id) {
    Receipt r;
    {
        std::lock_guard lock(mu_);
        auto it = kept_.find(request_id);
        if (it == kept_.end() || !worker_.joinable()) return false;
        r = it->second;
        mark_reprint(r);
        set_outcome_locked(request_id, PrintOutcome::pending);
        queue_.push_back({request_id, std::move(r)});
    }
    cv_.notify_all();
    return true;
}

void PrintService::refresh_status() {
    {
        std::lock_guard lock(mu_);
        refresh_ = true;
    }
    cv_.notify_all();
}

PrinterState PrintService::state() const {
    std::lock_guard lock(mu_);
    return state_;
}

std::string PrintService::message(Locale l) const {
    std::lock_guard lock(mu_);
    std::string m = state_words(state_, l);
    if (!detail_.empty()) m += (l == Locale::zh ? "：" : ": ") + detail_;
    return m;
}

bool PrintService::set_state(PrinterState s, std::string detail) {
    std::lock_guard lock(mu_);
    bool changed = s != state_ || detail != detail_;
    state_ = s;
    detail_ = std::move(detail);
    return changed;
}

void PrintService::set_outcome(const std::string& id, PrintOutcome o) {
    std::lock_guard lock(mu_);
    set_outcome_locked(id, o);
}

void PrintService::set_outcome_locked(const std::string& id, PrintOutcome o) {
    auto [it, inserted] = outcomes_.insert_or_assign(id, o);
    (void)it;
    if (inserted) {
        outcome_order_.push_back(id);
        while (outcome_order_.size() > opt_.keep_outcomes) { outcomes_.erase(outcome_order_.front()); outcome_order_.pop_front(); }
    }
}

void PrintService::notify() { wake_(); }

void PrintService::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        auto ready = [&] { return stop_ || refresh_ || !queue_.empty(); };
        if (opt_.poll_interval_ms > 0) {
            if (!cv_.wait_for(lock, std::chrono::milliseconds(opt_.poll_interval_ms), ready)) refresh_ = true;
        } else {
            cv_.wait(lock, ready);
        }
        if (stop_) break;
        if (!queue_.empty()) {
            Job job = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            busy_.busy();
            run_job(job);
            busy_.idle();
            lock.lock();
        } else if (refresh_) {
            refresh_ = false;
            lock.unlock();
            busy_.busy();
            poll_status();
            busy_.idle();
            lock.lock();
        }
    }
    // Queued jobs will not be printed now: say so rather than leave them pending.
    for (const Job& j : queue_) outcomes_[j.request_id] = PrintOutcome::failed;
    queue_.clear();
}

void PrintService::poll_status() {
    auto t = open_transport(uri_, profile_, opt_.timeouts);
    bool changed;
    if (!t) {
        changed = set_state(PrinterState::offline, t.error().message);
    } else if (!(*t)->two_way()) {
        // file:, cups:, png: cannot be asked; report what we know (no job failed so far).
        std::lock_guard lock(mu_);
        changed = state_ == PrinterState::unknown && detail_.empty();
        if (changed) state_ = PrinterState::ok;
    } else {
        auto st = query_status(**t, opt_.timeouts.status_ms);
        changed = st ? set_state(decode_status(*st), {}) : set_state(PrinterState::offline, st.error().message);
    }
    if (changed) notify();
}

void PrintService::run_job(const Job& job) {
    std::string warning;
    const std::string bytes = encode_receipt(job.receipt, profile_, &warning);
    const JobInfo info{job.receipt.ticket, job.request_id};
    auto finish = [&](PrintOutcome o, PrinterState s, std::string detail) {
        set_state(s, std::move(detail));
        set_outcome(job.request_id, o);
        notify();
    };

    auto t = open_transport(uri_, profile_, opt_.timeouts);
    if (!t) return finish(PrintOutcome::failed, PrinterState::offline, t.error().message);
    Transport& tr = **t;
    if (tr.two_way()) {
        auto before = query_status(tr, opt_.timeouts.status_ms);
        if (!before) return finish(PrintOutcome::failed, PrinterState::offline, before.error().message);
        PrinterState s = decode_status(*before);
        // A printer that does not answer DLE EOT may still print: try, and report "unknown".
        if (blocks_printing(s)) return finish(PrintOutcome::failed, s, {});
    }
    if (auto sent = tr.send(bytes, info); !sent) return finish(PrintOutcome::failed, PrinterState::offline, sent.error().message);
    if (!tr.two_way()) return finish(PrintOutcome::printed, PrinterState::ok, warning);
    auto after = query_status(tr, opt_.timeouts.status_ms);
    if (!after) return finish(PrintOutcome::failed, PrinterState::offline, after.error().message);
    PrinterState s = decode_status(*after);
    // Paper out or cover open right after the job: the receipt is likely cut short, so staff must reprint.
    finish(blocks_printing(s) ? PrintOutcome::failed : PrintOutcome::printed, s, warning);
}

} // namespace kiosk::printer
