// Store: the rows of staff accounts and of the login throttle. PIN hashing and the lockout rules are
// StaffAccounts' (staff_accounts.cpp); every change here commits together with its audit row.
//
// [SECTION] Accounts
// [SECTION] Login outcomes
#include "store.hpp"

#include "store_sql.hpp"

namespace kiosk {

namespace {
const char* kPinOnlyScope = "*";   // login_throttle row for PIN-only attempts

Status not_found(const std::string& id) { return make_error("staff.not_found", "no staff account '" + id + "'"); }
}

// [SECTION] Accounts

Status Store::add_staff(const std::string& id, const std::string& display_name, const Bytes& salt, const Bytes& pin_hash,
                        int iterations, WallTime now, const std::string& actor) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    sql::Stmt ins(*stmts_, "INSERT INTO staff(id, display_name, salt, pin_hash, iterations, created_at) VALUES(?,?,?,?,?,?)");
    ins.bind(1, id).bind(2, display_name).bind_blob(3, salt).bind_blob(4, pin_hash).bind(5, iterations).bind(6, sql::to_ms(now));
    if (auto st = ins.run("adding a staff account"); !st) {
        if (st.error().code == "store.constraint") return make_error("staff.exists", "a staff account '" + id + "' already exists");
        return st;
    }
    if (auto st = audit_locked(now, actor, "staff.add", "id=" + id); !st) return st;
    return tx.commit();
}

Status Store::remove_staff(const std::string& id, WallTime now, const std::string& actor) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    sql::Stmt del(*stmts_, "DELETE FROM staff WHERE id=?");
    del.bind(1, id);
    if (auto st = del.run("removing a staff account"); !st) return st;
    if (sqlite3_changes(db_) == 0) return not_found(id);
    if (auto st = audit_locked(now, actor, "staff.remove", "id=" + id); !st) return st;
    return tx.commit();
}

Status Store::set_staff_pin(const std::string& id, const Bytes& salt, const Bytes& pin_hash, int iterations, WallTime now,
                            const std::string& actor) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    // A new PIN also lifts a lockout: an administrator resetting it has already identified the person.
    sql::Stmt up(*stmts_, "UPDATE staff SET salt=?, pin_hash=?, iterations=?, failed=0, lockouts=0, locked_until=0 WHERE id=?");
    up.bind_blob(1, salt).bind_blob(2, pin_hash).bind(3, iterations).bind(4, id);
    if (auto st = up.run("changing a PIN"); !st) return st;
    if (sqlite3_changes(db_) == 0) return not_found(id);
    if (auto st = audit_locked(now, actor, "staff.passwd", "id=" + id); !st) return st;
    return tx.commit();
}

Result<std::vector<StaffAccount>> Store::list_staff() {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT id, display_name, iterations, failed, lockouts, locked_until, created_at, last_login "
                         "FROM staff ORDER BY id");
    std::vector<StaffAccount> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        StaffAccount a;
        a.id = q.text(0);
        a.display_name = q.text(1);
        a.iterations = static_cast<int>(q.i64(2));
        a.failed = static_cast<int>(q.i64(3));
        a.lockouts = static_cast<int>(q.i64(4));
        a.locked_until = sql::from_ms(q.i64(5));
        a.created_at = sql::from_ms(q.i64(6));
        if (!q.is_null(7)) a.last_login = sql::from_ms(q.i64(7));
        out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "listing staff accounts");
    return out;
}

Result<bool> Store::has_staff() {
    std::lock_guard lock(mu_);
    sql::Stmt q(*stmts_, "SELECT EXISTS(SELECT 1 FROM staff)");
    int rc = q.step();
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading staff accounts");
    return q.i64(0) != 0;
}

Result<std::vector<StaffCredential>> Store::staff_credentials(const std::string& id) {
    std::lock_guard lock(mu_);
    const bool all = id.empty();
    sql::Stmt q(*stmts_, all ? "SELECT id, salt, pin_hash, iterations, failed, lockouts, locked_until FROM staff ORDER BY id"
                             : "SELECT id, salt, pin_hash, iterations, failed, lockouts, locked_until FROM staff WHERE id=?");
    if (!all) q.bind(1, id);
    std::vector<StaffCredential> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        out.push_back(StaffCredential{q.text(0), q.blob(1), q.blob(2), static_cast<int>(q.i64(3)),
                                      LoginThrottle{static_cast<int>(q.i64(4)), static_cast<int>(q.i64(5)), q.i64(6)}});
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading staff accounts");
    return out;
}

// [SECTION] Login outcomes
// One counter per account (columns in `staff`) and one kiosk-wide counter for PIN-only attempts (row "*" in
// `login_throttle`); an empty id means the latter.

Result<LoginThrottle> Store::throttle_locked(const std::string& id) {
    const bool pin_only = id.empty();
    sql::Stmt q(*stmts_, pin_only ? "SELECT failed, lockouts, locked_until FROM login_throttle WHERE scope=?"
                                  : "SELECT failed, lockouts, locked_until FROM staff WHERE id=?");
    q.bind(1, pin_only ? std::string(kPinOnlyScope) : id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return LoginThrottle{};
    if (rc != SQLITE_ROW) return sql::error(db_, rc, pin_only ? "reading the login throttle" : "reading staff accounts");
    return LoginThrottle{static_cast<int>(q.i64(0)), static_cast<int>(q.i64(1)), q.i64(2)};
}

Status Store::write_throttle_locked(const std::string& id, const LoginThrottle& t) {
    if (id.empty()) {
        sql::Stmt w(*stmts_, "INSERT INTO login_throttle(scope, failed, lockouts, locked_until) VALUES(?,?,?,?) "
                             "ON CONFLICT(scope) DO UPDATE SET failed=excluded.failed, lockouts=excluded.lockouts, "
                             "locked_until=excluded.locked_until");
        w.bind(1, kPinOnlyScope).bind(2, t.failed).bind(3, t.lockouts).bind(4, t.locked_until_ms);
        return w.run("updating the login throttle");
    }
    sql::Stmt w(*stmts_, "UPDATE staff SET failed=?, lockouts=?, locked_until=? WHERE id=?");
    w.bind(1, t.failed).bind(2, t.lockouts).bind(3, t.locked_until_ms).bind(4, id);
    return w.run("updating the login throttle");
}

Result<LoginThrottle> Store::pin_only_throttle() {
    std::lock_guard lock(mu_);
    return throttle_locked("");
}

Status Store::record_login(const std::string& id, bool pin_only, WallTime now) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun();
    sql::Stmt ok(*stmts_, "UPDATE staff SET failed=0, lockouts=0, locked_until=0, last_login=? WHERE id=?");
    ok.bind(1, sql::to_ms(now)).bind(2, id);
    if (auto st = ok.run("recording a login"); !st) return st;
    if (pin_only)
        if (auto st = write_throttle_locked("", LoginThrottle{}); !st) return st;
    if (auto st = audit_locked(now, id, "staff.login", pin_only ? "pin-only" : "id"); !st) return st;
    return tx.commit();
}

Result<LoginFailureStep> Store::record_login_failure(const std::string& id, WallTime now,
                                                     LoginFailureStep (*count)(LoginThrottle, std::int64_t now_ms)) {
    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun().error();
    auto t = throttle_locked(id);
    if (!t) return t.error();
    const std::string who = id.empty() ? "unknown" : id;
    const std::string scope = id.empty() ? std::string("pin-only") : "id=" + id;
    if (auto st = audit_locked(now, who, "staff.login_failed", scope); !st) return st.error();
    const LoginFailureStep step = count(*t, sql::to_ms(now));
    if (step.lockout_minutes > 0)
        if (auto st = audit_locked(now, who, "staff.lockout",
                                   scope + " minutes=" + std::to_string(step.lockout_minutes) +
                                       " lockouts=" + std::to_string(step.after.lockouts));
            !st)
            return st.error();
    if (auto st = write_throttle_locked(id, step.after); !st) return st.error();
    if (auto st = tx.commit(); !st) return st.error();
    return step;
}

} // namespace kiosk
