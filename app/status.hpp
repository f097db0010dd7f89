#pragma once
// [SECTION] Status — what the workers (uploader, printer) report to the UI, and nothing else: a small,
// dependency-free header so the print service, the A4 printer and the uploader need not include the
// AppState that the UI is handed. Every value is a snapshot, safe to copy to the UI thread every frame.
#include <string>

namespace kiosk {

// How many requests are in each state of DESIGN.md's lifecycle.
struct QueueCounts {
    int queued = 0, sending = 0, retry_wait = 0, uploaded = 0, dead_letter = 0, cleared = 0, purged = 0;
    int pending() const { return queued + sending + retry_wait; }
};

// The receipt printer's state, from its real-time status replies (printer/status.hpp decodes them).
enum class PrinterState { ok, paper_near_end, paper_out, cover_open, offline, unknown, disabled };
// "ok" | "paper_near_end" | "paper_out" | "cover_open" | "offline" | "unknown" | "disabled": the names the
// heartbeat sends and the staff strings ("staff.printer.<name>") use.
const char* printer_state_name(PrinterState s);
// Residents can still be served and get a ticket: the printer is fine, nearly out of paper, or not used.
inline bool printer_can_print(PrinterState s) {
    return s == PrinterState::ok || s == PrinterState::paper_near_end || s == PrinterState::disabled;
}

// A receipt or form print job, by request id.
enum class PrintOutcome { none, pending, printed, failed };

// The station's event stream (app/events/event_worker.hpp), for staff mode.
struct EventsStatus {
    bool enabled = false;            // an intake URL is configured
    bool connected = false;          // the last long-poll was answered
    long long cursor = 0;            // the last event seq applied (durable)
    long applied = 0, duplicates = 0, failures = 0;
    std::string last_event_at;       // RFC 3339 of the last applied event, empty if none yet
    std::string last_error;          // in words, for staff; never PII
};

struct StatusSnapshot {
    // upload
    bool upload_enabled = false;     // an intake URL is configured
    bool online = false;             // the last contact with the intake succeeded
    bool upload_config_error = false;// certificate/TLS/config problem: staff must act
    QueueCounts queue;
    std::string last_upload_ok_at;   // RFC 3339, empty if never
    std::string last_upload_error;   // in words, for staff; never PII
    // printer
    PrinterState printer_state = PrinterState::disabled;
    std::string printer_message;     // in words, for staff
    // station
    long long disk_free_mb = -1;
    bool staff_called = false;
    EventsStatus events;
};

} // namespace kiosk
