// The SQLite intake: its hash-chained audit log (the kiosk's construction, app/audit), desk accounts and their sessions.
// [SECTION] Index: audit · accounts · desk sessions
#include "server/intake_sqlite.hpp"

#include "server/intake_shared.hpp"

#include "app/local_time.hpp"
#include "app/store_sql.hpp"

#include <cassert>
#include <optional>

namespace intake {

using kiosk::make_error;
using kiosk::sql::Stmt;
using kiosk::sql::Tx;

namespace {

kiosk::Error db_error(sqlite3* db, const char* what) {
    return make_error("intake.db", std::string(what) + ": " + sqlite3_errmsg(db));
}

kiosk::AuditEntry audit_row(const Stmt& q) {
    return kiosk::AuditEntry{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)};
}

DeskAccount account_row(const Stmt& q) {
    DeskAccount a;
    a.name = q.text(0);
    a.window = static_cast<int>(q.i64(1));
    a.serves = split_serves(q.text(2));
    a.salt = q.blob(3);
    a.hash = q.blob(4);
    a.iterations = static_cast<int>(q.i64(5));
    a.throttle = {static_cast<int>(q.i64(6)), static_cast<int>(q.i64(7)), q.i64(8)};
    a.created_at = q.text(9);
    return a;
}

constexpr const char* kAccountColumns =
    "name, desk_window, serves, salt, hash, iterations, failed, lockouts, locked_until_ms, created_at";

} // namespace

// [SECTION] audit
// Joins the caller's open transaction, so the audit row commits (or rolls back) with the action it records.
Status SqliteIntakeStore::audit_locked(const std::string& actor, const std::string& action, const std::string& detail,
                                       const std::string& subject) {
    assert(!actor.empty() && !action.empty() && "audit rows need an actor and an action");
    std::optional<Tx> own;
    if (sqlite3_get_autocommit(db_)) {
        own.emplace(db_);
        if (!own->begun()) return own->begun();
    }
    std::optional<kiosk::AuditEntry> last;
    {
        Stmt q(db_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT 1");
        const int rc = q.step();
        if (rc == SQLITE_ROW) last = audit_row(q);
        else if (rc != SQLITE_DONE) return db_error(db_, "reading the audit log");
    }
    const auto e = kiosk::audit_next(last ? &*last : nullptr, now_rfc3339(), actor, action, detail);
    Stmt ins(db_, "INSERT INTO audit(seq, at, actor, action, detail, subject, prev_hash, hash) VALUES(?,?,?,?,?,?,?,?)");
    ins.bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.detail).bind(6, subject)
        .bind(7, e.prev_hash).bind(8, e.hash);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "writing the audit log");
    if (own) return own->commit();
    return kiosk::ok_status();
}

Status SqliteIntakeStore::append_audit(const std::string& actor, const std::string& action, const std::string& detail,
                                       const std::string& subject) {
    std::lock_guard lock(mu_);
    return audit_locked(actor, action, detail, subject);
}

Result<kiosk::AuditVerdict> SqliteIntakeStore::verify_audit() {
    std::lock_guard lock(mu_);
    kiosk::AuditChainCheck chain;
    Stmt q(db_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        if (!chain.add(audit_row(q))) return chain.verdict();
    if (rc != SQLITE_DONE) return db_error(db_, "reading the audit log");
    return chain.verdict();
}

Result<std::vector<kiosk::AuditEntry>> SqliteIntakeStore::list_audit(int limit) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<kiosk::AuditEntry> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(audit_row(q));
    if (rc != SQLITE_DONE) return db_error(db_, "reading the audit log");
    return out;
}

Result<std::vector<HistoryItem>> SqliteIntakeStore::history(const std::string& request_id) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT at, actor, action FROM audit WHERE subject=? ORDER BY seq");
    q.bind(1, request_id);
    std::vector<HistoryItem> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.text(1), q.text(2)});
    if (rc != SQLITE_DONE) return db_error(db_, "reading the history");
    return out;
}

// [SECTION] accounts
Status SqliteIntakeStore::add_account(const DeskAccount& a, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    Stmt ins(db_, "INSERT INTO desk_accounts(name, desk_window, serves, salt, hash, iterations, created_at) "
                  "VALUES(?,?,?,?,?,?,?) ON CONFLICT(name) DO NOTHING");
    ins.bind(1, a.name).bind(2, a.window).bind(3, join_serves(a.serves)).bind_blob(4, a.salt).bind_blob(5, a.hash)
        .bind(6, a.iterations).bind(7, now_rfc3339());
    if (ins.step() != SQLITE_DONE) return db_error(db_, "adding a desk account");
    if (sqlite3_changes(db_) == 0) return make_error("desk.exists", "a desk account named '" + a.name + "' exists already");
    if (auto st = audit_locked(actor, "desk.account_add",
                               "account " + a.name + " window " + std::to_string(a.window) + " serves " +
                                   (a.serves.empty() ? std::string("all") : join_serves(a.serves)), "");
        !st)
        return st;
    return tx.commit();
}

Status SqliteIntakeStore::remove_account(const std::string& name, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    Stmt del(db_, "DELETE FROM desk_accounts WHERE name=?");
    del.bind(1, name);
    if (del.step() != SQLITE_DONE) return db_error(db_, "removing a desk account");
    if (sqlite3_changes(db_) == 0) return make_error("desk.unknown", "no desk account named '" + name + "'");
    if (auto st = end_sessions_of(name); !st) return st;
    if (auto st = audit_locked(actor, "desk.account_remove", "account " + name, ""); !st) return st;
    return tx.commit();
}

Status SqliteIntakeStore::set_password(const std::string& name, const std::vector<std::uint8_t>& salt,
                                       const std::vector<std::uint8_t>& hash, int iterations, const std::string& actor) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    Stmt up(db_, "UPDATE desk_accounts SET salt=?, hash=?, iterations=?, failed=0, lockouts=0, locked_until_ms=0 "
                 "WHERE name=?");
    up.bind_blob(1, salt).bind_blob(2, hash).bind(3, iterations).bind(4, name);
    if (up.step() != SQLITE_DONE) return db_error(db_, "changing a password");
    if (sqlite3_changes(db_) == 0) return make_error("desk.unknown", "no desk account named '" + name + "'");
    if (auto st = end_sessions_of(name); !st) return st;   // a changed password logs every console out
    if (auto st = audit_locked(actor, "desk.password", "account " + name, ""); !st) return st;
    return tx.commit();
}

Result<std::vector<DeskAccount>> SqliteIntakeStore::accounts() {
    std::lock_guard lock(mu_);
    Stmt q(db_, (std::string("SELECT ") + kAccountColumns + " FROM desk_accounts ORDER BY name").c_str());
    std::vector<DeskAccount> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(account_row(q));
    if (rc != SQLITE_DONE) return db_error(db_, "listing desk accounts");
    return out;
}

Result<std::optional<DeskAccount>> SqliteIntakeStore::account(const std::string& name) {
    std::lock_guard lock(mu_);
    Stmt q(db_, (std::string("SELECT ") + kAccountColumns + " FROM desk_accounts WHERE name=?").c_str());
    q.bind(1, name);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<DeskAccount>{};
    if (rc != SQLITE_ROW) return db_error(db_, "reading a desk account");
    return std::optional<DeskAccount>(account_row(q));
}

Status SqliteIntakeStore::write_throttle(const std::string& name, const LoginThrottle& t) {
    std::lock_guard lock(mu_);
    Stmt up(db_, "UPDATE desk_accounts SET failed=?, lockouts=?, locked_until_ms=? WHERE name=?");
    up.bind(1, t.failed).bind(2, t.lockouts).bind(3, t.locked_until_ms).bind(4, name);
    if (up.step() != SQLITE_DONE) return db_error(db_, "writing a login throttle");
    return kiosk::ok_status();
}

// [SECTION] desk sessions
Status SqliteIntakeStore::end_sessions_of(const std::string& name) {   // mu_ held, inside the caller's transaction
    Stmt del(db_, "DELETE FROM desk_sessions WHERE name=?");
    del.bind(1, name);
    if (del.step() != SQLITE_DONE) return db_error(db_, "ending the account's desk sessions");
    return kiosk::ok_status();
}

Status SqliteIntakeStore::add_desk_session(const StoredDeskSession& s, std::int64_t expire_before_ms) {
    std::lock_guard lock(mu_);
    Tx tx(db_);
    if (!tx.begun()) return tx.begun();
    Stmt old(db_, "DELETE FROM desk_sessions WHERE last_used_ms < ?");
    old.bind(1, expire_before_ms);
    if (old.step() != SQLITE_DONE) return db_error(db_, "dropping expired desk sessions");
    Stmt ins(db_, "INSERT INTO desk_sessions(token_hash, csrf, name, created_ms, last_used_ms) VALUES(?,?,?,?,?)");
    ins.bind(1, s.token_hash).bind(2, s.csrf).bind(3, s.name).bind(4, s.created_ms).bind(5, s.last_used_ms);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "saving a desk session");
    return tx.commit();
}

Result<std::optional<StoredDeskSession>> SqliteIntakeStore::desk_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT token_hash, csrf, name, created_ms, last_used_ms FROM desk_sessions WHERE token_hash=?");
    q.bind(1, token_hash);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<StoredDeskSession>{};
    if (rc != SQLITE_ROW) return db_error(db_, "reading a desk session");
    return std::optional<StoredDeskSession>(StoredDeskSession{q.text(0), q.text(1), q.text(2), q.i64(3), q.i64(4)});
}

Status SqliteIntakeStore::touch_desk_session(const std::string& token_hash, std::int64_t now_ms) {
    std::lock_guard lock(mu_);
    Stmt up(db_, "UPDATE desk_sessions SET last_used_ms=max(last_used_ms, ?) WHERE token_hash=?");
    up.bind(1, now_ms).bind(2, token_hash);
    if (up.step() != SQLITE_DONE) return db_error(db_, "renewing a desk session");
    return kiosk::ok_status();
}

Status SqliteIntakeStore::end_desk_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    Stmt del(db_, "DELETE FROM desk_sessions WHERE token_hash=?");
    del.bind(1, token_hash);
    if (del.step() != SQLITE_DONE) return db_error(db_, "ending a desk session");
    return kiosk::ok_status();
}

} // namespace intake
