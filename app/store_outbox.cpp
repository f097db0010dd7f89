// Store: the upload outbox — what the uploader sends next, and the state transitions it reports back.
//
// Transitions (anything else is refused with "store.bad_state"):
//   queued|retry_wait|sending → sending        mark_sending, claim_next (counts an attempt)
//   queued|retry_wait|sending → uploaded       mark_uploaded
//   queued|retry_wait|sending → retry_wait     mark_retry
//   queued|retry_wait|sending → dead_letter    mark_dead_letter (audited)
//   dead_letter|retry_wait|queued → queued     requeue (audited; due at once)
//
// [SECTION] Transition helper
// [SECTION] next_due / claim_next / next_wakeup (payload freezing)
// [SECTION] mark_* and requeue
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

// [SECTION] next_due / claim_next / next_wakeup

// Seals the wire body of request `id` into its outbox row and hands the plain body back in `body`, so the
// caller sends exactly the bytes it just froze without reading them back.
Status Store::freeze_payload_locked(const std::string& id, const std::string& kiosk_id, const std::string& station_id,
                                    std::string& body) {
    auto r = load_locked(id);
    if (!r) return r.error();
    body = to_wire(*r, kiosk_id, station_id).dump();
    wipe(r->req);
    auto sealed = keys_.seal(body, payload_aad(id));
    if (!sealed) {
        wipe(body);
        return sealed.error();
    }
    // `payload IS NULL` guard: once frozen, a payload is never rewritten, even if the catalog, kiosk id or
    // station id changed since — the server's idempotency check compares bodies byte for byte. The caller
    // checked it is NULL inside the same write transaction, so exactly one row changes.
    sql::Stmt up(*stmts_, "UPDATE outbox SET payload=?, key_id=? WHERE request_id=? AND payload IS NULL");
    up.bind_blob(1, *sealed).bind(2, keys_.key_id()).bind(3, id);
    if (auto st = up.run("freezing the upload payload"); !st) {
        wipe(body);
        return st;
    }
    return ok_status();
}

// One write transaction: find the oldest due row, freeze or read its payload, optionally mark it sending.
// BEGIN IMMEDIATE takes the write lock before the SELECT, so the row cannot change under us (the app runs
// two connections: one for the UI, one for the upload thread) and the read never has to be upgraded to a
// write, which fails at once with SQLITE_BUSY_SNAPSHOT.
Result<std::optional<OutboxItem>> Store::claim_locked(WallTime now, const std::string& kiosk_id,
                                                      const std::string& station_id, bool mark_sending) {
    // A request whose data cannot be decrypted (key replaced, row tampered) must not block the queue:
    // it becomes a dead letter for staff, and we look again. Bounded so a bad batch cannot spin forever.
    for (int tries = 0; tries < 64; ++tries) {
        OutboxItem item;
        Status got = ok_status();
        {
            sql::Tx tx(*stmts_);
            if (!tx.begun()) return tx.begun().error();
            sql::Stmt q(*stmts_, "SELECT r.id, r.state, o.attempts, o.next_attempt_at, o.payload, o.key_id "
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
                q.reset();
                if (auto st = tx.commit(); !st) return st.error();   // nothing was written: ends the lock
                (void)checkpoint_locked();   // idle: a good moment (see Store::checkpoint)
                return std::optional<OutboxItem>{};
            }
            if (rc != SQLITE_ROW) return sql::error(db_, rc, "finding the next upload");
            item.request_id = q.text(0);
            parse_state(q.text(1), item.state);
            item.attempts = static_cast<int>(q.i64(2));
            item.next_attempt_at = sql::from_ms(q.i64(3));
            if (q.is_null(4)) {
                q.reset();
                got = freeze_payload_locked(item.request_id, kiosk_id, station_id, item.payload);
            } else {
                // Frozen by an earlier attempt: send exactly those bytes again.
                auto body = keys_.open(q.blob(4), payload_aad(item.request_id), q.text(5));
                q.reset();
                if (body) item.payload = std::move(*body);
                else got = body.error();
            }
            if (got && mark_sending) got = mark_sending_locked(item.request_id);
            if (got) got = tx.commit();
            if (got) return std::optional<OutboxItem>(std::move(item));
            wipe(item.payload);
        }   // the transaction rolls back here unless committed
        const std::string& code = got.error().code;
        if (code != "crypto.tampered" && code != "crypto.key_mismatch" && code != "store.corrupt" && code != "store.purged")
            return got.error();   // e.g. disk full: retry later, do not give up on the request
        if (auto st = dead_letter_locked(item.request_id, "cannot read the stored request: " + got.error().message, false); !st)
            return st.error();
    }
    return std::optional<OutboxItem>{};
}

Result<std::optional<OutboxItem>> Store::next_due(WallTime now, const std::string& kiosk_id, const std::string& station_id) {
    std::lock_guard lock(mu_);
    return claim_locked(now, kiosk_id, station_id, false);
}

Result<std::optional<OutboxItem>> Store::claim_next(WallTime now, const std::string& kiosk_id, const std::string& station_id) {
    std::lock_guard lock(mu_);
    return claim_locked(now, kiosk_id, station_id, true);
}

std::optional<WallTime> Store::next_wakeup() {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT MIN(o.next_attempt_at) FROM requests r JOIN outbox o ON o.request_id = r.id "
                     "WHERE r.state IN ('queued', 'sending', 'retry_wait')");
    if (q.step() != SQLITE_ROW || q.is_null(0)) return std::nullopt;
    return sql::from_ms(q.i64(0));
}

// [SECTION] mark_* and requeue

// Runs `update` — an UPDATE of request `id` whose WHERE clause also checks the current state, so the check
// and the change are one statement. Only when it changed nothing is the state read, to say why.
Status Store::checked_update_locked(sql::Stmt& update, const std::string& id, const char* verb, std::string_view what) {
    if (auto st = update.run(what); !st) return st;
    if (sqlite3_changes(db_) != 0) return ok_status();
    auto s = state_locked(id);
    if (!s) return s.error();
    return bad_state(id, verb, *s);
}

// Inside the caller's transaction.
Status Store::mark_sending_locked(const std::string& id) {
    sql::Stmt r(*stmts_, "UPDATE requests SET state='sending' WHERE id=? AND state IN ('queued','retry_wait','sending')");
    r.bind(1, id);
    if (auto st = checked_update_locked(r, id, "start sending", "marking the upload as started"); !st) return st;
    sql::Stmt o(*stmts_, "UPDATE outbox SET attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, ?) WHERE request_id=?");
    o.bind(1, sql::to_ms(WallClock::now())).bind(2, id);
    return o.run("marking the upload as started");
}

Status Store::mark_sending(const std::string& id) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    if (auto st = mark_sending_locked(id); !st) return st;
    return tx.commit();
}

Status Store::mark_uploaded(const std::string& id, const std::string& server_ref, WallTime now) {
    if (server_ref.empty()) return make_error("store.invalid", "mark_uploaded needs the server's reference");
    std::lock_guard lock(mu_);
    {
        sql::Tx tx(*stmts_);
        if (!tx.begun()) return tx.begun();
        sql::Stmt r(*stmts_, "UPDATE requests SET state='uploaded', server_ref=? WHERE id=? AND state IN ('queued','retry_wait','sending')");
        r.bind(1, server_ref).bind(2, id);
        if (auto st = checked_update_locked(r, id, "mark uploaded", "recording the upload"); !st) return st;
        sql::Stmt o(*stmts_, "UPDATE outbox SET uploaded_at=?, last_error=NULL WHERE request_id=?");
        o.bind(1, sql::to_ms(now)).bind(2, id);
        if (auto st = o.run("recording the upload"); !st) return st;
        if (auto st = tx.commit(); !st) return st;
    }
    // On the upload thread, after a network round trip: off the resident's path. Only once the WAL has
    // grown, as SQLite's own auto-checkpoint would: each checkpoint fsyncs the database file.
    if (wal_frames_ >= kCheckpointFrames) (void)checkpoint_locked();
    return ok_status();
}

Status Store::mark_retry(const std::string& id, WallTime next_attempt, const std::string& error) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, kPending)) return bad_state(id, "schedule a retry of", *s);
    sql::Stmt r(*stmts_, "UPDATE requests SET state='retry_wait' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("scheduling a retry"); !st) return st;
    sql::Stmt o(*stmts_, "UPDATE outbox SET next_attempt_at=?, last_error=? WHERE request_id=?");
    o.bind(1, sql::to_ms(next_attempt)).bind(2, error).bind(3, id);
    if (auto st = o.run("scheduling a retry"); !st) return st;
    return tx.commit();
}

Status Store::dead_letter_locked(const std::string& id, const std::string& reason, bool check_state) {
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (check_state && !one_of(*s, kPending)) return bad_state(id, "dead-letter", *s);
    sql::Stmt r(*stmts_, "UPDATE requests SET state='dead_letter' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("moving the request to dead letters"); !st) return st;
    sql::Stmt o(*stmts_, "UPDATE outbox SET last_error=? WHERE request_id=?");
    o.bind(1, reason).bind(2, id);
    if (auto st = o.run("moving the request to dead letters"); !st) return st;
    if (auto st = audit_locked(WallClock::now(), "system", "request.dead_letter", "id=" + id + " reason=" + reason); !st)
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
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    if (!one_of(*s, {RequestState::dead_letter, RequestState::retry_wait, RequestState::queued}))
        return bad_state(id, "requeue", *s);
    sql::Stmt r(*stmts_, "UPDATE requests SET state='queued' WHERE id=?");
    r.bind(1, id);
    if (auto st = r.run("requeueing the request"); !st) return st;
    sql::Stmt o(*stmts_, "UPDATE outbox SET next_attempt_at=0 WHERE request_id=?");
    o.bind(1, id);
    if (auto st = o.run("requeueing the request"); !st) return st;
    if (auto st = audit_locked(WallClock::now(), actor, "request.requeue",
                               "id=" + id + " from=" + state_name(*s)); !st)
        return st;
    return tx.commit();
}

} // namespace kiosk
