#pragma once
// [SECTION] PrintService — the printer worker the app owns. The UI thread only calls submit(), outcome(),
// reprint(), state() and message(): none of them blocks on the printer (they take a mutex held for
// microseconds). Jobs run on one worker thread, in order; wake() is called after every job and every
// status change so the UI redraws. Wiring (kiosk/kiosk_app.cpp):
//
//   printer::PrintService printing(cfg, [&] { app.wake(); });
//   app.print_outcome = [&](const std::string& id) { return printing.outcome(id); };
//   app.reprint       = [&](const std::string& id) { printing.reprint(id); };
//   on submit: printing.submit(printer::build_receipt(stored, service, cfg, locale), stored.sub.request_id);
//   status:    snap.printer_state = printing.state(); snap.printer_message = printing.message(Locale::zh);
#include "app/busy_since.hpp"
#include "app/status.hpp"
#include "app/config.hpp"
#include "printer/profile.hpp"
#include "printer/receipt.hpp"
#include "printer/status.hpp"
#include "printer/transport.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::printer {

struct PrintServiceOptions {
    Timeouts timeouts;
    int poll_interval_ms = 30000;    // status poll while idle, two-way transports only; 0 = never
    std::size_t keep_receipts = 64;  // receipts kept (masked data only) so staff can reprint
    std::size_t keep_outcomes = 1024;
};

class PrintService {
public:
    PrintService(const Config& cfg, std::function<void()> wake);
    PrintService(const Config& cfg, std::function<void()> wake, PrintServiceOptions opt);
    ~PrintService();   // finishes the job in progress (bounded by the timeouts), drops queued ones
    PrintService(const PrintService&) = delete;
    PrintService& operator=(const PrintService&) = delete;

    // Queues a receipt; the outcome becomes pending at once. With printer URI none nothing is queued and
    // the outcome stays none (the UI shows the ticket on screen anyway).
    void submit(const Receipt& receipt, std::string request_id);
    PrintOutcome outcome(const std::string& request_id) const;
    // Queues the kept receipt again; false when it is no longer kept (or printing is disabled).
    bool reprint(const std::string& request_id);
    // Ask the worker to read the printer's status now (e.g. when staff open the status panel).
    void refresh_status();

    PrinterState state() const;
    // The state in words, plus why when a job or connection failed (no PII: URIs and system errors only).
    std::string message(Locale l = Locale::zh) const;
    // Seconds the worker has been in its current job or status poll (0 while it waits): the watchdog's view.
    double busy_for_s() const { return busy_.busy_for_s(); }

private:
    struct Job {
        std::string request_id;
        Receipt receipt;
    };
    void run();
    void run_job(const Job& job);
    void poll_status();
    // Sets state/detail; returns true when they changed (the caller then wakes the UI).
    bool set_state(PrinterState s, std::string detail);
    void set_outcome(const std::string& id, PrintOutcome o);
    void set_outcome_locked(const std::string& id, PrintOutcome o);
    void notify();

    PrinterUri uri_;
    std::string uri_error_;
    Profile profile_;
    PrintServiceOptions opt_;
    std::function<void()> wake_;

    BusySince busy_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    std::map<std::string, PrintOutcome> outcomes_;
    std::deque<std::string> outcome_order_;
    std::map<std::string, Receipt> kept_;
    std::deque<std::string> kept_order_;
    PrinterState state_ = PrinterState::unknown;
    std::string detail_;
    bool stop_ = false;
    bool refresh_ = true;   // read the status once at start
    std::thread worker_;
};

} // namespace kiosk::printer
