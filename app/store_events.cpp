// Store: the station's event stream at the kiosk (docs/EVENTS.md) — the durable cursor, applying a batch
// in one transaction, and what the banner and the progress query read back.
//
// [SECTION] cursor
// [SECTION] apply_events
// [SECTION] reads: calls, desk status, notice, ticket lookup
#include "mask.hpp"
#include "store.hpp"
#include "store_sql.hpp"
#include "validators.hpp"

namespace kiosk {

// [SECTION] cursor
Result<std::int64_t> Store::event_cursor_locked() {
    sql::Stmt q(*stmts_, "SELECT seq FROM event_cursor WHERE id = 1");
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::int64_t{0};
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the event cursor");
    return q.i64(0);
}

Result<std::int64_t> Store::event_cursor() {
    std::lock_guard lock(mu_);
    return event_cursor_locked();
}

// [SECTION] apply_events
Result<EventApplyOutcome> Store::apply_events(const EventBatch& batch, WallTime now) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun().error();
    auto cur = event_cursor_locked();
    if (!cur) return cur.error();
    EventApplyOutcome out;
    std::int64_t c = *cur;
    const std::int64_t now_ms = sql::to_ms(now);
    for (const StationEvent& e : batch.events) {
        if (e.seq <= c) { ++out.duplicates; continue; }   // applied before (a repeat, or sent out of order)
        bool effect = true;
        switch (e.type) {
        case EventType::call: {
            sql::Stmt q(*stmts_, "INSERT OR IGNORE INTO calls(seq, ticket, call_window, recall, at, received_ms) "
                                 "VALUES (?, ?, ?, ?, ?, ?)");
            q.bind(1, e.seq).bind(2, e.ticket).bind(3, e.window).bind(4, e.recall ? 1 : 0).bind(5, e.at).bind(6, now_ms);
            if (auto st = q.run("recording a call"); !st) return st.error();
            break;
        }
        case EventType::status: {
            auto s = state_locked(e.request_id);
            if (!s) {
                if (s.error().code != "store.not_found") return s.error();
                effect = false;   // another kiosk's request (or one long purged): nothing here to follow
                break;
            }
            if (*s == RequestState::sending && desk_status_final(e.status)) {
                // The uploader is between its POST and recording the answer: clearing now would make its
                // mark_uploaded fail. Everything before this event commits; the worker asks again shortly.
                out.held_back = "request " + e.request_id + " is being uploaded right now";
                break;
            }
            sql::Stmt q(*stmts_, "INSERT OR REPLACE INTO desk_status(request_id, status, message_zh, message_en, officer, at, seq, "
                                 "received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            q.bind(1, e.request_id).bind(2, e.status).bind(3, e.message.zh).bind(4, e.message.en).bind(5, e.officer)
                .bind(6, e.at).bind(7, e.seq).bind(8, now_ms);
            if (auto st = q.run("recording the desk's status"); !st) return st.error();
            const bool clearable = *s == RequestState::uploaded || *s == RequestState::dead_letter ||
                                   *s == RequestState::queued || *s == RequestState::retry_wait;
            if (desk_status_final(e.status) && clearable) {
                const std::string actor = e.officer.empty() ? std::string("desk") : "desk:" + e.officer;
                if (auto st = clear_locked(e.request_id, "desk: " + e.status, now, actor, *s); !st) return st.error();
            }
            break;
        }
        case EventType::notice: {
            sql::Stmt q(*stmts_, "INSERT OR REPLACE INTO notices(id, seq, body, received_ms) VALUES (1, ?, ?, ?)");
            q.bind(1, e.seq).bind(2, e.notice_json).bind(3, now_ms);
            if (auto st = q.run("recording a notice"); !st) return st.error();
            break;
        }
        case EventType::unknown:
            effect = false;
            break;
        }
        if (!out.held_back.empty()) break;
        c = e.seq;
        if (effect) out.applied.push_back(e);
        else ++out.skipped;
    }
    // `next` may pass events the intake did not send this kiosk; only when nothing was held back.
    if (out.held_back.empty() && batch.next > c) c = batch.next;
    if (c != *cur) {
        sql::Stmt q(*stmts_, "INSERT INTO event_cursor(id, seq, applied_at) VALUES (1, ?1, ?2) "
                             "ON CONFLICT(id) DO UPDATE SET seq = ?1, applied_at = ?2");
        q.bind(1, c).bind(2, now_ms);
        if (auto st = q.run("moving the event cursor"); !st) return st.error();
    }
    // The banner shows a few recent calls; a day's are plenty to keep.
    sql::Stmt old(*stmts_, "DELETE FROM calls WHERE received_ms < ?");
    old.bind(1, now_ms - 86'400'000);
    if (auto st = old.run("pruning old calls"); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    out.cursor = c;
    return out;
}

// [SECTION] reads: calls, desk status, notice, ticket lookup
Result<std::vector<CallRecord>> Store::recent_calls(int limit, WallTime since) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT seq, ticket, call_window, recall, at, received_ms FROM calls WHERE received_ms >= ? "
                         "ORDER BY seq DESC LIMIT ?");
    q.bind(1, sql::to_ms(since)).bind(2, limit);
    std::vector<CallRecord> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        out.push_back({q.i64(0), q.text(1), q.text(2), q.text(4), q.i64(3) != 0, sql::from_ms(q.i64(5))});
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading recent calls");
    return out;
}

Result<std::optional<DeskStatusRecord>> Store::desk_status(const std::string& id) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT status, message_zh, message_en, officer, at, seq FROM desk_status WHERE request_id = ?");
    q.bind(1, id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<DeskStatusRecord>();
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the desk's status");
    DeskStatusRecord r;
    r.request_id = id;
    r.status = q.text(0);
    r.message = {q.text(1), q.text(2)};
    r.officer = q.text(3);
    r.at = q.text(4);
    r.seq = q.i64(5);
    return std::optional<DeskStatusRecord>(std::move(r));
}

Result<std::string> Store::latest_notice() {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT body FROM notices WHERE id = 1");
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::string();
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the notice");
    return q.text(0);
}

Result<std::vector<std::string>> Store::ids_whose_applicant_locked(sql::Stmt& q, const std::function<bool(const Applicant&)>& match,
                                                                  const char* what) {
    std::vector<std::string> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const std::string id = q.text(0);
        auto plain = keys_.open(q.blob(2), id, q.text(1));
        if (!plain) continue;
        Applicant a;
        const bool ok = applicant_from_json(*plain, a).ok();
        wipe(*plain);
        if (ok && match(a)) out.push_back(id);
        wipe(a.name);
        wipe(a.id_number);
        wipe(a.phone);
    }
    if (rc != SQLITE_DONE) return sql::error(db_, rc, what);
    return out;
}

Result<std::vector<std::string>> Store::find_by_ticket(const std::string& ticket, const std::string& last4, WallTime since) {
    std::lock_guard lock(mu_);
    if (ticket.empty() || last4.size() != 4) return std::vector<std::string>{};
    sql::Stmt q(*stmts_, "SELECT id, key_id, pii FROM requests WHERE ticket = ? AND created_ms >= ? AND pii IS NOT NULL "
                         "ORDER BY created_ms DESC LIMIT 20");
    q.bind(1, ticket).bind(2, sql::to_ms(since));
    return ids_whose_applicant_locked(
        q, [&](const Applicant& a) { return a.phone.size() >= 4 && a.phone.compare(a.phone.size() - 4, 4, last4) == 0; },
        "looking up a ticket");
}

Result<std::vector<std::string>> Store::ids_with_ticket(const std::string& ticket, WallTime since) {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    if (ticket.empty()) return out;
    sql::Stmt q(*stmts_, "SELECT id FROM requests WHERE ticket = ? AND created_ms >= ? ORDER BY created_ms DESC LIMIT 100");
    q.bind(1, ticket).bind(2, sql::to_ms(since));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(q.text(0));
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "looking up a ticket");
    return out;
}

Result<std::vector<std::string>> Store::find_by_id_number(const std::string& id_number, WallTime since) {
    std::lock_guard lock(mu_);
    const std::string want = normalize_id_number(id_number);
    if (want.empty()) return std::vector<std::string>{};
    // No index on the number (it is sealed with the rest of the applicant): a kiosk holds days of requests,
    // not years, so decrypting each of the window's rows to compare is cheap (as find_by_ticket does).
    sql::Stmt q(*stmts_, "SELECT id, key_id, pii FROM requests WHERE created_ms >= ? AND pii IS NOT NULL "
                         "ORDER BY created_ms DESC LIMIT 2000");
    q.bind(1, sql::to_ms(since));
    return ids_whose_applicant_locked(q, [&](const Applicant& a) { return normalize_id_number(a.id_number) == want; },
                                      "looking up an id number");
}

Result<Store::IdentitySources> Store::identity_sources() {
    std::lock_guard lock(mu_);
    IdentitySources n;
    sql::Stmt q(*stmts_, "SELECT id, key_id, pii FROM requests WHERE pii IS NOT NULL");
    auto r = ids_whose_applicant_locked(q, [&](const Applicant& a) {
        (a.source == "card" ? n.card : a.source == "typed" ? n.typed : n.unknown)++;
        return false;   // counted, no id kept
    }, "counting identity sources");
    if (!r) return r.error();
    return n;
}

} // namespace kiosk
