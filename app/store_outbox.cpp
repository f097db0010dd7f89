// Store: the upload outbox — what the uploader sends next, and the state transitions it reports back.
//
// Transitions (anything else is refused with "store.bad_state"):
//   queued|retry_wait|sending → sending        mark_sending (counts an attempt)
//   queued|retry_wait|sending → uploaded       mark_uploaded
//   queued|retry_wait|sending → retry_wait     mark_retry
//   queued|retry_wait|sending → dead_letter    mark_dead_letter (audited)
//   dead_letter|retry_wait|queued → queued     requeue (audited; due at once)
//
// [SECTION] Transition helper
// [SECTION] next_due / next_wakeup (payload freezing)
// [SECTION] mark_* and requeue
#include "audit.hpp"
#include "store.hpp"
#include "store_sql.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace kiosk {

namespace {

// [SECTION] Transition helper

bool one_of(RequestState s, std::initializer_list<RequestState> allowed) {
    for (RequestState a : allowed)
        if (a == s) return true;
    return false;
}

Error bad_state(const std::string& id, const char* verb, RequestState s) {
    return make_error("store.bad_state", std::string("cannot ") + verb + " request " + id + ": it is " + state_name(s));
}

std::string payload_aad(const std::string& id) { return "payload:" + id; }

constexpr std::initializer_list<RequestState> kPending = {RequestState::queued, RequestState::retry_wait, RequestState::sending};

} // namespace

// [SECTION] next_due / next_wakeup

Status Store::freeze_payload_locked(const std::string& id, const std::string& kiosk_id, const std::string& station_id) {
    auto r = load_locked(id);
    if (!r) return r.error();
    std::string body = to_wire(*r, kiosk_id, station_id).dump();
    auto sealed = keys_.seal(body, payload_aad(id));
    wipe(body);
    wipe(r->req.applicant.name);
    wipe(r->req.applicant.id_number);
    wipe(r->req.applicant.phone);
    if (!sealed) return sealed.error();
    // `payload IS NULL` guard: once frozen, a payload is never rewritten, even if the catalog, kiosk id or
    // station id changed since — the server's idempotency check compares bodies byte for byte.
    sql::Stmt up(db_, "UPDATE outbox SET payload=?, key_id=? WHERE request_id=? AND payload IS NULL");
    up.bind_blob(1, *sealed).bind(2, keys_.key_id()).bind(3, id);
    return up.run("freezing the upload payload");
}

Result<std::optional<OutboxItem>> Store::next_due(WallTime now, const std::string& kiosk_id, const std::string& station_id) {
    std::lock_guard lock(mu_);
    // A request whose data cannot be decrypted (key replaced, row tampered) must not block the queue:
    // it becomes a dead letter for staff, and we look again. Bounded so a bad batch cannot spin forever.
    for (int tries = 0; tries < 64; ++tries) {
        OutboxItem item;
        bool needs_freeze = false;
        {   // Scoped: the SELECT's read snapshot must end before any write. Upgrading a read transaction to a
            // write fails at once with SQLITE_BUSY_SNAPSHOT (no busy wait) when the other connection — the
            // app runs one for the UI and one for this thread — committed in between.
            sql::Stmt q(db_, "SELECT r.id, r.state, o.attempts, o.next_attempt_at, o.payload IS NULL "
                             "FROM requests r JOIN outbox o ON o.request_id = r.id WHERE r.rowid = ("
                             " SELECT rid FROM ("
                             "  SELECT * FROM (SELECT rowid AS rid, created_ms FROM requests WHERE state='queued' ORDER BY created_ms, rowid LIMIT 1)"
                             "  UNION ALL SELECT * FROM (SELECT rowid, created_ms FROM requests WHERE state='sending' ORDER BY created_ms, rowid LIMIT 1)"
                             "  UNION ALL SELECT * FROM (SELECT r2.rowid, r2.created_ms FROM requests r2 JOIN outbox o2 ON o2.request_id = r2.id"
                             "   WHERE r2.state='retry_wait' AND o2.next_attempt_at <= ? ORDER BY r2.created_ms, r2.rowid LIMIT 1)"
                             " ) ORDER BY created_ms, rid LIMIT 1)");
            q.bind(1, sql::to_ms(now));
            int rc = q.step();
            if (rc == SQLITE_DONE) {
                q.reset();   // end the read snapshot: a checkpoint cannot pass a reader of this connection
                (void)checkpoint_locked();   // idle: a good moment (see Store::checkpoint)
                return std::optional<OutboxItem>{};
            }
            if (rc != SQLITE_ROW) return sql::error(db_, rc, "finding the next upload");
            item.request_id = q.text(0);
            parse_state(q.text(1), item.state);
            item.attempts = static_cast<int>(q.i64(2));
            item.next_attempt_at = sql::from_ms(q.i64(3));
            needs_freeze = q.i64(4) != 0;
        }

        Status frozen = ok_status();
        if (needs_freeze) {
            sql::Tx tx(db_);   // BEGIN IMMEDIATE: takes the write lock up front, waiting on busy_timeout
            frozen = tx.begun();
            if (frozen) frozen = freeze_payload_locked(item.request_id, kiosk_id, station_id);
            if (frozen) frozen = tx.commit();
        }
        if (frozen) {
            // Always re-read the stored payload, so what is sent is exactly what was frozen the first time.
            sql::Stmt p(db_, "SELECT payload, key_id FROM outbox WHERE request_id=?");
            p.bind(1, item.request_id);
            int rc = p.step();
            if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the upload payload");
            auto body = keys_.open(p.blob(0), payload_aad(item.request_id), p.text(1));
            if (body) {
                item.payload = std::move(*body);
                return std::optional<OutboxItem>(std::move(item));
            }
            frozen = body.error();
        }
        const std::string& code = frozen.error().code;
        if (code != "crypto.tampered" && code != "crypto.key_mismatch" && code != "store.corrupt" && code != "store.purged")
            return frozen.error();   // e.g. disk full: retry later, do not give up on the request
        if (auto st = dead_letter_locked(item.request_id, "cannot read the stored request: " + frozen.error().message, false); !st)
            return st.error();
    }
    return std::optional<OutboxItem>{};
}

std::optional<WallTime> Store::next_wakeup() {
    std::lock_guard lock(mu_);
    sql::Stmt q(db_, "SELECT MIN(o.next_attempt_at) FROM requests r JOIN outbox o ON o.request_id = r.id "
                     "WHERE r.state IN ('queued', 'sending', 'retry_wait')");
    if (q.step() != SQLITE_ROW || q.is_null(0)) return std::nullopt;
    return sql::from_ms(q.i64(0));
}

// [SECTION] mark_* and requeue

Status Store::mark_sending(const std::string& id) {
    std::lock_guard lock(mu_);
    sql::Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, kPending)) return bad_state(id, "start sending", *s);
    sql::Stmt r(db_, "UPDATE requests SET state='sending' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("marking the upload as started"); !st) return st;
    sql::Stmt o(db_, "UPDATE outbox SET attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, ?) WHERE request_id=?");
    o.bind(1, sql::to_ms(WallClock::now())).bind(2, id);
    if (auto st = o.run("marking the upload as started"); !st) return st;
    return tx.commit();
}

Status Store::mark_uploaded(const std::string& id, const std::string& server_ref, WallTime now) {
    if (server_ref.empty()) return make_error("store.invalid", "mark_uploaded needs the server's reference");
    std::lock_guard lock(mu_);
    sql::Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, kPending)) return bad_state(id, "mark uploaded", *s);
    sql::Stmt r(db_, "UPDATE requests SET state='uploaded', server_ref=? WHERE id=?");
    r.bind(1, server_ref).bind(2, id);
    if (auto st = r.run("recording the upload"); !st) return st;
    sql::Stmt o(db_, "UPDATE outbox SET uploaded_at=?, last_error=NULL WHERE request_id=?");
    o.bind(1, sql::to_ms(now)).bind(2, id);
    if (auto st = o.run("recording the upload"); !st) return st;
    if (auto st = tx.commit(); !st) return st;
    (void)checkpoint_locked();   // on the upload thread, after a network round trip: off the resident's path
    return ok_status();
}

Status Store::mark_retry(const std::string& id, WallTime next_attempt, const std::string& error) {
    std::lock_guard lock(mu_);
    sql::Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, kPending)) return bad_state(id, "schedule a retry of", *s);
    sql::Stmt r(db_, "UPDATE requests SET state='retry_wait' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("scheduling a retry"); !st) return st;
    sql::Stmt o(db_, "UPDATE outbox SET next_attempt_at=?, last_error=? WHERE request_id=?");
    o.bind(1, sql::to_ms(next_attempt)).bind(2, error).bind(3, id);
    if (auto st = o.run("scheduling a retry"); !st) return st;
    return tx.commit();
}

Status Store::dead_letter_locked(const std::string& id, const std::string& reason, bool check_state) {
    sql::Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (check_state && !one_of(*s, kPending)) return bad_state(id, "dead-letter", *s);
    sql::Stmt r(db_, "UPDATE requests SET state='dead_letter' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("moving the request to dead letters"); !st) return st;
    sql::Stmt o(db_, "UPDATE outbox SET last_error=? WHERE request_id=?");
    o.bind(1, reason).bind(2, id);
    if (auto st = o.run("moving the request to dead letters"); !st) return st;
    if (auto st = audit_append(db_, WallClock::now(), "system", "request.dead_letter", "id=" + id + " reason=" + reason); !st)
        return st;
    return tx.commit();
}

Status Store::mark_dead_letter(const std::string& id, const std::string& reason) {
    std::lock_guard lock(mu_);
    return dead_letter_locked(id, reason, true);
}

Status Store::requeue(const std::string& id) { return requeue(id, "staff"); }

Status Store::requeue(const std::string& id, const std::string& actor) {
    std::lock_guard lock(mu_);
    sql::Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, {RequestState::dead_letter, RequestState::retry_wait, RequestState::queued}))
        return bad_state(id, "requeue", *s);
    sql::Stmt r(db_, "UPDATE requests SET state='queued' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("requeueing the request"); !st) return st;
    sql::Stmt o(db_, "UPDATE outbox SET next_attempt_at=0 WHERE request_id=?");
    o.bind(1, id);
    if (auto st = o.run("requeueing the request"); !st) return st;
    if (auto st = audit_append(db_, WallClock::now(), actor, "request.requeue",
                               "id=" + id + " from=" + state_name(*s)); !st)
        return st;
    return tx.commit();
}

} // namespace kiosk
