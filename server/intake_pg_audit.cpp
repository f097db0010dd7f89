// The PostgreSQL intake: its hash-chained audit log (app/audit), desk accounts and their sessions. See intake_pg.hpp.
// [SECTION] Index: audit · accounts · desk sessions
#include "server/intake_pg.hpp"

#include "server/intake_shared.hpp"

#include <cassert>

namespace intake {

using kiosk::make_error;

namespace {

constexpr const char* kAuditColumns = "seq, at, actor, action, detail, prev_hash, hash";

// Inside the caller's transaction: removing an account or changing its password logs its consoles out.
Status end_sessions_of(pg::Conn& c, const std::string& name) {
    auto r = c.exec("ending the account's desk sessions", "DELETE FROM desk_sessions WHERE name=$1", {name});
    if (!r) return r.error();
    return kiosk::ok_status();
}

kiosk::AuditEntry audit_row(const pg::Rows& r, int i) {
    return kiosk::AuditEntry{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.text(i, 6)};
}

constexpr const char* kAccountColumns = "name, desk_window, serves, encode(salt, 'hex'), encode(hash, 'hex'), "
                                        "iterations, failed, lockouts, locked_until_ms, created_at";

DeskAccount account_row(const pg::Rows& r, int i) {
    DeskAccount a;
    a.name = r.text(i, 0);
    a.window = static_cast<int>(r.i64(i, 1));
    a.serves = split_serves(r.text(i, 2));
    a.salt = pg::from_hex(r.text(i, 3));
    a.hash = pg::from_hex(r.text(i, 4));
    a.iterations = static_cast<int>(r.i64(i, 5));
    a.throttle = {static_cast<int>(r.i64(i, 6)), static_cast<int>(r.i64(i, 7)), r.i64(i, 8)};
    a.created_at = r.text(i, 9);
    return a;
}

} // namespace

// [SECTION] audit
// Transaction-scoped, so appends from every instance line up as one chain. The head is read after the lock
// is granted (its own statement: a statement's snapshot is taken when it starts, before any wait).
Result<std::optional<kiosk::AuditEntry>> PgIntakeStore::audit_head_in(pg::Conn& c) {
    if (auto r = c.exec("taking the audit lock", "SELECT pg_advisory_xact_lock($1)", {kPgAuditLock}); !r) return r.error();
    auto head = c.exec("reading the audit log", std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY seq DESC LIMIT 1");
    if (!head) return head.error();
    if (head->size() == 0) return std::optional<kiosk::AuditEntry>{};
    return std::optional<kiosk::AuditEntry>(audit_row(*head, 0));
}

Status PgIntakeStore::audit_rows_in(pg::Conn& c, const std::vector<kiosk::AuditEntry>& rows,
                                    const std::vector<std::string>& subjects) {
    std::vector<std::string> seq, at, actor, action, detail, prev, hash;
    for (const auto& e : rows) {
        seq.push_back(std::to_string(e.seq));
        at.push_back(e.at);
        actor.push_back(e.actor);
        action.push_back(e.action);
        detail.push_back(e.detail);
        prev.push_back(e.prev_hash);
        hash.push_back(e.hash);
    }
    auto ins = c.exec("writing the audit log",
                      "INSERT INTO audit(seq, at, actor, action, detail, subject, prev_hash, hash) SELECT * FROM "
                      "unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])",
                      {pg::array_literal(seq), pg::array_literal(at), pg::array_literal(actor), pg::array_literal(action),
                       pg::array_literal(detail), pg::array_literal(subjects), pg::array_literal(prev), pg::array_literal(hash)});
    if (!ins) return ins.error();
    return kiosk::ok_status();
}

// Inside the caller's transaction, so the audit row commits (or rolls back) with the action it records.
Status PgIntakeStore::audit_in(pg::Conn& c, const std::string& actor, const std::string& action,
                               const std::string& detail, const std::string& subject) {
    assert(!actor.empty() && !action.empty() && "audit rows need an actor and an action");
    auto last = audit_head_in(c);
    if (!last) return last.error();
    const auto e = kiosk::audit_next(*last ? &**last : nullptr, now_rfc3339(), actor, action, detail);
    return audit_rows_in(c, {e}, {subject});
}

Status PgIntakeStore::append_audit(const std::string& actor, const std::string& action, const std::string& detail,
                                   const std::string& subject) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    if (auto st = audit_in(**c, actor, action, detail, subject); !st) return st;
    return tx.commit();
}

Result<kiosk::AuditVerdict> PgIntakeStore::verify_audit() {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading the audit log", std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY seq");
    if (!q) return q.error();
    kiosk::AuditChainCheck chain;
    for (int i = 0; i < q->size(); ++i)
        if (!chain.add(audit_row(*q, i))) return chain.verdict();
    return chain.verdict();
}

Result<std::vector<kiosk::AuditEntry>> PgIntakeStore::list_audit(int limit) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading the audit log",
                        std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY seq DESC LIMIT $1", {limit});
    if (!q) return q.error();
    std::vector<kiosk::AuditEntry> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(audit_row(*q, i));
    return out;
}

Result<std::vector<HistoryItem>> PgIntakeStore::history(const std::string& request_id) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading the history", "SELECT at, actor, action FROM audit WHERE subject=$1 ORDER BY seq",
                        {request_id});
    if (!q) return q.error();
    std::vector<HistoryItem> out;
    for (int i = 0; i < q->size(); ++i) out.push_back({q->text(i, 0), q->text(i, 1), q->text(i, 2)});
    return out;
}

// [SECTION] accounts
Status PgIntakeStore::add_account(const DeskAccount& a, const std::string& actor) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    auto ins = (*c)->exec("adding a desk account",
                          "INSERT INTO desk_accounts(name, desk_window, serves, salt, hash, iterations, created_at) "
                          "VALUES($1,$2,$3,decode($4,'hex'),decode($5,'hex'),$6,$7) ON CONFLICT(name) DO NOTHING",
                          {a.name, a.window, join_serves(a.serves), pg::to_hex(a.salt), pg::to_hex(a.hash),
                           a.iterations, now_rfc3339()});
    if (!ins) return ins.error();
    if (ins->affected() == 0) return make_error("desk.exists", "a desk account named '" + a.name + "' exists already");
    if (auto st = audit_in(**c, actor, "desk.account_add",
                           "account " + a.name + " window " + std::to_string(a.window) + " serves " +
                               (a.serves.empty() ? std::string("all") : join_serves(a.serves)),
                           "");
        !st)
        return st;
    return tx.commit();
}

Status PgIntakeStore::remove_account(const std::string& name, const std::string& actor) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    auto del = (*c)->exec("removing a desk account", "DELETE FROM desk_accounts WHERE name=$1", {name});
    if (!del) return del.error();
    if (del->affected() == 0) return make_error("desk.unknown", "no desk account named '" + name + "'");
    if (auto st = end_sessions_of(**c, name); !st) return st;
    if (auto st = audit_in(**c, actor, "desk.account_remove", "account " + name, ""); !st) return st;
    return tx.commit();
}

Status PgIntakeStore::set_password(const std::string& name, const std::vector<std::uint8_t>& salt,
                                   const std::vector<std::uint8_t>& hash, int iterations, const std::string& actor) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    auto up = (*c)->exec("changing a password",
                         "UPDATE desk_accounts SET salt=decode($1,'hex'), hash=decode($2,'hex'), iterations=$3, "
                         "failed=0, lockouts=0, locked_until_ms=0 WHERE name=$4",
                         {pg::to_hex(salt), pg::to_hex(hash), iterations, name});
    if (!up) return up.error();
    if (up->affected() == 0) return make_error("desk.unknown", "no desk account named '" + name + "'");
    if (auto st = end_sessions_of(**c, name); !st) return st;   // a changed password logs every console out
    if (auto st = audit_in(**c, actor, "desk.password", "account " + name, ""); !st) return st;
    return tx.commit();
}

Result<std::vector<DeskAccount>> PgIntakeStore::accounts() {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("listing desk accounts", std::string("SELECT ") + kAccountColumns + " FROM desk_accounts ORDER BY name");
    if (!q) return q.error();
    std::vector<DeskAccount> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(account_row(*q, i));
    return out;
}

Result<std::optional<DeskAccount>> PgIntakeStore::account(const std::string& name) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading a desk account",
                        std::string("SELECT ") + kAccountColumns + " FROM desk_accounts WHERE name=$1", {name});
    if (!q) return q.error();
    if (q->size() == 0) return std::optional<DeskAccount>{};
    return std::optional<DeskAccount>(account_row(*q, 0));
}

Status PgIntakeStore::write_throttle(const std::string& name, const LoginThrottle& t) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto up = (*c)->exec("writing a login throttle",
                         "UPDATE desk_accounts SET failed=$1, lockouts=$2, locked_until_ms=$3 WHERE name=$4",
                         {t.failed, t.lockouts, t.locked_until_ms, name});
    if (!up) return up.error();
    return kiosk::ok_status();
}

// [SECTION] desk sessions
Status PgIntakeStore::add_desk_session(const StoredDeskSession& s, std::int64_t expire_before_ms) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    if (auto r = (*c)->exec("dropping expired desk sessions", "DELETE FROM desk_sessions WHERE last_used_ms < $1",
                            {expire_before_ms});
        !r)
        return r.error();
    if (auto r = (*c)->exec("saving a desk session",
                            "INSERT INTO desk_sessions(token_hash, csrf, name, created_ms, last_used_ms) "
                            "VALUES($1,$2,$3,$4,$5)",
                            {s.token_hash, s.csrf, s.name, s.created_ms, s.last_used_ms});
        !r)
        return r.error();
    return tx.commit();
}

Result<std::optional<StoredDeskSession>> PgIntakeStore::desk_session(const std::string& token_hash) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading a desk session",
                        "SELECT token_hash, csrf, name, created_ms, last_used_ms FROM desk_sessions WHERE token_hash=$1",
                        {token_hash});
    if (!q) return q.error();
    if (q->size() == 0) return std::optional<StoredDeskSession>{};
    return std::optional<StoredDeskSession>(
        StoredDeskSession{q->text(0, 0), q->text(0, 1), q->text(0, 2), q->i64(0, 3), q->i64(0, 4)});
}

Status PgIntakeStore::touch_desk_session(const std::string& token_hash, std::int64_t now_ms) {
    auto c = pool_->take();
    if (!c) return c.error();
    // GREATEST: two instances renewing at once never move the last use back.
    auto up = (*c)->exec("renewing a desk session",
                         "UPDATE desk_sessions SET last_used_ms=GREATEST(last_used_ms, $1) WHERE token_hash=$2",
                         {now_ms, token_hash});
    if (!up) return up.error();
    return kiosk::ok_status();
}

Status PgIntakeStore::end_desk_session(const std::string& token_hash) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto del = (*c)->exec("ending a desk session", "DELETE FROM desk_sessions WHERE token_hash=$1", {token_hash});
    if (!del) return del.error();
    return kiosk::ok_status();
}

} // namespace intake
