#pragma once
// [SECTION] A4Printer — prints the signed-paper application form (services with `paper_form`) on the CUPS
// queue `[printer] a4_queue`, from its own thread: rendering and `lp` take seconds and must never hold up a
// resident. Jobs hold full personal data only while queued; the strings are wiped when the job is done.
#include "app/status.hpp"
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/request.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::printer {

class A4Printer {
public:
    A4Printer(const Config& cfg, std::function<void()> wake);
    ~A4Printer();   // finishes the job in progress, drops (and wipes) queued ones
    A4Printer(const A4Printer&) = delete;
    A4Printer& operator=(const A4Printer&) = delete;

    bool enabled() const { return !queue_name_.empty(); }
    // Queues the form when printing is enabled and the service needs one; returns whether it queued.
    bool submit(const StoredRequest& r, const Service& s, Locale l);
    PrintOutcome outcome(const std::string& request_id) const;
    std::string last_error() const;   // no PII: the queue name and lp's exit status only

private:
    struct Job {
        StoredRequest request;
        Service service;
        Locale locale;
    };
    void run();

    const Config& cfg_;
    std::string queue_name_;
    std::function<void()> wake_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    std::map<std::string, PrintOutcome> outcomes_;
    std::string last_error_;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace kiosk::printer
