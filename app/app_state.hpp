#pragma once
// [SECTION] AppState — the plain state the UI is handed (hello_imgui style). Screens read it and call the
// functions in it; the composition root (kiosk/kiosk_app.cpp) fills it in and owns the workers behind the
// functions. Everything a function returns is a snapshot: safe to call from the UI thread every frame.
// Only references and pointers here: this header pulls in no part of the core but the status types.
#include "status.hpp"
#include "text.hpp"

#include <functional>
#include <string>

namespace kiosk {

struct Config;
struct Catalog;
class Session;
class CatalogSearch;
class StaffDesk;
class PinyinEngine;
class CallBoard;
class ProgressService;
class ScanInbox;

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
    // The ID-card reader (kiosk/reader_link, docs/READER.md), a snapshot. hint: "none" | "place_card" |
    // "use_typing" | "card_unreadable" (assets/i18n "reader.hint.*"); staff_text: technical, never card data.
    struct ReaderView {
        bool configured = false;
        bool card_present = false;
        std::string hint = "none";
        std::string staff_text;
        // Staff mode's reader line: reader::staff_state_name ("none" | "connecting" | "absent" | "fault" |
        // "card_present" | "ready"), and the last failure in technical words with its time (RFC 3339).
        std::string staff_state = "none";
        std::string last_error;
        std::string last_error_at;
    };
    std::function<ReaderView()> reader = [] { return ReaderView{}; };
    std::function<void()> reader_reread = [] {};   // "重新读卡"

    // Set by the UI runner: wakes the event loop from any thread (glfwPostEmptyEvent).
    std::function<void()> wake = [] {};

    // The pinyin dictionary, set on the UI thread once it has loaded (null before, and when it is not
    // installed: the keyboard then offers Latin letters only). `pinyin_settled`: the load has finished,
    // either way (automation waits for it).
    const PinyinEngine* pinyin = nullptr;
    bool pinyin_settled = false;

    // Staff mode. Null when the app runs without it (some tests); the staff screens then say so.
    StaffDesk* staff = nullptr;
    bool quit_requested = false;    // set only through staff mode ("close the kiosk"); the runner exits
    // The station's calls for the banner (app/events/call_board.hpp), the progress query
    // (app/progress.hpp) and the scanned codes waiting for the UI (app/scanner/scan_inbox.hpp). Null when
    // the app runs without them (tests, out of service): the banner, the entry and scans are then absent.
    const CallBoard* calls = nullptr;
    ProgressService* progress = nullptr;
    ScanInbox* scans = nullptr;
    // Set: guidance prompts go through the kiosk's one voice queue (app/voice_queue.hpp), so they never
    // overlap a call being announced. Empty: ui/voice speaks them itself.
    std::function<void(const std::string& text, Locale l)> speak_prompt;

    // Non-empty: the kiosk cannot take requests (a reason code such as "storage_full", never PII). Every
    // resident step then shows the out-of-service screen; staff mode stays reachable.
    std::string out_of_service;
};

} // namespace kiosk
