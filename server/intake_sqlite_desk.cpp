// The SQLite intake: the desk's queue, calls and status changes, the events they make, alerts, heartbeat
// anchors and ratings. See intake_sqlite.hpp; the rules are in docs/DESK.md and docs/DESK_API.md.
// [SECTION] Index: helpers · queue · events · calls · status · alerts, anchors, ratings
#include "server/intake_sqlite.hpp"

#include "server/intake_shared.hpp"

#include "app/store_sql.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace intake {

using json = nlohmann::json;
using kiosk::make_error;
using kiosk::sql::Stmt;
using kiosk::sql::Tx;

// [SECTION] helpers
namespace {

kiosk::Error db_error(sqlite3* db, const char* what) {
    return make_error("intake.db", std::string(what) + ": " + sqlite3_errmsg(db));
}
kiosk::Error not_found() { return make_error("desk.not_found", "no such request"); }
kiosk::Error bad_transition(const std::string& why) { return make_error("desk.bad_transition", why); }

std::string select_tickets(const char* where) {
    return std::string("SELECT ") + kTicketColumns + " FROM requests " + where;
}

} // namespace

// [SECTION] queue
Result<std::vector<Ticket>> SqliteIntakeStore::tickets(const std::string& station, const std::string& day) {
    std::lock_guard lock(mu_);
    Stmt q(db_, select_tickets("WHERE station_id=? AND day=? ORDER BY seq").c_str());
    q.bind(1, station).bind(2, day);
    std::vector<Ticket> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_ticket(q));
    if (rc != SQLITE_DONE) return db_error(db_, "reading the queue");
    return out;
}

Result<std::optional<Ticket>> SqliteIntakeStore::ticket_locked(const std::string& request_id) {
    Stmt q(db_, select_tickets("WHERE request_id=?").c_str());
    q.bind(1, request_id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<Ticket>{};
    if (rc != SQLITE_ROW) return db_error(db_, "reading a request");
    return std::optional<Ticket>(read_ticket(q));
}

Result<std::optional<Ticket>> SqliteIntakeStore::ticket(const std::string& request_id) {
    std::lock_guard lock(mu_);
    return ticket_locked(request_id);
}

// [SECTION] events
// Seqs increase per station and never repeat: the next is max + 1 inside the writer's transaction.
Result<std::int64_t> SqliteIntakeStore::event_locked(const std::string& station, const std::string& type,
                                                     const std::string& fields_json) {
    Stmt q(db_, "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE station_id=?");
    q.bind(1, station);
    if (q.step() != SQLITE_ROW) return db_error(db_, "numbering an event");
    const std::int64_t seq = q.i64(0);
    const std::string at = now_rfc3339();
    Stmt ins(db_, "INSERT INTO events(station_id, seq, type, at, json) VALUES(?,?,?,?,?)");
    ins.bind(1, station).bind(2, seq).bind(3, type).bind(4, at).bind(5, event_json(fields_json, seq, type, at));
    if (ins.step() != SQLITE_DONE) return db_error(db_, "writing an event");
    return seq;
}

Status SqliteIntakeStore::call_event_locked(const Ticket& t, bool recall, bool transfer) {
    auto seq = event_locked(t.station_id, "call", call_event_fields(t, recall, transfer));
    if (!seq) return seq.error();
    return kiosk::ok_status();
}

Result<std::vector<Event>> SqliteIntakeStore::events_after(const std::string& station, std::int64_t after, int limit) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT seq, type, at, json FROM events WHERE station_id=? AND seq>? ORDER BY seq LIMIT ?");
    q.bind(1, station).bind(2, after).bind(3, limit);
    std::vector<Event> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3)});
    if (rc != SQLITE_DONE) return db_error(db_, "reading events");
    return out;
}

Result<std::int64_t> SqliteIntakeStore::last_event_seq(const std::string& station) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE station_id=?");
    q.bind(1, station);
    if (q.step() != SQLITE_ROW) return db_error(db_, "reading events");
    return q.i64(0);
}

// [SECTION] calls
Result<Ticket> SqliteIntakeStore::call_next(const std::string& station, const std::string& day, int window,
                                            const std::vector<std::string>& serves, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun().error();
    std::optional<Ticket> pick;
    {
        // Waiting tickets sent to this window, or not yet assigned and of a category it serves; a no-show
        // is not `waiting`, so it comes back only when recalled.
        Stmt q(db_, select_tickets("WHERE station_id=? AND day=? AND call_state='waiting' AND "
                                   "(desk_window=? OR desk_window=0) ORDER BY seq").c_str());
        q.bind(1, station).bind(2, day).bind(3, window);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            Ticket t = read_ticket(q);
            const bool served = serves.empty() || std::find(serves.begin(), serves.end(), t.category) != serves.end();
            if (t.window == window || served) {
                pick = std::move(t);
                break;
            }
        }
        if (!pick && rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(db_, "reading the queue");
    }
    if (!pick) return make_error("desk.none_waiting", "no ticket is waiting for this window");
    Stmt up(db_, "UPDATE requests SET call_state='called', desk_window=?, "
                 "called_ms=CASE called_ms WHEN 0 THEN ? ELSE called_ms END WHERE request_id=?");
    up.bind(1, window).bind(2, now_ms()).bind(3, pick->request_id);
    if (up.step() != SQLITE_DONE) return db_error(db_, "calling a ticket");
    auto t = ticket_locked(pick->request_id);
    if (!t || !*t) return db_error(db_, "calling a ticket");
    if (auto st = audit_locked(actor, "call.next", "ticket " + (*t)->ticket + " window " + std::to_string(window),
                               (*t)->request_id); !st)
        return st.error();
    if (auto st = call_event_locked(**t, false, false); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    return **t;
}

Result<Ticket> SqliteIntakeStore::update_call_locked(const std::string& request_id, const char* sql_set, int window,
                                                     const std::string& actor, const std::string& action) {
    // ?1 window, ?2 now (ms), ?3 the request; a SET that does not use ?1/?2 leaves them unbound (harmless).
    Stmt up(db_, (std::string("UPDATE requests SET ") + sql_set + " WHERE request_id=?3").c_str());
    up.bind(1, window).bind(2, now_ms()).bind(3, request_id);
    if (up.step() != SQLITE_DONE) return db_error(db_, "updating a call");
    auto t = ticket_locked(request_id);
    if (!t || !*t) return db_error(db_, "updating a call");
    if (auto st = audit_locked(actor, action, "ticket " + (*t)->ticket + " window " + std::to_string((*t)->window),
                               request_id); !st)
        return st.error();
    return **t;
}

Result<Ticket> SqliteIntakeStore::recall(const std::string& request_id, int window, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto cur = ticket_locked(request_id);
    if (!cur) return cur.error();
    if (!*cur) return not_found();
    if ((*cur)->call_state != "called" && (*cur)->call_state != "no_show")
        return bad_transition("only a called or no-show ticket can be recalled (this one is " + (*cur)->call_state + ")");
    auto t = update_call_locked(request_id, "call_state='called', recalls=recalls+1, desk_window=?1, "
                                            "called_ms=CASE called_ms WHEN 0 THEN ?2 ELSE called_ms END",
                                window, actor, "call.recall");
    if (!t) return t;
    if (auto st = call_event_locked(*t, true, false); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    return t;
}

Result<Ticket> SqliteIntakeStore::no_show(const std::string& request_id, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto cur = ticket_locked(request_id);
    if (!cur) return cur.error();
    if (!*cur) return not_found();
    if ((*cur)->call_state != "called")
        return bad_transition("only a called ticket can be marked no-show (this one is " + (*cur)->call_state + ")");
    auto t = update_call_locked(request_id, "call_state='no_show'",
                                0, actor, "call.no_show");
    if (!t) return t;
    if (auto st = tx.commit(); !st) return st.error();
    return t;
}

Result<Ticket> SqliteIntakeStore::transfer(const std::string& request_id, int window, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto cur = ticket_locked(request_id);
    if (!cur) return cur.error();
    if (!*cur) return not_found();
    if ((*cur)->call_state == "served") return bad_transition("this ticket was served already");
    auto t = update_call_locked(request_id, "call_state='waiting', desk_window=?1", window,
                                actor, "call.transfer");
    if (!t) return t;
    if (auto st = call_event_locked(*t, false, true); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    return t;
}

// [SECTION] status
Result<Ticket> SqliteIntakeStore::set_status(const std::string& request_id, const std::string& status,
                                             const std::string& message_zh, const std::string& message_en,
                                             const std::string& reason, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto cur = ticket_locked(request_id);
    if (!cur) return cur.error();
    if (!*cur) return not_found();
    const std::string from = (*cur)->desk_status;
    if (!status_allowed(from, status)) return bad_transition("a request cannot go from " + from + " to " + status);
    // Taking the request in (accepted, or refused at once) serves its ticket.
    Stmt up(db_, "UPDATE requests SET desk_status=?, message_zh=?, message_en=?, reason=?, updated_at=?, "
                 "call_state=CASE WHEN ? IN ('accepted','rejected') THEN 'served' ELSE call_state END WHERE request_id=?");
    up.bind(1, status).bind(2, message_zh).bind(3, message_en).bind(4, reason).bind(5, now_rfc3339()).bind(6, status)
        .bind(7, request_id);
    if (up.step() != SQLITE_DONE) return db_error(db_, "changing a status");
    std::string detail = "request " + request_id + " " + from + " -> " + status;
    if (!reason.empty()) detail += " reason: " + reason;
    if (auto st = audit_locked(actor, "request.status", detail, request_id); !st) return st.error();
    if (auto seq = event_locked((*cur)->station_id, "status",
                                status_event_fields(**cur, status, message_zh, message_en, actor)); !seq)
        return seq.error();
    auto t = ticket_locked(request_id);
    if (!t || !*t) return db_error(db_, "changing a status");
    if (auto st = tx.commit(); !st) return st.error();
    return **t;
}

// [SECTION] alerts, anchors, ratings
Status SqliteIntakeStore::raise_alert(const Alert& a) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    Stmt ins(db_, "INSERT INTO alerts(kind, kiosk_id, day, at, message_zh, message_en) VALUES(?,?,?,?,?,?)");
    ins.bind(1, a.kind).bind(2, a.kiosk_id).bind(3, a.at.substr(0, 10)).bind(4, a.at).bind(5, a.message_zh).bind(6, a.message_en);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "raising an alert");
    if (auto st = audit_locked("system", "alert." + a.kind, "kiosk " + a.kiosk_id + ": " + a.message_en, ""); !st) return st;
    return tx.commit();
}

Status SqliteIntakeStore::set_help(const std::string& kiosk_id, bool requested) {
    std::lock_guard lock(mu_);
    Stmt q(db_, requested ? "INSERT INTO help_requests(kiosk_id, since) VALUES(?, ?) ON CONFLICT(kiosk_id) DO NOTHING"
                          : "DELETE FROM help_requests WHERE kiosk_id=? AND ? IS NOT NULL");
    q.bind(1, kiosk_id).bind(2, now_rfc3339());
    if (q.step() != SQLITE_DONE) return db_error(db_, "recording a help request");
    return kiosk::ok_status();
}

Result<std::vector<Alert>> SqliteIntakeStore::alerts(const std::string& day) {
    std::lock_guard lock(mu_);
    std::vector<Alert> out;
    {
        Stmt q(db_, "SELECT kiosk_id, since FROM help_requests ORDER BY since");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            out.push_back(help_alert(q.text(0), q.text(1)));
        if (rc != SQLITE_DONE) return db_error(db_, "reading alerts");
    }
    Stmt q(db_, "SELECT kind, kiosk_id, at, message_zh, message_en FROM alerts WHERE day=? ORDER BY id");
    q.bind(1, day);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    if (rc != SQLITE_DONE) return db_error(db_, "reading alerts");
    return out;
}

Result<std::optional<Anchor>> SqliteIntakeStore::anchor(const std::string& kiosk_id) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM anchors WHERE kiosk_id=?");
    q.bind(1, kiosk_id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<Anchor>{};
    if (rc != SQLITE_ROW) return db_error(db_, "reading an anchor");
    return std::optional<Anchor>(Anchor{q.i64(0), q.text(1), q.i64(2), q.text(3)});
}

Status SqliteIntakeStore::set_anchor(const std::string& kiosk_id, const Anchor& a) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "INSERT INTO anchors(kiosk_id, head_seq, head_hash, anchor_seq, anchor_hash) VALUES(?,?,?,?,?) "
                "ON CONFLICT(kiosk_id) DO UPDATE SET head_seq=excluded.head_seq, head_hash=excluded.head_hash, "
                "anchor_seq=excluded.anchor_seq, anchor_hash=excluded.anchor_hash");
    q.bind(1, kiosk_id).bind(2, a.head_seq).bind(3, a.head_hash).bind(4, a.anchor_seq).bind(5, a.anchor_hash);
    if (q.step() != SQLITE_DONE) return db_error(db_, "writing an anchor");
    return kiosk::ok_status();
}

Status SqliteIntakeStore::set_ratings(const std::string& kiosk_id, const std::string& day, const DayRatings& r) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "INSERT INTO ratings(kiosk_id, day, n, stars) VALUES(?,?,?,?) "
                "ON CONFLICT(kiosk_id, day) DO UPDATE SET n=excluded.n, stars=excluded.stars");
    q.bind(1, kiosk_id).bind(2, day).bind(3, static_cast<std::int64_t>(r.count)).bind(4, static_cast<std::int64_t>(r.sum));
    if (q.step() != SQLITE_DONE) return db_error(db_, "writing ratings");
    return kiosk::ok_status();
}

Result<DayRatings> SqliteIntakeStore::ratings(const std::string& day) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(stars), 0) FROM ratings WHERE day=?");
    q.bind(1, day);
    if (q.step() != SQLITE_ROW) return db_error(db_, "reading ratings");
    return DayRatings{q.i64(0), q.i64(1)};
}

} // namespace intake
