#pragma once
// [SECTION] Index
//   [SECTION] State     — what the staff panels share: PIN pad, list cache, open request, feedback line
//   [SECTION] Panels    — one function per file in ui/staff/, registered in one line each (panels.cpp)
//   [SECTION] Helpers   — reasons, words for states and errors, dates (staff_common.cpp)
//
// Staff screens follow the resident screens' rules: they call only StaffDesk and AppState (never SQLite,
// curl or the printer), sizes are in em, and personal data appears unmasked only in the request detail
// after an audited StaffDesk::unmask — it is wiped again when the detail closes or staff mode ends.
#include "ui/staff/staff_mode.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/crypto.hpp"   // wipe(): OPENSSL_cleanse, then clear
#include "app/hidden_entry.hpp"
#include "app/staff_desk.hpp"

#include <future>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::ui::staff {

// [SECTION] State

enum class Panel { dashboard, requests, detail, dead_letters, audit, maintenance };

// A reason staff choose from fixed buttons (i18n key) plus optional words typed on the keyboard.
struct ReasonPick {
    std::string key;      // chosen reason, e.g. "staff.reason.verify_identity"; empty = none yet
    std::string extra;    // optional words
    bool typing = false;  // the keyboard is open for `extra`
    void clear();
};

// The request list, fetched page by page as it scrolls (never thousands of rows per frame), cached per
// filter and re-read every few seconds (not while it is being scrolled) or right after an action.
struct ListCache {
    // A page is what one fetch decrypts and masks (~1 ms a row in a Debug build): a screen and a half of rows,
    // so scrolling onto a new page costs one short fetch rather than a long one.
    static constexpr int kPage = 40;
    std::optional<RequestState> state;
    std::string service_id;
    std::string day;                          // YYYY-MM-DD or empty = any
    std::map<int, std::vector<RequestSummary>> pages;
    int known = 0;                            // rows known to exist
    bool end_reached = false;                 // a short page was seen: `known` is the total
    double fetched_at = -1e9;
    float scroll_y = 0;                       // to notice scrolling: the periodic re-read waits until it stops
    double scrolled_at = -1e9;
    std::string error;
    bool choosing_service = false;
    std::string query;                        // the search applied (ticket, phone tail or name)
    std::string typing;                       // the search box while its keyboard is open; wiped on close
    bool searching = false;                   // the keyboard replaces the list while open
    int rows_shown() const { return end_reached ? known : known + 1; }   // +1: the "loading more" row
    void invalidate() { pages.clear(); end_reached = false; fetched_at = -1e9; }
};

struct PinPad {
    std::string digits;                       // wiped (OPENSSL_cleanse) after every attempt and on cancel
    std::string message;                      // wrong PIN / locked / no account, already in words
    bool message_is_error = false;
    double locked_until = -1;                 // ui.time at which the pad accepts PINs again
    std::optional<bool> has_accounts;         // asked once per opening
    std::future<Result<LoginResult>> pending; // PBKDF2 with 600 000 rounds takes a while: off the UI thread
};

struct Detail {
    enum class Ask { none, unmask, clear, discard };
    std::string id;
    std::optional<RequestSummary> summary;
    std::optional<StoredRequest> full;        // only after an audited unmask; wiped on close
    std::optional<std::vector<std::string>> answers;   // non-personal answers (StaffDesk::answers), read once
    Ask ask = Ask::none;
    ReasonPick reason;
    Panel back_to = Panel::requests;
};

// Owned by the Ui (Ui::staff_ui), created with it: nothing of one run's staff mode outlives that run.
struct StaffUi {
    StaffUi() = default;
    StaffUi(const StaffUi&) = delete;
    StaffUi& operator=(const StaffUi&) = delete;
    ~StaffUi();                               // wipes PIN digits and any unmasked data, waits for a PIN check

    HiddenEntry entry;
    bool mouse_was_down = false;
    float last_x = 0, last_y = 0;             // last valid pointer position (normalized)
    double armed_at = -1;                     // ui.time the hold completed (the corner shield lasts 5 s)

    bool pin_open = false;
    PinPad pin;
    Panel panel = Panel::dashboard;
    Locale locale = Locale::zh;               // staff mode's language survives the session's resets

    std::optional<QueueCounts> counts;
    double counts_at = -1e9;
    ListCache list;
    Detail detail;
    std::vector<RequestSummary> dead;         // dead letters (rare: the first 200 are shown)
    double dead_at = -1e9;
    std::string discard_id;
    ReasonPick discard_reason;
    std::vector<AuditLine> audit;
    std::optional<AuditVerdict> verdict;
    bool audit_loaded = false;
    std::string export_day;                   // YYYY-MM-DD
    std::string confirm;                      // "purge" | "close" while asking "are you sure?"

    std::string note;                         // feedback line after an action
    bool note_error = false;
    double note_until = 0;
};

// [SECTION] Panels
// One line per panel in panels.cpp: which Panel it draws, its draw function and its navigation button.
struct PanelEntry {
    Panel panel;
    void (*draw)(Ui&, StaffUi&, ImVec2 size);
    const char* nav_key;                        // i18n key of its navigation button; nullptr: reached from another panel
    void (*on_open)(StaffUi&) = nullptr;        // when its navigation button is tapped
    int (*badge)(const StaffUi&) = nullptr;     // a count shown on its navigation button when above 0
};
std::span<const PanelEntry> panels();
const PanelEntry* panel_for(Panel p);

void draw_pin_pad(Ui& ui, StaffUi& st);   // before login: drawn instead of the panels
void draw_dashboard(Ui& ui, StaffUi& st, ImVec2 size);
void draw_request_list(Ui& ui, StaffUi& st, ImVec2 size);
void draw_request_detail(Ui& ui, StaffUi& st, ImVec2 size);
void draw_dead_letters(Ui& ui, StaffUi& st, ImVec2 size);
void draw_audit_panel(Ui& ui, StaffUi& st, ImVec2 size);
void draw_maintenance(Ui& ui, StaffUi& st, ImVec2 size);

// [SECTION] Helpers
void enter_staff_mode(Ui& ui, StaffUi& st);
void leave_staff_mode(Ui& ui, StaffUi& st, const std::string& why);
void open_detail(Ui& ui, StaffUi& st, const RequestSummary& row, Panel back_to);
void close_detail(StaffUi& st);                       // wipes any unmasked data
void say(Ui& ui, StaffUi& st, const std::string& words, bool error);
void say_status(Ui& ui, StaffUi& st, const Status& s, const std::string& ok_words);
std::string error_words(Ui& ui, const Error& e);
std::string state_words(Ui& ui, RequestState s);
std::string service_words(Ui& ui, const std::string& service_id);
std::string short_time(const std::string& rfc3339);   // "2026-11-28T21:30:05+08:00" → "11-28 21:30"
std::string local_day(int offset_days = 0);           // today (+offset) as YYYY-MM-DD, local time
std::string shift_day(const std::string& day, int days);
// Makes sure every character of a string from the data (names, reasons, errors) is in the font atlas.
const std::string& glyphs(Ui& ui, const std::string& s);

// Reason buttons (`keys` are i18n keys), "other…" with the keyboard, and OK / cancel.
// Returns +1 when confirmed with a reason, -1 when cancelled, 0 while choosing.
int reason_picker(Ui& ui, ReasonPick& pick, std::span<const char* const> keys, const std::string& question, ImVec2 size);
// The reason as recorded in the audit log: the fixed reason in Chinese (the station's language), then the
// typed words. Never shown to residents.
std::string reason_text(Ui& ui, const ReasonPick& pick);
// Discarding a dead letter, from its card or from the request detail: the reasons, the audited
// StaffDesk::discard_dead_letter, the feedback line and the re-reads it calls for. Returns like
// reason_picker (+1 once the desk was asked, whatever it answered); `pick` is cleared when it is not 0.
int discard_picker(Ui& ui, StaffUi& st, ReasonPick& pick, const RequestSummary& row, const std::string& question, ImVec2 size);
// "Are you sure?" with yes/no buttons. +1 yes, -1 no, 0 undecided.
int confirm_box(Ui& ui, const std::string& question, const std::string& yes_label, ImVec2 size);
// A label/value line in a two-column layout.
void field_line(Ui& ui, const std::string& label, const std::string& value, float label_w, float width);

} // namespace kiosk::ui::staff
