// Store: a resident's submit (request + outbox + ticket number in ONE transaction) and ratings.
#include "store.hpp"

#include "store_sql.hpp"

#include <cstdio>

namespace kiosk {

namespace {

// Prefixes come from the catalog's categories; the check keeps tickets short and printable.
bool valid_prefix(const std::string& p) {
    if (p.empty() || p.size() > 2) return false;
    for (char c : p)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

std::string format_ticket(const std::string& prefix, std::int64_t seq) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%03lld", static_cast<long long>(seq));   // A001 … A999, then A1000
    return prefix + buf;
}

} // namespace

Result<SubmittedRequest> Store::submit(const NewRequest& req, WallTime now) {
    if (!valid_prefix(req.ticket_prefix))
        return make_error("store.invalid", "ticket_prefix must be 1 or 2 capital letters (from the catalog category)");
    if (req.service_id.empty()) return make_error("store.invalid", "service_id is empty");

    SubmittedRequest out;
    out.request_id = new_uuid_v4();
    out.created_at = sql::rfc3339_local(now);
    const std::string day = sql::local_day(now);
    const std::int64_t now_ms = sql::to_ms(now);

    // Encrypt before taking the lock: the transaction then holds the write lock only for the inserts.
    std::string doc = pii_to_json(req);
    auto sealed = keys_.seal(doc, out.request_id);
    wipe(doc);
    if (!sealed) return sealed.error();

    std::lock_guard lock(mu_);
    sql::Tx tx(*stmts_);
    if (!tx.begun()) return tx.begun().error();

    // Per-day, per-prefix counter: the upsert is atomic inside the transaction, so two kiosks processes
    // (or threads) can never hand out the same number.
    sql::Stmt seq(*stmts_, "INSERT INTO tickets(day, prefix, last_seq) VALUES(?, ?, 1) "
                       "ON CONFLICT(day, prefix) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
    seq.bind(1, day).bind(2, req.ticket_prefix);
    int rc = seq.step();
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "numbering the ticket");
    out.ticket = format_ticket(req.ticket_prefix + ticket_mark_, seq.i64(0));
    if (auto st = seq.run("numbering the ticket"); !st) return st.error();

    sql::Stmt ins(*stmts_, "INSERT INTO requests(id, ticket, service_id, category_id, catalog_version, locale, created_at, "
                       "created_ms, created_day, state, key_id, pii) VALUES(?,?,?,?,?,?,?,?,?, 'queued', ?, ?)");
    ins.bind(1, out.request_id).bind(2, out.ticket).bind(3, req.service_id).bind(4, req.category_id)
        .bind(5, req.catalog_version).bind(6, locale_tag(req.locale)).bind(7, out.created_at).bind(8, now_ms)
        .bind(9, day).bind(10, keys_.key_id()).bind_blob(11, *sealed);
    if (auto st = ins.run("saving the request"); !st) return st.error();

    sql::Stmt box(*stmts_, "INSERT INTO outbox(request_id, attempts, next_attempt_at) VALUES(?, 0, ?)");
    box.bind(1, out.request_id).bind(2, now_ms);
    if (auto st = box.run("queueing the request for upload"); !st) return st.error();

    if (auto st = tx.commit(); !st) return st.error();
    return out;
}

Status Store::rate(const std::string& request_id, const std::string& service_id, int stars, WallTime now) {
    if (stars < 1 || stars > 5) return make_error("store.invalid", "stars must be 1 to 5");
    std::lock_guard lock(mu_);
    // OR IGNORE: the rating screen may be tapped twice; the first answer counts.
    sql::Stmt ins(*stmts_, "INSERT OR IGNORE INTO ratings(request_id, service_id, stars, at) VALUES(?,?,?,?)");
    ins.bind(1, request_id).bind(2, service_id).bind(3, stars).bind(4, sql::to_ms(now));
    return ins.run("saving the rating");
}

Result<std::vector<Store::DayRatings>> Store::ratings_by_day(const std::string& since_day) {
    std::lock_guard lock(mu_);
    // `at` is Unix ms; the day is the kiosk's local day, as tickets count it.
    sql::Stmt q(*stmts_, "SELECT date(at / 1000, 'unixepoch', 'localtime') AS d, count(*), sum(stars) FROM ratings "
                         "WHERE d >= ? GROUP BY d ORDER BY d");
    q.bind(1, since_day);
    std::vector<DayRatings> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.i64(1), q.i64(2)});
    if (rc != SQLITE_DONE) return sql::error(db_, rc, "reading the ratings");
    return out;
}

} // namespace kiosk
