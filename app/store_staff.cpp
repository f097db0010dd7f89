// Store: what staff mode needs — queue counts, the masked request list and point lookups, clear, and the
// retention purge.
//
// [SECTION] counts / list / point lookups
// [SECTION] clear
// [SECTION] purge
#include "mask.hpp"
#include "staff_query.hpp"
#include "store.hpp"
#include "store_sql.hpp"

namespace kiosk {

// [SECTION] counts / list / point lookups

Result<QueueCounts> Store::counts() {
    std::lock_guard lock(mu_);
    QueueCounts c;
    sql::Stmt q(*stmts_, "SELECT state, COUNT(*) FROM requests GROUP BY state");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        RequestState s;
        if (!parse_state(q.text(0), s)) continue;
        const int n = static_cast<int>(q.i64(1));
        switch (s) {
        case RequestState::queued: c.queued = n; break;
        case RequestState::sending: c.sending = n; break;
        case RequestState::retry_wait: c.retry_wait = n; break;
        case RequestState::uploaded: c.uploaded = n; break;
        case RequestState::dead_letter: c.dead_letter = n; break;
        case RequestState::cleared: c.cleared = n; break;
        case RequestState::purged: c.purged = n; break;
        }
    }
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "counting the queue");
    q.reset();
    (void)checkpoint_locked();   // the upload thread refreshes counts every few seconds (see Store::checkpoint)
    return c;
}

namespace {
// A summary's columns, in summary_row()'s order: list() and summary() read rows alike.
const std::string kSummarySelect =
    "SELECT r.id, r.ticket, r.service_id, r.created_at, r.server_ref, o.last_error, r.cleared_reason, r.state, "
    "o.attempts, r.key_id, r.pii FROM requests r LEFT JOIN outbox o ON o.request_id = r.id ";
const std::string kListSql =
    kSummarySelect +
    "WHERE (?1 IS NULL OR r.state = ?1) AND (?2 = '' OR r.service_id = ?2) AND (?3 = '' OR r.created_day = ?3) "
    "ORDER BY r.created_ms DESC, r.rowid DESC LIMIT ?4 OFFSET ?5";
const std::string kSummarySql = kSummarySelect + "WHERE r.id = ?";
} // namespace

namespace {
// The applicant of a row (columns 0 = id, 9 = key id, 10 = sealed PII), decrypted; the caller wipes it.
std::optional<Applicant> open_applicant(const KeyRing& keys, const sql::Stmt& q) {
    if (q.is_null(10)) return std::nullopt;
    auto plain = keys.open(q.blob(10), q.text(0), q.text(9));
    if (!plain) return std::nullopt;
    Applicant a;
    const bool ok = applicant_from_json(*plain, a).ok();
    wipe(*plain);
    if (!ok) return std::nullopt;
    return a;
}
void wipe_applicant(Applicant& a) {
    wipe(a.name);
    wipe(a.id_number);
    wipe(a.phone);
}
// The masked forms staff lists show; "?" for a sealed applicant that could not be read.
void mask_into(RequestSummary& s, const std::optional<Applicant>& a) {
    if (!a) {
        s.masked_name = "?";   // unreadable: shown as such rather than hiding the row
        return;
    }
    s.masked_name = mask_name(a->name);
    s.masked_id = mask_id_number(a->id_number);
    s.masked_phone = mask_phone(a->phone);
}
} // namespace

RequestSummary Store::summary_row(const sql::Stmt& q, bool masked) const {
    RequestSummary s;
    s.request_id = q.text(0);
    s.ticket = q.text(1);
    s.service_id = q.text(2);
    s.created_at = q.text(3);
    s.server_ref = q.text(4);
    s.last_error = q.text(5);
    s.cleared_reason = q.text(6);
    parse_state(q.text(7), s.state);
    s.attempts = static_cast<int>(q.i64(8));
    if (!masked || q.is_null(10)) return s;
    // Decrypt only to mask, and read only the applicant: the full values never leave this function.
    auto a = open_applicant(keys_, q);
    mask_into(s, a);
    if (a) wipe_applicant(*a);
    return s;
}

Result<std::vector<RequestSummary>> Store::list(const RequestFilter& f) {
    std::lock_guard lock(mu_);
    if (!f.query.empty()) return search_locked(f);
    // Newest first: staff look for the resident standing in front of them. LIMIT/OFFSET make SQLite stop
    // at the page, so only the page's rows are ever decrypted.
    sql::Stmt q(*stmts_, kListSql.c_str());
    if (f.state) q.bind(1, state_name(*f.state)); else q.bind_null(1);
    q.bind(2, f.service_id).bind(3, f.day).bind(4, f.limit).bind(5, f.offset);
    std::vector<RequestSummary> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(summary_row(q, f.masked));
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "listing requests");
    return out;
}

// The same rows as list(), filtered by the search box's query. A ticket query reads no personal data; a
// phone tail or a name decrypts the applicant of each candidate in turn and wipes it at once.
Result<std::vector<RequestSummary>> Store::search_locked(const RequestFilter& f) {
    const StaffQuery query = parse_staff_query(f.query);
    const bool needs_applicant = staff_query_needs_applicant(query);
    sql::Stmt q(*stmts_, kListSql.c_str());
    if (f.state) q.bind(1, state_name(*f.state)); else q.bind_null(1);
    q.bind(2, f.service_id).bind(3, f.day).bind(4, kSearchScanRows).bind(5, 0);
    std::vector<RequestSummary> out;
    int skipped = 0, rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        // A phone or name query has decrypted the applicant to match it: a hit is masked from that same
        // copy rather than decrypted a second time.
        std::optional<Applicant> a;
        if (needs_applicant) a = open_applicant(keys_, q);
        const bool hit = staff_query_matches(query, q.text(1), a ? &*a : nullptr) && skipped++ >= f.offset;
        if (hit) {
            if (needs_applicant && f.masked && !q.is_null(10)) {
                RequestSummary s = summary_row(q, false);
                mask_into(s, a);
                out.push_back(std::move(s));
            } else {
                out.push_back(summary_row(q, f.masked));
            }
        }
        if (a) wipe_applicant(*a);
        if (static_cast<int>(out.size()) >= f.limit) break;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sql::error(db_, rc, "searching requests");
    return out;
}

Result<RequestSummary> Store::summary(const std::string& id) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, kSummarySql.c_str());
    q.bind(1, id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return make_error("store.not_found", "no request with id " + id);
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading a request");
    return summary_row(q, true);
}

Result<std::string> Store::ticket(const std::string& id) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT ticket FROM requests WHERE id = ?");
    q.bind(1, id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return make_error("store.not_found", "no request with id " + id);
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading a ticket");
    return q.text(0);
}

Result<RequestState> Store::state(const std::string& id) {
    std::lock_guard lock(mu_);
    return state_locked(id);
}

// [SECTION] clear

Status Store::clear(const std::string& id, const std::string& reason, WallTime now) { return clear(id, reason, now, "staff"); }

Status Store::clear(const std::string& id, const std::string& reason, WallTime now, const std::string& actor) {
    if (reason.empty()) return make_error("store.invalid", "clearing a request needs a reason");
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    auto s = state_locked(id);
    if (!s) return s.error();
    switch (*s) {
    case RequestState::uploaded:
    case RequestState::dead_letter:
    case RequestState::queued:
    case RequestState::retry_wait:
        break;
    case RequestState::sending:
        return make_error("store.bad_state", "request " + id + " is being uploaded right now; clear it again in a moment");
    default:
        return make_error("store.bad_state", "cannot clear request " + id + ": it is already " + state_name(*s));
    }
    if (auto st = clear_locked(id, reason, now, actor, *s); !st) return st;
    return tx.commit();
}

// The one clear: staff mode's and the desk's (a done/rejected status event, store_events.cpp) alike.
// Inside the caller's transaction; the caller has checked that `from` may be cleared.
Status Store::clear_locked(const std::string& id, const std::string& reason, WallTime now, const std::string& actor,
                           RequestState from) {
    sql::Stmt r(*stmts_, "UPDATE requests SET state='cleared', cleared_at=?, cleared_reason=?, cleared_by=? WHERE id=?");
    r.bind(1, sql::to_ms(now)).bind(2, reason).bind(3, actor).bind(4, id);
    if (auto st = r.run("clearing the request"); !st) return st;
    return audit_locked(now, actor, "request.clear", "id=" + id + " from=" + state_name(from) + " reason=" + reason);
}

// [SECTION] purge

Result<int> Store::purge(WallTime now, int retention_days) {
    if (retention_days < 0) return make_error("store.invalid", "retention_days must be 0 or more");
    std::lock_guard lock(mu_);
    const std::int64_t cutoff = sql::to_ms(now) - static_cast<std::int64_t>(retention_days) * 86'400'000;
    int purged = 0;
    {
        sql::Tx tx(*stmts_);
        if (!tx.begun()) return tx.begun().error();
        // Cleared is the end of the line: an uploaded request is cleared after upload, and a dead letter or a
        // queued one that staff cleared is withdrawn (paper is the record). So "cleared long enough ago"
        // covers "uploaded and cleared" without keeping withdrawn requests' PII forever.
        sql::Stmt o(*stmts_, "UPDATE outbox SET payload=NULL, key_id=NULL WHERE request_id IN "
                         "(SELECT id FROM requests WHERE state='cleared' AND cleared_at <= ?)");
        o.bind(1, cutoff);
        if (auto st = o.run("purging personal data"); !st) return st.error();
        sql::Stmt r(*stmts_, "UPDATE requests SET pii=NULL, key_id=NULL, state='purged', purged_at=? "
                         "WHERE state='cleared' AND cleared_at <= ?");
        r.bind(1, sql::to_ms(now)).bind(2, cutoff);
        if (auto st = r.run("purging personal data"); !st) return st.error();
        purged = sqlite3_changes(db_);
        if (purged == 0) return 0;   // nothing to do: the Tx rolls back an empty transaction
        // The officer's messages about a purged request go with it (they may quote the resident).
        sql::Stmt d(*stmts_, "DELETE FROM desk_status WHERE request_id IN (SELECT id FROM requests WHERE state='purged')");
        if (auto st = d.run("purging the desk's messages"); !st) return st.error();
        if (auto st = audit_locked(now, "system", "request.purge",
                                   "count=" + std::to_string(purged) + " retention_days=" + std::to_string(retention_days));
            !st)
            return st.error();
        if (auto st = tx.commit(); !st) return st.error();
    }
    // secure_delete zeroed the old cells in the pages; the WAL may still hold earlier page images with the
    // ciphertext. TRUNCATE copies everything into the database and empties the WAL file.
    sql::Stmt cp(*stmts_, "PRAGMA wal_checkpoint(TRUNCATE)");
    int rc = cp.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql::error(db_, rc, "checkpointing after the purge");
    if (rc == SQLITE_ROW && cp.i64(0) != 0)
        return make_error("store.busy", "purged " + std::to_string(purged) +
                                            " requests but could not empty the WAL yet (another reader); it will be "
                                            "retried at the next purge");
    return purged;
}

} // namespace kiosk
