#pragma once
// [SECTION] Audit — an append-only, hash-chained log of what staff and the system did (issue 6).
// Each row: seq, at, actor, action, detail, prev_hash, hash = SHA-256(prev_hash ‖ canonical(row)).
// Append-only is enforced twice: the store only INSERTs, and triggers make UPDATE/DELETE abort in SQLite.
// Anyone who edits a row (after dropping the triggers) breaks the chain at that row; verifying names it.
// Details never hold PII: request ids, ticket numbers, staff ids, counts and staff-chosen reasons only.
//
// This file is the chain's arithmetic, with no SQL: the rows live in the store (Store::append_audit,
// verify_audit, list_audit in app/store_audit.cpp), which calls these functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// The canonical byte string a row's hash covers (exposed for tests and for outside verifiers).
std::string audit_canonical(const AuditEntry& e);

// The row that follows `last` (nullptr: the first row, linked to 64 zeros), hashed.
AuditEntry audit_next(const AuditEntry* last, std::string at, std::string_view actor, std::string_view action,
                      std::string_view detail);

// Walks a chain from its first row: feed rows in seq order while add() returns true (false: this row is
// broken, and verdict() says which and why).
class AuditChainCheck {
public:
    bool add(const AuditEntry& e);
    AuditVerdict verdict() const;

private:
    AuditVerdict v_;
    std::string prev_ = std::string(64, '0');
    std::int64_t expected_seq_ = 1;
};

} // namespace kiosk
