// The PostgreSQL intake: the desk's queue, calls and status changes, the events they make (and their
// NOTIFY), alerts, heartbeat anchors and ratings. See intake_pg.hpp; the rules are in docs/DESK.md and
// docs/DESK_API.md, the same as the SQLite store's (intake_sqlite_desk.cpp).
// [SECTION] Index: helpers · queue · events · calls · status · alerts, anchors, ratings
#include "server/intake_pg.hpp"

#include "server/intake_shared.hpp"

#include <algorithm>

namespace intake {

using kiosk::make_error;

// [SECTION] helpers
namespace {

kiosk::Error not_found() { return make_error("desk.not_found", "no such request"); }
kiosk::Error bad_transition(const std::string& why) { return make_error("desk.bad_transition", why); }

std::string select_tickets(const char* where) {
    return std::string("SELECT ") + kTicketColumns + " FROM requests " + where;
}

} // namespace

// [SECTION] queue
Result<std::vector<Ticket>> PgIntakeStore::tickets(const std::string& station, const std::string& day) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading the queue", select_tickets("WHERE station_id=$1 AND day=$2 ORDER BY seq"), {station, day});
    if (!q) return q.error();
    std::vector<Ticket> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(pg_ticket(*q, i));
    return out;
}

// `for_update`: inside a writer's transaction, the row stays locked until COMMIT, so a state check and the
// change it allows cannot be split by another instance's change.
Result<std::optional<Ticket>> PgIntakeStore::ticket_in(pg::Conn& c, const std::string& request_id, bool for_update) {
    auto q = c.exec("reading a request", select_tickets(for_update ? "WHERE request_id=$1 FOR UPDATE" : "WHERE request_id=$1"),
                    {request_id});
    if (!q) return q.error();
    if (q->size() == 0) return std::optional<Ticket>{};
    return std::optional<Ticket>(pg_ticket(*q, 0));
}

Result<std::optional<Ticket>> PgIntakeStore::ticket(const std::string& request_id) {
    auto c = pool_->take();
    if (!c) return c.error();
    return ticket_in(**c, request_id, false);
}

// [SECTION] events
// The station's counter row is bumped in the writer's transaction and stays locked until it commits: the
// next writer of that station waits, so seqs commit in order, once each, with no gap (a rollback undoes
// the bump). pg_notify is delivered at COMMIT, to every instance LISTENing (watch_events).
Status PgIntakeStore::event_in(pg::Conn& c, const std::string& station, const std::string& type,
                               const std::string& fields_json) {
    auto n = c.exec("numbering an event", "INSERT INTO event_counters(station_id, n) VALUES($1, 1) "
                                          "ON CONFLICT(station_id) DO UPDATE SET n = event_counters.n + 1 RETURNING n",
                    {station});
    if (!n) return n.error();
    const std::int64_t seq = n->i64(0, 0);
    const std::string at = now_rfc3339();
    auto ins = c.exec("writing an event", "INSERT INTO events(station_id, seq, type, at, json) VALUES($1,$2,$3,$4,$5)",
                      {station, seq, type, at, event_json(fields_json, seq, type, at)});
    if (!ins) return ins.error();
    auto note = c.exec("announcing an event", "SELECT pg_notify('kiosk_events', $1)", {station});
    if (!note) return note.error();
    return kiosk::ok_status();
}

Result<std::vector<Event>> PgIntakeStore::events_after(const std::string& station, std::int64_t after, int limit) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading events", "SELECT seq, type, at, json FROM events WHERE station_id=$1 AND seq>$2 "
                                          "ORDER BY seq LIMIT $3", {station, after, limit});
    if (!q) return q.error();
    std::vector<Event> out;
    for (int i = 0; i < q->size(); ++i) out.push_back({q->i64(i, 0), q->text(i, 1), q->text(i, 2), q->text(i, 3)});
    return out;
}

Result<std::int64_t> PgIntakeStore::last_event_seq(const std::string& station) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading events", "SELECT COALESCE(MAX(seq), 0) FROM events WHERE station_id=$1", {station});
    if (!q) return q.error();
    return q->i64(0, 0);
}

// [SECTION] calls
Result<Ticket> PgIntakeStore::call_next(const std::string& station, const std::string& day, int window,
                                        const std::vector<std::string>& serves, const std::string& actor) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st.error();
    // Two desks (on any instances) pressing "next" together must not get the same ticket: one call at a
    // time per station, then the waiting list is read fresh.
    if (auto r = (*c)->exec("taking the call lock", "SELECT pg_advisory_xact_lock(hashtextextended('call:' || $1, 0))",
                            {station});
        !r)
        return r.error();
    auto q = (*c)->exec("reading the queue",
                        select_tickets("WHERE station_id=$1 AND day=$2 AND call_state='waiting' AND "
                                       "(desk_window=$3 OR desk_window=0) ORDER BY seq"),
                        {station, day, window});
    if (!q) return q.error();
    std::optional<Ticket> pick;
    for (int i = 0; i < q->size() && !pick; ++i) {
        Ticket t = pg_ticket(*q, i);
        const bool served = serves.empty() || std::find(serves.begin(), serves.end(), t.category) != serves.end();
        if (t.window == window || served) pick = std::move(t);
    }
    if (!pick) return make_error("desk.none_waiting", "no ticket is waiting for this window");
    auto up = (*c)->exec("calling a ticket", "UPDATE requests SET call_state='called', desk_window=$1, "
                                             "called_ms=CASE called_ms WHEN 0 THEN $2 ELSE called_ms END "
                                             "WHERE request_id=$3 AND call_state='waiting'",
                         {window, now_ms(), pick->request_id});
    if (!up) return up.error();
    auto t = ticket_in(**c, pick->request_id, false);
    if (!t) return t.error();
    if (!*t) return not_found();
    if (auto st = audit_in(**c, actor, "call.next", "ticket " + (*t)->ticket + " window " + std::to_string(window),
                           (*t)->request_id);
        !st)
        return st.error();
    if (auto st = event_in(**c, (*t)->station_id, "call", call_event_fields(**t, false, false)); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    return **t;
}

// $1 window, $2 now (ms), $3 the request. PostgreSQL wants every parameter typed, so the WHERE names the
// two a SET may leave out.
Result<Ticket> PgIntakeStore::update_call_in(pg::Conn& c, const std::string& request_id, const std::string& set_sql,
                                             int window, const std::string& actor, const std::string& action) {
    auto up = c.exec("updating a call", "UPDATE requests SET " + set_sql +
                                            " WHERE request_id=$3 AND $1::integer IS NOT NULL AND $2::bigint IS NOT NULL",
                     {window, now_ms(), request_id});
    if (!up) return up.error();
    auto t = ticket_in(c, request_id, false);
    if (!t) return t.error();
    if (!*t) return not_found();
    if (auto st = audit_in(c, actor, action, "ticket " + (*t)->ticket + " window " + std::to_string((*t)->window),
                           request_id);
        !st)
        return st.error();
    return **t;
}

Result<Ticket> PgIntakeStore::with_locked_ticket(const std::string& request_id, const TicketChange& change) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st.error();
    auto cur = ticket_in(**c, request_id, true);
    if (!cur) return cur.error();
    if (!*cur) return not_found();
    auto t = change(**c, **cur);
    if (!t) return t;
    if (auto st = tx.commit(); !st) return st.error();
    return t;
}

Result<Ticket> PgIntakeStore::recall(const std::string& request_id, int window, const std::string& actor) {
    return with_locked_ticket(request_id, [&](pg::Conn& c, const Ticket& cur) -> Result<Ticket> {
        if (cur.call_state != "called" && cur.call_state != "no_show")
            return bad_transition("only a called or no-show ticket can be recalled (this one is " + cur.call_state + ")");
        auto t = update_call_in(c, request_id, "call_state='called', recalls=recalls+1, desk_window=$1, "
                                               "called_ms=CASE called_ms WHEN 0 THEN $2 ELSE called_ms END",
                                window, actor, "call.recall");
        if (!t) return t;
        if (auto st = event_in(c, t->station_id, "call", call_event_fields(*t, true, false)); !st) return st.error();
        return t;
    });
}

Result<Ticket> PgIntakeStore::no_show(const std::string& request_id, const std::string& actor) {
    return with_locked_ticket(request_id, [&](pg::Conn& c, const Ticket& cur) -> Result<Ticket> {
        if (cur.call_state != "called")
            return bad_transition("only a called ticket can be marked no-show (this one is " + cur.call_state + ")");
        return update_call_in(c, request_id, "call_state='no_show'", 0, actor, "call.no_show");
    });
}

Result<Ticket> PgIntakeStore::transfer(const std::string& request_id, int window, const std::string& actor) {
    return with_locked_ticket(request_id, [&](pg::Conn& c, const Ticket& cur) -> Result<Ticket> {
        if (cur.call_state == "served") return bad_transition("this ticket was served already");
        auto t = update_call_in(c, request_id, "call_state='waiting', desk_window=$1", window, actor, "call.transfer");
        if (!t) return t;
        if (auto st = event_in(c, t->station_id, "call", call_event_fields(*t, false, true)); !st) return st.error();
        return t;
    });
}

// [SECTION] status
Result<Ticket> PgIntakeStore::set_status(const std::string& request_id, const std::string& status,
                                         const std::string& message_zh, const std::string& message_en,
                                         const std::string& reason, const std::string& actor) {
    return with_locked_ticket(request_id, [&](pg::Conn& c, const Ticket& cur) -> Result<Ticket> {
        const std::string from = cur.desk_status;
        if (!status_allowed(from, status)) return bad_transition("a request cannot go from " + from + " to " + status);
        // Taking the request in (accepted, or refused at once) serves its ticket.
        auto up = c.exec("changing a status",
                         "UPDATE requests SET desk_status=$1, message_zh=$2, message_en=$3, reason=$4, updated_at=$5, "
                         "call_state=CASE WHEN $1 IN ('accepted','rejected') THEN 'served' ELSE call_state END "
                         "WHERE request_id=$6",
                         {status, message_zh, message_en, reason, now_rfc3339(), request_id});
        if (!up) return up.error();
        std::string detail = "request " + request_id + " " + from + " -> " + status;
        if (!reason.empty()) detail += " reason: " + reason;
        if (auto st = audit_in(c, actor, "request.status", detail, request_id); !st) return st.error();
        if (auto st = event_in(c, cur.station_id, "status", status_event_fields(cur, status, message_zh, message_en, actor)); !st)
            return st.error();
        auto t = ticket_in(c, request_id, false);
        if (!t) return t.error();
        if (!*t) return not_found();
        return **t;
    });
}

// [SECTION] alerts, anchors, ratings
Status PgIntakeStore::raise_alert(const Alert& a) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    auto ins = (*c)->exec("raising an alert", "INSERT INTO alerts(kind, kiosk_id, day, at, message_zh, message_en) "
                                              "VALUES($1,$2,$3,$4,$5,$6)",
                          {a.kind, a.kiosk_id, a.at.substr(0, 10), a.at, a.message_zh, a.message_en});
    if (!ins) return ins.error();
    if (auto st = audit_in(**c, "system", "alert." + a.kind, "kiosk " + a.kiosk_id + ": " + a.message_en, ""); !st)
        return st;
    return tx.commit();
}

Status PgIntakeStore::set_help(const std::string& kiosk_id, bool requested) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = requested ? (*c)->exec("recording a help request", "INSERT INTO help_requests(kiosk_id, since) "
                                                                "VALUES($1, $2) ON CONFLICT(kiosk_id) DO NOTHING",
                                    {kiosk_id, now_rfc3339()})
                       : (*c)->exec("recording a help request", "DELETE FROM help_requests WHERE kiosk_id=$1", {kiosk_id});
    if (!q) return q.error();
    return kiosk::ok_status();
}

Result<std::vector<Alert>> PgIntakeStore::alerts(const std::string& day) {
    auto c = pool_->take();
    if (!c) return c.error();
    std::vector<Alert> out;
    auto help = (*c)->exec("reading alerts", "SELECT kiosk_id, since FROM help_requests ORDER BY since");
    if (!help) return help.error();
    for (int i = 0; i < help->size(); ++i) out.push_back(help_alert(help->text(i, 0), help->text(i, 1)));
    auto q = (*c)->exec("reading alerts", "SELECT kind, kiosk_id, at, message_zh, message_en FROM alerts WHERE day=$1 "
                                          "ORDER BY id", {day});
    if (!q) return q.error();
    for (int i = 0; i < q->size(); ++i)
        out.push_back({q->text(i, 0), q->text(i, 1), q->text(i, 2), q->text(i, 3), q->text(i, 4)});
    return out;
}

Result<std::optional<Anchor>> PgIntakeStore::anchor(const std::string& kiosk_id) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading an anchor", "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM anchors "
                                             "WHERE kiosk_id=$1", {kiosk_id});
    if (!q) return q.error();
    if (q->size() == 0) return std::optional<Anchor>{};
    return std::optional<Anchor>(Anchor{q->i64(0, 0), q->text(0, 1), q->i64(0, 2), q->text(0, 3)});
}

Status PgIntakeStore::set_anchor(const std::string& kiosk_id, const Anchor& a) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("writing an anchor",
                        "INSERT INTO anchors(kiosk_id, head_seq, head_hash, anchor_seq, anchor_hash) VALUES($1,$2,$3,$4,$5) "
                        "ON CONFLICT(kiosk_id) DO UPDATE SET head_seq=excluded.head_seq, head_hash=excluded.head_hash, "
                        "anchor_seq=excluded.anchor_seq, anchor_hash=excluded.anchor_hash",
                        {kiosk_id, a.head_seq, a.head_hash, a.anchor_seq, a.anchor_hash});
    if (!q) return q.error();
    return kiosk::ok_status();
}

Status PgIntakeStore::set_ratings(const std::string& kiosk_id, const std::string& day, const DayRatings& r) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("writing ratings", "INSERT INTO ratings(kiosk_id, day, n, stars) VALUES($1,$2,$3,$4) "
                                           "ON CONFLICT(kiosk_id, day) DO UPDATE SET n=excluded.n, stars=excluded.stars",
                        {kiosk_id, day, r.count, r.sum});
    if (!q) return q.error();
    return kiosk::ok_status();
}

Result<DayRatings> PgIntakeStore::ratings(const std::string& day) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading ratings", "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(stars), 0) FROM ratings WHERE day=$1",
                        {day});
    if (!q) return q.error();
    return DayRatings{q->i64(0, 0), q->i64(0, 1)};
}

} // namespace intake
