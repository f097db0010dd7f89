// [SECTION] Index
// - Login, logout, auto-logout
// - Queue actions (each audited under the staff id)
// - Audit verify; background refreshes that do not count as activity
// - Day summary export (no personal data)
// - Config change audit
#include "staff_desk.hpp"

#include "crypto.hpp"
#include "staff_query.hpp"
#include "validators.hpp"

#include <fstream>
#include <map>

namespace kiosk {

StaffDesk::StaffDesk(Store& store, StaffAccounts& accounts, const Config& cfg, StaffDeskClocks clocks)
    : store_(store), accounts_(accounts), cfg_(cfg), clocks_(std::move(clocks)) {}

// [SECTION] Getting in and out

Result<bool> StaffDesk::has_accounts() { return accounts_.any(); }

Result<LoginResult> StaffDesk::login(const std::string& pin) {
    auto r = accounts_.verify("", pin, clocks_.wall());
    if (r && r->outcome == LoginOutcome::ok) {
        staff_id_ = r->staff_id;
        display_name_ = staff_id_;
        if (auto all = store_.list_staff())
            for (const auto& a : *all)
                if (a.id == staff_id_ && !a.display_name.empty()) display_name_ = a.display_name;
        last_activity_ = clocks_.steady();
    }
    return r;
}

void StaffDesk::logout(const std::string& why) {
    if (staff_id_.empty()) return;
    (void)audit("staff.logout", why);   // an audit failure must not keep staff mode open
    staff_id_.clear();
    display_name_.clear();
}

void StaffDesk::activity() { last_activity_ = clocks_.steady(); }

std::optional<double> StaffDesk::seconds_to_auto_logout() const {
    if (staff_id_.empty()) return std::nullopt;
    double idle = std::chrono::duration<double>(clocks_.steady() - last_activity_).count();
    return std::max(0.0, cfg_.staff.auto_logout_s - idle);
}

bool StaffDesk::update() {
    auto left = seconds_to_auto_logout();
    if (!left || *left > 0.0) return false;
    logout("auto-logout after " + std::to_string(cfg_.staff.auto_logout_s) + " s idle");
    return true;
}

Status StaffDesk::require_login() const {
    if (staff_id_.empty()) return Error{"staff.not_logged_in", "staff mode is locked: log in with a PIN first"};
    return ok_status();
}

Status StaffDesk::audit(const std::string& action, const std::string& detail) {
    return store_.append_audit(clocks_.wall(), staff_id_.empty() ? "system" : staff_id_, action, detail);
}

// [SECTION] The queue

Result<QueueCounts> StaffDesk::counts() {
    if (auto st = require_login(); !st) return st.error();
    activity();
    return store_.counts();
}

Result<std::vector<RequestSummary>> StaffDesk::list(const RequestFilter& f) {
    if (auto st = require_login(); !st) return st.error();
    activity();
    return store_.list(f);
}

Status StaffDesk::note_search(const std::string& query) {
    if (auto st = require_login(); !st) return st;
    activity();
    const StaffQuery q = parse_staff_query(query);
    if (q.kind == StaffQuery::Kind::none) return ok_status();
    return audit("request.search", std::string("kind=") + staff_query_kind_name(q.kind));
}

Result<std::vector<std::string>> StaffDesk::answers(const std::string& id, const Catalog& catalog, Locale l) {
    if (auto st = require_login(); !st) return st.error();
    auto r = store_.load(id);
    if (!r) return r.error();
    std::vector<std::string> lines;
    if (const Service* s = catalog.find_service(r->req.service_id)) lines = booking_lines(*s, r->req.fields, l);
    wipe(r->req);   // the personal values were decrypted with the rest: gone before returning
    return lines;
}

Result<StoredRequest> StaffDesk::unmask(const std::string& id, const std::string& reason) {
    if (auto st = require_login(); !st) return st.error();
    activity();
    if (reason.find_first_not_of(" \t") == std::string::npos)
        return Error{"staff.reason_required", "say why you need to see the full data (it is recorded)"};
    // Audit first: if the record cannot be written, the data is not shown.
    if (auto st = audit("request.unmask", "id=" + id + " reason=" + reason); !st) return st.error();
    return store_.load(id);
}

Status StaffDesk::clear(const std::string& id, const std::string& reason) {
    if (auto st = require_login(); !st) return st;
    activity();
    if (reason.find_first_not_of(" \t") == std::string::npos)
        return Error{"staff.reason_required", "choose or type a reason for clearing"};
    return store_.clear(id, reason, clocks_.wall(), staff_id_);
}

Status StaffDesk::retry_now(const std::string& id) {
    if (auto st = require_login(); !st) return st;
    activity();
    return store_.requeue(id, staff_id_);
}

Status StaffDesk::discard_dead_letter(const std::string& id, const std::string& reason) {
    if (auto st = require_login(); !st) return st;
    activity();
    auto state = store_.state(id);   // a point lookup: there may be thousands of dead letters
    if (!state && state.error().code != "store.not_found") return state.error();
    if (!state || *state != RequestState::dead_letter)
        return Error{"staff.not_dead_letter", "only a failed upload (dead letter) can be discarded"};
    return clear(id, "discarded: " + reason);
}

Status StaffDesk::reprint(const std::string& id) {
    if (auto st = require_login(); !st) return st;
    activity();
    if (!reprint_) return Error{"printer.none", "no printer is configured"};
    auto r = store_.load(id);
    if (!r) return r.error();
    if (auto st = audit("request.reprint", "id=" + id); !st) return st;
    return reprint_(r.value());
}

Result<int> StaffDesk::purge_now() {
    if (auto st = require_login(); !st) return st.error();
    activity();
    auto n = store_.purge(clocks_.wall(), cfg_.privacy.retention_days);
    if (n) (void)audit("request.purge_now", "purged=" + std::to_string(n.value()));
    return n;
}

Status StaffDesk::allow_close() {
    if (auto st = require_login(); !st) return st;
    return audit("app.close", "by staff");
}

Result<std::vector<AuditEntry>> StaffDesk::audit_tail(int limit) {
    if (auto st = require_login(); !st) return st.error();
    activity();
    return store_.list_audit(limit, 0);
}

namespace {
// The value of `key=value` in an audit detail ("id=… reason=…"); empty when absent.
std::string detail_value(const std::string& detail, const std::string& key) {
    for (std::size_t at = 0; (at = detail.find(key + "=", at)) != std::string::npos; at += key.size()) {
        if (at != 0 && detail[at - 1] != ' ') continue;
        std::size_t from = at + key.size() + 1, to = detail.find(' ', from);
        return detail.substr(from, to == std::string::npos ? std::string::npos : to - from);
    }
    return {};
}
} // namespace

Result<std::vector<AuditLine>> StaffDesk::audit_lines(int limit) {
    auto rows = audit_tail(limit);
    if (!rows) return rows.error();
    std::map<std::string, std::string> names;
    if (auto all = store_.list_staff())
        for (const auto& a : *all) names[a.id] = a.display_name.empty() ? a.id : a.display_name;
    std::vector<AuditLine> out;
    out.reserve(rows->size());
    for (auto& e : *rows) {
        AuditLine line;
        // Details name requests as "id=<uuid>" (audit rows never hold PII); staff know them by ticket.
        if (e.action.rfind("request.", 0) == 0)
            if (auto id = detail_value(e.detail, "id"); !id.empty())
                if (auto t = store_.ticket(id)) line.ticket = *t;
        auto n = names.find(e.actor);
        line.actor_name = n == names.end() ? e.actor : n->second;
        line.entry = std::move(e);
        out.push_back(std::move(line));
    }
    return out;
}

Result<AuditVerdict> StaffDesk::verify_audit() {
    if (auto st = require_login(); !st) return st.error();
    activity();
    return store_.verify_audit();
}

// [SECTION] Background refreshes

Result<QueueCounts> StaffDesk::peek_counts() {
    if (auto st = require_login(); !st) return st.error();
    return store_.counts();
}

Result<std::vector<RequestSummary>> StaffDesk::peek_list(const RequestFilter& f) {
    if (auto st = require_login(); !st) return st.error();
    return store_.list(f);
}

Result<RequestSummary> StaffDesk::peek_summary(const std::string& request_id) {
    if (auto st = require_login(); !st) return st.error();
    return store_.summary(request_id);
}

// [SECTION] Day summary

namespace {
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
} // namespace

Result<std::filesystem::path> StaffDesk::export_day_summary(const std::string& day, const std::filesystem::path& dir) {
    if (auto st = require_login(); !st) return st.error();
    activity();
    if (!parse_date(day)) return Error{"staff.bad_day", "the day must be YYYY-MM-DD"};
    // The CSV holds no applicant data: nothing needs decrypting.
    auto rows = store_.list(RequestFilter{std::nullopt, "", day, 100000, 0, /*masked=*/false});
    if (!rows) return rows.error();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    auto path = dir / ("summary-" + day + ".csv");
    std::ofstream out(path, std::ios::trunc);
    out << "ticket,service_id,state,created_at,server_ref,attempts,cleared_reason\n";
    for (const auto& r : rows.value())
        out << csv_field(r.ticket) << ',' << csv_field(r.service_id) << ',' << state_name(r.state) << ','
            << csv_field(r.created_at) << ',' << csv_field(r.server_ref) << ',' << r.attempts << ','
            << csv_field(r.cleared_reason) << '\n';
    out.close();
    if (!out) return Error{"staff.export_failed", path.string() + ": could not write the summary (disk full?)"};
    if (auto st = audit("export.day_summary", "day=" + day + " rows=" + std::to_string(rows->size())); !st) return st.error();
    return path;
}

// [SECTION] Config change audit

Status audit_config_if_changed(Store& store, const std::string& config_text, const std::string& source) {
    const std::string detail = "sha256=" + sha256_hex(config_text) + " file=" + source;
    // The newer of the two actions is the config recorded last.
    auto loaded = store.last_audit("config.loaded");
    if (!loaded) return loaded.error();
    auto changed = store.last_audit("config.changed");
    if (!changed) return changed.error();
    const std::optional<AuditEntry>& last = (changed->has_value() && (!loaded->has_value() || (*changed)->seq > (*loaded)->seq))
                                                ? *changed : *loaded;
    if (last && last->detail == detail) return ok_status();
    return store.append_audit(WallClock::now(), "system", last ? "config.changed" : "config.loaded", detail);
}

} // namespace kiosk
