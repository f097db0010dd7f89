// Audit chain (see audit.hpp for the contract).
//
// [SECTION] Schema
// [SECTION] Canonical form and append
// [SECTION] Verify and list
#include "audit.hpp"

#include "crypto.hpp"
#include "store_sql.hpp"

namespace kiosk {

namespace {
const std::string kGenesis(64, '0');   // prev_hash of the first row
}

// [SECTION] Schema

const char* audit_schema_sql() {
    return R"sql(
CREATE TABLE IF NOT EXISTS audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: rows cannot be deleted'); END;
)sql";
}

// [SECTION] Canonical form and append

// Length-prefixed fields, so that no choice of field contents can make two different rows hash alike
// ("a|b" + "c" vs "a" + "b|c").
std::string audit_canonical(const AuditEntry& e) {
    std::string out = "v1;";
    auto put = [&out](std::string_view s) {
        out += std::to_string(s.size());
        out += ':';
        out.append(s.data(), s.size());
        out += ';';
    };
    put(std::to_string(e.seq));
    put(e.at);
    put(e.actor);
    put(e.action);
    put(e.detail);
    return out;
}

Status audit_append(sqlite3* db, std::chrono::system_clock::time_point at, std::string_view actor,
                    std::string_view action, std::string_view detail) {
    assert(!actor.empty() && !action.empty() && "audit_append: actor and action are required (use \"system\" for the kiosk)");
    std::optional<sql::Tx> own;
    if (sqlite3_get_autocommit(db)) {
        own.emplace(db);
        if (!own->begun()) return own->begun().error();
    }
    AuditEntry e;
    e.prev_hash = kGenesis;
    {
        sql::Stmt last(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        int rc = last.step();
        if (rc == SQLITE_ROW) {
            e.seq = last.i64(0);
            e.prev_hash = last.text(1);
        } else if (rc != SQLITE_DONE) {
            return sql::error(db, rc, "reading the audit log");
        }
    }
    e.seq += 1;
    e.at = sql::rfc3339_local(at);
    e.actor = actor;
    e.action = action;
    e.detail = detail;
    e.hash = sha256_hex(e.prev_hash + audit_canonical(e));
    sql::Stmt ins(db, "INSERT INTO audit(seq, at, actor, action, detail, prev_hash, hash) VALUES(?,?,?,?,?,?,?)");
    ins.bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.detail).bind(6, e.prev_hash).bind(7, e.hash);
    if (auto st = ins.run("writing the audit log"); !st) return st;
    if (own) return own->commit();
    return ok_status();
}

// [SECTION] Verify and list

Result<AuditVerdict> audit_verify(sqlite3* db) {
    AuditVerdict v;
    sql::Stmt q(db, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq");
    std::string prev = kGenesis;
    std::int64_t expected_seq = 1;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        AuditEntry e{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)};
        ++v.rows;
        std::string why;
        if (e.seq != expected_seq) why = "a row is missing before it (expected seq " + std::to_string(expected_seq) + ")";
        else if (e.prev_hash != prev) why = "its prev_hash does not match the previous row's hash";
        else if (e.hash != sha256_hex(e.prev_hash + audit_canonical(e))) why = "its contents do not match its hash (edited)";
        if (!why.empty()) {
            v.ok = false;
            v.first_broken = e.seq;
            v.why = "audit row " + std::to_string(e.seq) + " is broken: " + why;
            return v;
        }
        prev = e.hash;
        expected_seq = e.seq + 1;
    }
    if (rc != SQLITE_DONE) return sql::error(db, rc, "reading the audit log");
    v.why = "audit chain intact (" + std::to_string(v.rows) + " rows)";
    return v;
}

Result<std::vector<AuditEntry>> audit_list(sqlite3* db, int limit, int offset) {
    std::vector<AuditEntry> out;
    sql::Stmt q(db, "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ? OFFSET ?");
    q.bind(1, limit).bind(2, offset);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        out.push_back(AuditEntry{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
    if (rc != SQLITE_DONE) return sql::error(db, rc, "reading the audit log");
    return out;
}

} // namespace kiosk
