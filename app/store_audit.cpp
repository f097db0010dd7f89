// Store: the audit log's rows (the chain's arithmetic is in audit.cpp; docs/STORE.md, "Audit chain").
#include "store.hpp"

#include "store_sql.hpp"

#include <cassert>

namespace kiosk {

namespace {

AuditEntry audit_row(const sql::Stmt& q) {
    return AuditEntry{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)};
}
} // namespace

// Joins the caller's open transaction, so the audit row commits (or rolls back) with the action it
// records; outside one it runs its own BEGIN IMMEDIATE (reading the last row and appending must not
// interleave with the other connection's append).
Status Store::audit_locked(WallTime at, std::string_view actor, std::string_view action, std::string_view detail) {
    assert(!actor.empty() && !action.empty() && "Store::append_audit: actor and action are required (use \"system\" for the kiosk)");
    std::optional<sql::Tx> own;
    if (sqlite3_get_autocommit(db_)) {
        own.emplace(*stmts_);
        if (!own->begun()) return own->begun().error();
    }
    std::optional<AuditEntry> last;
    {
        sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT 1");
        int rc = q.step();
        if (rc == SQLITE_ROW) last = audit_row(q);
        else if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading the audit log");
    }
    const AuditEntry e = audit_next(last ? &*last : nullptr, sql::rfc3339_local(at), actor, action, detail);
    sql::Stmt ins(*stmts_, "INSERT INTO audit(seq, at, actor, action, detail, prev_hash, hash) VALUES(?,?,?,?,?,?,?)");
    ins.bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.detail).bind(6, e.prev_hash).bind(7, e.hash);
    if (auto st = ins.run("writing the audit log"); !st) return st;
    if (own) return own->commit();
    return ok_status();
}

Status Store::append_audit(WallTime at, std::string_view actor, std::string_view action, std::string_view detail) {
    std::lock_guard lock(mu_);
    return audit_locked(at, actor, action, detail);
}

Result<AuditVerdict> Store::verify_audit() {
    std::lock_guard lock(mu_);
    AuditChainCheck chain;
    sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        if (!chain.add(audit_row(q))) return chain.verdict();
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading the audit log");
    return chain.verdict();
}

Result<std::vector<AuditEntry>> Store::list_audit(int limit, int offset) {
    std::lock_guard lock(mu_);
    std::vector<AuditEntry> out;
    sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ? OFFSET ?");
    q.bind(1, limit).bind(2, offset);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(audit_row(q));
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading the audit log");
    return out;
}

Result<std::optional<AuditEntry>> Store::last_audit(std::string_view action) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit WHERE action=? "
                         "ORDER BY seq DESC LIMIT 1");
    q.bind(1, action);
    int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<AuditEntry>{};
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the audit log");
    return std::optional<AuditEntry>(audit_row(q));
}

Result<std::optional<AuditEntry>> Store::audit_head() {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT 1");
    int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<AuditEntry>{};
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the audit log");
    return std::optional<AuditEntry>(audit_row(q));
}

Result<std::optional<AuditEntry>> Store::audit_at(std::int64_t seq) {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit WHERE seq=?");
    q.bind(1, seq);
    int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<AuditEntry>{};
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading the audit log");
    return std::optional<AuditEntry>(audit_row(q));
}

} // namespace kiosk
