#pragma once
// [SECTION] Audit — an append-only, hash-chained log of what staff and the system did (issue 6).
// Each row: seq, at, actor, action, detail, prev_hash, hash = SHA-256(prev_hash ‖ canonical(row)).
// Append-only is enforced twice: the code only INSERTs, and triggers make UPDATE/DELETE abort in SQLite.
// Anyone who edits a row (after dropping the triggers) breaks the chain at that row; audit_verify names it.
// Details never hold PII: request ids, ticket numbers, staff ids, counts and staff-chosen reasons only.
#include "result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace kiosk {

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at;          // RFC 3339, kiosk local offset
    std::string actor;       // staff id, "system" or "resident"
    std::string action;      // e.g. "staff.login", "request.clear", "request.purge"
    std::string detail;      // never PII
    std::string prev_hash, hash;
};

struct AuditVerdict {
    bool ok = true;
    std::int64_t rows = 0;                       // rows checked
    std::optional<std::int64_t> first_broken;    // seq of the first row whose hash or link does not match
    std::string why;                             // in words, for `kiosk audit verify`
};

// The SQL that creates the table and its append-only triggers (used by the store's migrations).
const char* audit_schema_sql();

// Appends one row. Joins the caller's open transaction so the audit row commits (or rolls back) with the
// action it records; outside a transaction it runs its own BEGIN IMMEDIATE. The caller holds Store::mutex().
Status audit_append(sqlite3* db, std::chrono::system_clock::time_point at, std::string_view actor,
                    std::string_view action, std::string_view detail);

// Re-computes the chain from the first row. ok, or the first broken seq and why.
Result<AuditVerdict> audit_verify(sqlite3* db);

// Newest first, for the staff screen and `kiosk audit list`.
Result<std::vector<AuditEntry>> audit_list(sqlite3* db, int limit = 200, int offset = 0);

// The canonical byte string a row's hash covers (exposed for tests and for outside verifiers).
std::string audit_canonical(const AuditEntry& e);

} // namespace kiosk
