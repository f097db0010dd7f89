#include "printer/a4_printer.hpp"

#include "app/crypto.hpp"
#include "printer/a4_form.hpp"

#include <iostream>

namespace kiosk::printer {
A4Printer::A4Printer(const Config& cfg, std::function<void()> wake)
    : cfg_(cfg), queue_name_(cfg.printer.a4_queue), wake_(std::move(wake)) {
    if (enabled()) thread_ = std::thread([this] { run(); });
}

A4Printer::~A4Printer() {
    {
        std::lock_guard l(mu_);
        stop_ = true;
        for (auto& j : jobs_) wipe(j.request.req);
        jobs_.clear();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool A4Printer::submit(const StoredRequest& r, const Service& s, Locale l) {
    if (!enabled() || !s.paper_form) return false;
    {
        std::lock_guard lock(mu_);
        outcomes_[r.sub.request_id] = PrintOutcome::pending;
        jobs_.push_back(Job{r, s, l});
    }
    cv_.notify_one();
    return true;
}

PrintOutcome A4Printer::outcome(const std::string& id) const {
    std::lock_guard lock(mu_);
    auto it = outcomes_.find(id);
    return it == outcomes_.end() ? PrintOutcome::none : it->second;
}

std::string A4Printer::last_error() const {
    std::lock_guard lock(mu_);
    return last_error_;
}

void A4Printer::run() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (stop_) return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        Status st = Error{"printer.a4", ""};
        if (auto pdf = a4_form_pdf(job.request, job.service, cfg_, job.locale)) {
            st = print_a4_form(*pdf, queue_name_);
            wipe(*pdf);
        } else {
            st = pdf.error();
        }
        const std::string id = job.request.sub.request_id;
        wipe(job.request.req);
        if (!st) std::cerr << "kiosk: A4 form for " << id << " not printed: " << st.error().message << "\n";
        lock.lock();
        outcomes_[id] = st ? PrintOutcome::printed : PrintOutcome::failed;
        if (!st) last_error_ = st.error().message;
        lock.unlock();
        if (wake_) wake_();
        lock.lock();
    }
}

} // namespace kiosk::printer
