// Staff accounts (see staff_accounts.hpp for the contract).
//
// [SECTION] PIN rules and hashing
// [SECTION] Throttle (failure counting and growing lockouts)
// [SECTION] Account management
// [SECTION] verify
#include "staff_accounts.hpp"

#include "audit.hpp"
#include "crypto.hpp"
#include "store_sql.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

namespace kiosk {

// [SECTION] PIN rules and hashing

Status check_pin_rules(std::string_view pin) {
    auto weak = [](const char* why) { return make_error("staff.weak_pin", why); };
    if (pin.size() < 6 || pin.size() > 12) return weak("The PIN must have 6 to 12 digits.");
    for (char c : pin)
        if (c < '0' || c > '9') return weak("The PIN may contain digits only.");
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin[0]; }))
        return weak("The PIN must not be one digit repeated (such as 000000).");
    bool up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        const int d = (pin[i] - pin[i - 1] + 10) % 10;
        up = up && d == 1;
        down = down && d == 9;
    }
    if (up || down) return weak("The PIN must not be a run of digits (such as 123456 or 987654).");
    return ok_status();
}

namespace {

constexpr std::size_t kSaltBytes = 16, kHashBytes = 32;

Bytes pbkdf2(std::string_view pin, const Bytes& salt, int iterations) {
    Bytes out(kHashBytes);
    if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1)
        out.clear();
    return out;
}

bool same(const Bytes& a, const Bytes& b) {
    return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 32) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

const char* kAnyScope = "*";   // login_throttle row for PIN-only attempts

// [SECTION] Throttle
// One counter per account (columns in `staff`) and one kiosk-wide counter for PIN-only attempts (row "*" in
// `login_throttle`). Same arithmetic for both.

struct Throttle {
    int failed = 0, lockouts = 0;
    std::int64_t locked_until = 0;
};

int lockout_minutes(int lockouts_before) {
    // 1, 2, 4, 8, 16, 32, 60, 60 … minutes. The shift is bounded before it can overflow.
    if (lockouts_before >= 6) return StaffAccounts::kMaxLockoutMinutes;
    return std::min(1 << lockouts_before, StaffAccounts::kMaxLockoutMinutes);
}

int seconds_until(std::int64_t until_ms, std::int64_t now_ms) {
    return static_cast<int>((until_ms - now_ms + 999) / 1000);
}

Result<Throttle> read_any_throttle(sqlite3* db) {
    sql::Stmt q(db, "SELECT failed, lockouts, locked_until FROM login_throttle WHERE scope=?");
    q.bind(1, kAnyScope);
    int rc = q.step();
    if (rc == SQLITE_DONE) return Throttle{};
    if (rc != SQLITE_ROW) return sql::error(db, rc, "reading the login throttle");
    return Throttle{static_cast<int>(q.i64(0)), static_cast<int>(q.i64(1)), q.i64(2)};
}

Status write_throttle(sqlite3* db, const std::string& staff_id, const Throttle& t) {
    if (staff_id.empty()) {
        sql::Stmt w(db, "INSERT INTO login_throttle(scope, failed, lockouts, locked_until) VALUES(?,?,?,?) "
                        "ON CONFLICT(scope) DO UPDATE SET failed=excluded.failed, lockouts=excluded.lockouts, "
                        "locked_until=excluded.locked_until");
        w.bind(1, kAnyScope).bind(2, t.failed).bind(3, t.lockouts).bind(4, t.locked_until);
        return w.run("updating the login throttle");
    }
    sql::Stmt w(db, "UPDATE staff SET failed=?, lockouts=?, locked_until=? WHERE id=?");
    w.bind(1, t.failed).bind(2, t.lockouts).bind(3, t.locked_until).bind(4, staff_id);
    return w.run("updating the login throttle");
}

// Counts one wrong PIN against `t` (an account, or the kiosk-wide counter when staff_id is empty) and
// audits it; on the kMaxFailures-th, starts a lockout. Runs inside the caller's transaction.
Result<LoginResult> register_failure(sqlite3* db, const std::string& staff_id, Throttle t, std::int64_t now_ms, WallTime now) {
    const std::string who = staff_id.empty() ? "unknown" : staff_id;
    if (auto st = audit_append(db, now, who, "staff.login_failed", staff_id.empty() ? "pin-only" : "id=" + staff_id); !st)
        return st.error();
    LoginResult r;
    t.failed += 1;
    if (t.failed >= StaffAccounts::kMaxFailures) {
        const int minutes = lockout_minutes(t.lockouts);
        t.failed = 0;
        t.lockouts += 1;
        t.locked_until = now_ms + static_cast<std::int64_t>(minutes) * 60'000;
        if (auto st = audit_append(db, now, who, "staff.lockout",
                                   (staff_id.empty() ? std::string("pin-only") : "id=" + staff_id) +
                                       " minutes=" + std::to_string(minutes) + " lockouts=" + std::to_string(t.lockouts));
            !st)
            return st.error();
        r.outcome = LoginOutcome::locked;
        r.seconds_left = minutes * 60;
    } else {
        r.outcome = LoginOutcome::wrong;
        r.attempts_left = StaffAccounts::kMaxFailures - t.failed;
    }
    if (auto st = write_throttle(db, staff_id, t); !st) return st.error();
    return r;
}

struct Candidate {
    std::string id;
    Bytes salt, hash;
    int iterations = 0;
    Throttle throttle;
};

} // namespace

// [SECTION] Account management

StaffAccounts::StaffAccounts(Store& store, int iterations) : store_(store), iterations_(iterations) {
    assert(iterations >= 1 && "StaffAccounts: iterations must be positive (production uses kDefaultIterations)");
}

Status StaffAccounts::add(const std::string& id, const std::string& display_name, const std::string& pin, WallTime now,
                          const std::string& actor) {
    if (!valid_id(id)) return make_error("staff.invalid", "staff id must be 1–32 characters of a–z, 0–9, '.', '_' or '-'");
    if (display_name.empty() || display_name.size() > 128) return make_error("staff.invalid", "display name must be 1–128 bytes");
    if (auto st = check_pin_rules(pin); !st) return st;
    Bytes salt = random_bytes(kSaltBytes);
    Bytes hash = pbkdf2(pin, salt, iterations_);   // slow on purpose: outside the store lock
    if (hash.empty()) return make_error("crypto.error", "PBKDF2 failed");
    std::lock_guard lock(store_.mutex());
    sqlite3* db = store_.handle();
    sql::Tx tx(db);
    if (!tx.begun()) return tx.begun();
    sql::Stmt ins(db, "INSERT INTO staff(id, display_name, salt, pin_hash, iterations, created_at) VALUES(?,?,?,?,?,?)");
    ins.bind(1, id).bind(2, display_name).bind_blob(3, salt).bind_blob(4, hash).bind(5, iterations_).bind(6, sql::to_ms(now));
    if (auto st = ins.run("adding a staff account"); !st) {
        if (st.error().code == "store.constraint") return make_error("staff.exists", "a staff account '" + id + "' already exists");
        return st;
    }
    if (auto st = audit_append(db, now, actor, "staff.add", "id=" + id); !st) return st;
    return tx.commit();
}

Status StaffAccounts::remove(const std::string& id, WallTime now, const std::string& actor) {
    std::lock_guard lock(store_.mutex());
    sqlite3* db = store_.handle();
    sql::Tx tx(db);
    if (!tx.begun()) return tx.begun();
    sql::Stmt del(db, "DELETE FROM staff WHERE id=?");
    del.bind(1, id);
    if (auto st = del.run("removing a staff account"); !st) return st;
    if (sqlite3_changes(db) == 0) return make_error("staff.not_found", "no staff account '" + id + "'");
    if (auto st = audit_append(db, now, actor, "staff.remove", "id=" + id); !st) return st;
    return tx.commit();
}

Status StaffAccounts::change_pin(const std::string& id, const std::string& new_pin, WallTime now, const std::string& actor) {
    if (auto st = check_pin_rules(new_pin); !st) return st;
    Bytes salt = random_bytes(kSaltBytes);
    Bytes hash = pbkdf2(new_pin, salt, iterations_);
    if (hash.empty()) return make_error("crypto.error", "PBKDF2 failed");
    std::lock_guard lock(store_.mutex());
    sqlite3* db = store_.handle();
    sql::Tx tx(db);
    if (!tx.begun()) return tx.begun();
    // A new PIN also lifts a lockout: an administrator resetting it has already identified the person.
    sql::Stmt up(db, "UPDATE staff SET salt=?, pin_hash=?, iterations=?, failed=0, lockouts=0, locked_until=0 WHERE id=?");
    up.bind_blob(1, salt).bind_blob(2, hash).bind(3, iterations_).bind(4, id);
    if (auto st = up.run("changing a PIN"); !st) return st;
    if (sqlite3_changes(db) == 0) return make_error("staff.not_found", "no staff account '" + id + "'");
    if (auto st = audit_append(db, now, actor, "staff.passwd", "id=" + id); !st) return st;
    return tx.commit();
}

Result<std::vector<StaffAccount>> StaffAccounts::list() {
    std::lock_guard lock(store_.mutex());
    sqlite3* db = store_.handle();
    sql::Stmt q(db, "SELECT id, display_name, iterations, failed, lockouts, locked_until, created_at, last_login "
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
    if (rc != SQLITE_DONE) return sql::error(db, rc, "listing staff accounts");
    return out;
}

Result<bool> StaffAccounts::any() {
    std::lock_guard lock(store_.mutex());
    sql::Stmt q(store_.handle(), "SELECT EXISTS(SELECT 1 FROM staff)");
    int rc = q.step();
    if (rc != SQLITE_ROW) return sql::error(store_.handle(), rc, "reading staff accounts");
    return q.i64(0) != 0;
}

// [SECTION] verify

Result<LoginResult> StaffAccounts::verify(const std::string& id_or_any, const std::string& pin, WallTime now) {
    const std::int64_t now_ms = sql::to_ms(now);
    const bool any_mode = id_or_any.empty();
    std::vector<Candidate> candidates;
    {   // Read what we need, then hash without holding the lock: PBKDF2 takes a good fraction of a second.
        std::lock_guard lock(store_.mutex());
        sqlite3* db = store_.handle();
        if (any_mode) {
            auto t = read_any_throttle(db);
            if (!t) return t.error();
            if (t->locked_until > now_ms)
                return LoginResult{LoginOutcome::locked, "", seconds_until(t->locked_until, now_ms), 0};
        }
        sql::Stmt q(db, any_mode ? "SELECT id, salt, pin_hash, iterations, failed, lockouts, locked_until FROM staff ORDER BY id"
                                 : "SELECT id, salt, pin_hash, iterations, failed, lockouts, locked_until FROM staff WHERE id=?");
        if (!any_mode) q.bind(1, id_or_any);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            candidates.push_back(Candidate{q.text(0), q.blob(1), q.blob(2), static_cast<int>(q.i64(3)),
                                           Throttle{static_cast<int>(q.i64(4)), static_cast<int>(q.i64(5)), q.i64(6)}});
        if (rc != SQLITE_DONE) return sql::error(db, rc, "reading staff accounts");
        if (!any_mode && !candidates.empty() && candidates[0].throttle.locked_until > now_ms)
            return LoginResult{LoginOutcome::locked, id_or_any, seconds_until(candidates[0].throttle.locked_until, now_ms), 0};
    }

    const Candidate* match = nullptr;
    for (const Candidate& c : candidates) {
        if (c.iterations < 1) continue;
        Bytes h = pbkdf2(pin, c.salt, c.iterations);
        if (same(h, c.hash) && !match) match = &c;   // keep hashing the rest: timing does not reveal which
    }

    std::lock_guard lock(store_.mutex());
    sqlite3* db = store_.handle();
    sql::Tx tx(db);
    if (!tx.begun()) return tx.begun().error();
    if (match && match->throttle.locked_until > now_ms) {
        // PIN-only pad and the matching account is locked: its lockout stands.
        return LoginResult{LoginOutcome::locked, match->id, seconds_until(match->throttle.locked_until, now_ms), 0};
    }
    if (match) {
        sql::Stmt ok(db, "UPDATE staff SET failed=0, lockouts=0, locked_until=0, last_login=? WHERE id=?");
        ok.bind(1, now_ms).bind(2, match->id);
        if (auto st = ok.run("recording a login"); !st) return st.error();
        if (any_mode)
            if (auto st = write_throttle(db, "", Throttle{}); !st) return st.error();
        if (auto st = audit_append(db, now, match->id, "staff.login", any_mode ? "pin-only" : "id"); !st) return st.error();
        if (auto st = tx.commit(); !st) return st.error();
        return LoginResult{LoginOutcome::ok, match->id, 0, 0};
    }
    // Wrong PIN. An unknown id counts against the kiosk-wide counter so guessing ids is throttled too.
    // Counters are re-read inside the transaction: another attempt may have counted since we hashed.
    const bool known = !any_mode && !candidates.empty();
    Throttle t;
    if (known) {
        sql::Stmt q(db, "SELECT failed, lockouts, locked_until FROM staff WHERE id=?");
        q.bind(1, id_or_any);
        int rc = q.step();
        if (rc == SQLITE_ROW) t = Throttle{static_cast<int>(q.i64(0)), static_cast<int>(q.i64(1)), q.i64(2)};
        else if (rc != SQLITE_DONE) return sql::error(db, rc, "reading staff accounts");
    } else {
        auto any = read_any_throttle(db);
        if (!any) return any.error();
        t = *any;
    }
    auto r = register_failure(db, known ? id_or_any : "", t, now_ms, now);
    if (!r) return r.error();
    if (auto st = tx.commit(); !st) return st.error();
    return *r;
}

} // namespace kiosk
