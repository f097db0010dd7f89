#pragma once
// [SECTION] AppState — the plain state the UI is handed (hello_imgui style). Screens read it and call the
// functions in it; the app (app/main.cpp) fills it in and owns the workers behind the functions.
// Everything a function returns is a snapshot: safe to call from the UI thread every frame.
#include "catalog.hpp"
#include "config.hpp"
#include "search.hpp"
#include "session.hpp"
#include "staff_desk.hpp"
#include "store.hpp"

#include <functional>
#include <string>

namespace kiosk {

struct StatusSnapshot {
    // upload (issue: upload over mTLS)
    bool upload_enabled = false;     // an intake URL is configured
    bool online = false;             // the last contact with the intake succeeded
    bool upload_config_error = false;// certificate/TLS/config problem: staff must act
    QueueCounts queue;
    std::string last_upload_ok_at;   // RFC 3339, empty if never
    std::string last_upload_error;   // in words, for staff; never PII
    // printer
    std::string printer_state = "disabled";  // ok|paper_near_end|paper_out|cover_open|offline|unknown|disabled
    std::string printer_message;             // in words, for staff
    // station
    long long disk_free_mb = -1;
    bool staff_called = false;
};

enum class PrintOutcome { none, pending, printed, failed };

struct AppState {
    const Config& config;
    const Catalog& catalog;
    Session& session;
    CatalogSearch& search;
    std::function<StatusSnapshot()> status = [] { return StatusSnapshot{}; };
    std::function<PrintOutcome(const std::string& request_id)> print_outcome = [](const std::string&) { return PrintOutcome::none; };
    std::function<void(const std::string& request_id)> reprint = [](const std::string&) {};
    // `why` is a fixed reason code such as "resident", "print_failed", "submit_failed" — never PII.
    std::function<void(const std::string& why)> call_staff = [](const std::string&) {};
    std::function<void()> acknowledge_staff_call = [] {};   // staff saw the call (staff mode)
    // Set by the UI runner: wakes the event loop from any thread (glfwPostEmptyEvent).
    std::function<void()> wake = [] {};

    // Staff mode (issue 6). Null when the app runs without it (some tests); the staff screens then say so.
    StaffDesk* staff = nullptr;
    bool staff_mode = false;        // the UI shows staff screens instead of the resident's
    bool quit_requested = false;    // set only through staff mode ("close the kiosk"); the runner exits
};

} // namespace kiosk
