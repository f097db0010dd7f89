#pragma once
// [SECTION] StaffDesk — what staff mode can do, as one core object the staff screens call (issue 6).
// Every action needs a logged-in staff member and is audited under their id; unmasking personal data needs a
// reason. Staff mode logs itself out after `[staff] auto_logout_s` of inactivity (injectable clock).
#include "audit.hpp"
#include "catalog.hpp"
#include "config.hpp"
#include "staff_accounts.hpp"
#include "store.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// An audit row as staff read it: the request's ticket instead of its id, the actor's display name.
struct AuditLine {
    AuditEntry entry;
    std::string ticket;           // empty when the row names no request (or the request is unknown)
    std::string actor_name;       // the staff account's display name; the id itself for system/resident
};

struct StaffDeskClocks {
    std::function<std::chrono::steady_clock::time_point()> steady = [] { return std::chrono::steady_clock::now(); };
    std::function<WallTime()> wall = [] { return WallClock::now(); };
};

class StaffDesk {
public:
    // Reprinting goes through the app (printer worker): the desk loads the request and hands it over.
    using ReprintFn = std::function<Status(const StoredRequest&)>;

    StaffDesk(Store& store, StaffAccounts& accounts, const Config& cfg, StaffDeskClocks clocks = {});

    // [SECTION] Getting in and out
    Result<bool> has_accounts();                       // false: say how to create one (`kiosk staff add`)
    Result<LoginResult> login(const std::string& pin); // PIN-only pad: any account
    void logout(const std::string& why = "manual");    // audited; no-op when nobody is logged in
    bool logged_in() const { return !staff_id_.empty(); }
    const std::string& staff_id() const { return staff_id_; }
    const std::string& display_name() const { return display_name_; }   // "王警官"; the id when none
    void activity();                                   // any touch in staff mode
    bool update();                                     // auto-logout when idle too long; true if it did
    std::optional<double> seconds_to_auto_logout() const;

    // [SECTION] The queue
    Result<QueueCounts> counts();
    Result<std::vector<RequestSummary>> list(const RequestFilter& f);
    // Staff pressed 查找: audits that a search by ticket/digits/name ran (its kind, never the typed text).
    // The list itself then comes from list()/peek_list() with RequestFilter::query.
    Status note_search(const std::string& query);
    // The request's non-personal answers (booking_lines: choices, dates, yes/no — visit date, slot,
    // purpose) without unmasking: nothing personal is returned, so nothing is audited.
    Result<std::vector<std::string>> answers(const std::string& request_id, const Catalog& catalog, Locale l);
    Result<StoredRequest> unmask(const std::string& request_id, const std::string& reason);
    Status clear(const std::string& request_id, const std::string& reason);
    Status retry_now(const std::string& request_id);
    Status discard_dead_letter(const std::string& request_id, const std::string& reason);
    Status reprint(const std::string& request_id);
    Result<int> purge_now();
    // Writes a CSV of the day's requests (ticket, service, state, times — no personal data) into `dir` and
    // returns its path. `day` is "YYYY-MM-DD" local.
    Result<std::filesystem::path> export_day_summary(const std::string& day, const std::filesystem::path& dir);
    Status allow_close();                              // only staff may close the app; audited
    Result<std::vector<AuditEntry>> audit_tail(int limit = 50);
    // The same rows for reading: tickets and display names resolved (audit_panel).
    Result<std::vector<AuditLine>> audit_lines(int limit = 50);
    // Re-checks the whole audit hash chain (as `kiosk audit verify` does).
    Result<AuditVerdict> verify_audit();

    // [SECTION] Background refreshes
    // Same as counts()/list() but not counted as the staff member's activity: the staff screens re-read the
    // queue every few seconds, and that must not keep an unattended staff mode from logging itself out.
    Result<QueueCounts> peek_counts();
    Result<std::vector<RequestSummary>> peek_list(const RequestFilter& f);
    Result<RequestSummary> peek_summary(const std::string& request_id);   // one request, masked

    void set_reprint_fn(ReprintFn fn) { reprint_ = std::move(fn); }

private:
    Status require_login() const;
    Status audit(const std::string& action, const std::string& detail);

    Store& store_;
    StaffAccounts& accounts_;
    const Config& cfg_;
    StaffDeskClocks clocks_;
    ReprintFn reprint_;
    std::string staff_id_, display_name_;
    std::chrono::steady_clock::time_point last_activity_{};
};

// Records the config file's SHA-256 in the audit log when it differs from the last one recorded, so a
// changed config is visible to staff and auditors ("config.changed").
Status audit_config_if_changed(Store& store, const std::string& config_text, const std::string& source);

} // namespace kiosk
