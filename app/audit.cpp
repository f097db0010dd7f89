// Audit chain arithmetic (see audit.hpp for the contract; the SQL is in store_audit.cpp).
#include "audit.hpp"

#include "crypto.hpp"

namespace kiosk {

namespace {
std::string row_hash(const AuditEntry& e) { return sha256_hex(e.prev_hash + audit_canonical(e)); }
}

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

AuditEntry audit_next(const AuditEntry* last, std::string at, std::string_view actor, std::string_view action,
                      std::string_view detail) {
    AuditEntry e;
    e.seq = last ? last->seq + 1 : 1;
    e.prev_hash = last ? last->hash : std::string(64, '0');
    e.at = std::move(at);
    e.actor = actor;
    e.action = action;
    e.detail = detail;
    e.hash = row_hash(e);
    return e;
}

bool AuditChainCheck::add(const AuditEntry& e) {
    ++v_.rows;
    std::string why;
    if (e.seq != expected_seq_) why = "a row is missing before it (expected seq " + std::to_string(expected_seq_) + ")";
    else if (e.prev_hash != prev_) why = "its prev_hash does not match the previous row's hash";
    else if (e.hash != row_hash(e)) why = "its contents do not match its hash (edited)";
    if (!why.empty()) {
        v_.ok = false;
        v_.first_broken = e.seq;
        v_.why = "audit row " + std::to_string(e.seq) + " is broken: " + why;
        return false;
    }
    prev_ = e.hash;
    expected_seq_ = e.seq + 1;
    return true;
}

AuditVerdict AuditChainCheck::verdict() const {
    AuditVerdict v = v_;
    if (v.ok) v.why = "audit chain intact (" + std::to_string(v.rows) + " rows)";
    return v;
}

} // namespace kiosk
