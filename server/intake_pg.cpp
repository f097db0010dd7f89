// The PostgreSQL intake: requests (sealed), heartbeats, export, ID lookup. See intake_pg.hpp.
// [SECTION] Index: tickets · requests · heartbeats and health · export and lookup
#include "server/intake_pg.hpp"

#include "server/intake_shared.hpp"

namespace intake {

using kiosk::make_error;

// [SECTION] tickets
Ticket pg_ticket(const pg::Rows& r, int i) {
    Ticket t;
    t.request_id = r.text(i, 0);
    t.ticket = r.text(i, 1);
    t.category = r.text(i, 2);
    t.service_id = r.text(i, 3);
    t.name_masked = r.text(i, 4);
    t.kiosk_id = r.text(i, 5);
    t.station_id = r.text(i, 6);
    t.created_at = r.text(i, 7);
    t.received_at = r.text(i, 8);
    t.day = r.text(i, 9);
    t.received_ms = r.i64(i, 10);
    t.call_state = r.text(i, 11);
    t.desk_status = r.text(i, 12);
    t.window = static_cast<int>(r.i64(i, 13));
    t.recalls = static_cast<int>(r.i64(i, 14));
    t.called_ms = r.i64(i, 15);
    t.message_zh = r.text(i, 16);
    t.message_en = r.text(i, 17);
    t.reason = r.text(i, 18);
    t.updated_at = r.text(i, 19);
    t.server_ref = r.text(i, 20);
    return t;
}

// [SECTION] requests
Result<StoreOutcome> PgIntakeStore::lookup_in(pg::Conn& c, const std::string& request_id, const std::string& mac) {
    auto q = c.exec("lookup", "SELECT payload_mac, response FROM requests WHERE request_id=$1", {request_id});
    if (!q) return q.error();
    if (q->size() == 0) return StoreOutcome{StoreKind::created, {}};
    return StoreOutcome{q->text(0, 0) == mac ? StoreKind::replay : StoreKind::conflict, q->text(0, 1)};
}

Result<StoreOutcome> PgIntakeStore::lookup(const std::string& request_id, const std::string& payload_sha256) {
    auto c = pool_->take();
    if (!c) return c.error();
    return lookup_in(**c, request_id, lookup_.hmac_hex(payload_sha256));
}

// Inside the caller's transaction. The checks before the INSERT answer the common cases (a replay, a taken
// ticket) without spending a server_ref number; ON CONFLICT DO NOTHING settles the race they cannot see — a
// writer on another instance that has not committed yet: the INSERT waits for it, and if it committed, the
// row it wrote decides (same payload → replay, else conflict; no such id → the ticket was taken).
Result<StoreOutcome> PgIntakeStore::store_in(pg::Conn& c, const NewRecord& r, const kiosk::Bytes& sealed) {
    const RecordColumns col = record_columns(r, lookup_);
    auto existing = lookup_in(c, r.request_id, col.payload_mac);
    if (!existing || !existing->response.empty()) return existing;
    // ORDER BY the ticket index's columns: the one index that fits even before the first ANALYZE (batch_in).
    auto taken = c.exec("ticket check", "SELECT 1 FROM requests WHERE station_id=$1 AND day=$2 AND ticket=$3 "
                                        "ORDER BY station_id, day, ticket LIMIT 1",
                        {r.station_id, col.day, r.ticket});
    if (!taken) return taken.error();
    if (taken->size() > 0) {
        // It may be this very request, committed by another instance between the two reads (each statement
        // sees the latest commits): then it is a replay or a conflict, not a taken ticket.
        auto again = lookup_in(c, r.request_id, col.payload_mac);
        if (!again || !again->response.empty()) return again;
        return StoreOutcome{StoreKind::ticket_taken, {}};
    }

    const std::string compact = today_compact();
    auto n = c.exec("counter", "INSERT INTO day_counters(day, n) VALUES($1, 1) "
                               "ON CONFLICT(day) DO UPDATE SET n = day_counters.n + 1 RETURNING n", {compact});
    if (!n) return n.error();
    const std::string ref = server_ref(prefix_, compact, n->i64(0, 0));
    const std::string received_at = now_rfc3339();
    const std::string response = stored_response(r.request_id, ref, received_at);
    auto ins = c.exec("insert",
                      "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, category, day, "
                      "created_at, name_masked, id_mac, key_id, sealed, payload_mac, server_ref, received_at, "
                      "received_ms, response, updated_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,decode($12,'hex'),"
                      "$13,$14,$15,$16,$17,$18) ON CONFLICT DO NOTHING RETURNING seq",
                      {r.request_id, r.kiosk_id, r.station_id, r.service_id, r.ticket, col.category, col.day,
                       r.created_at, col.name_masked, col.id_mac, data_.key_id(), pg::to_hex(sealed), col.payload_mac,
                       ref, received_at, now_ms(), response, received_at});
    if (!ins) return ins.error();
    if (ins->size() == 0) {
        auto winner = lookup_in(c, r.request_id, col.payload_mac);
        if (!winner || !winner->response.empty()) return winner;
        return StoreOutcome{StoreKind::ticket_taken, {}};
    }
    if (auto st = audit_in(c, "system", "request.received",
                           "request " + r.request_id + " ticket " + r.ticket + " kiosk " + r.kiosk_id, r.request_id);
        !st)
        return st.error();
    return StoreOutcome{StoreKind::created, response};
}

Result<StoreOutcome> PgIntakeStore::store_one(pg::Conn& c, const NewRecord& r, const kiosk::Bytes& sealed) {
    pg::Tx tx(c);
    if (auto st = tx.begin(); !st) return st.error();
    auto out = store_in(c, r, sealed);
    if (!out || out->kind != StoreKind::created) return out;
    // Acknowledged only once committed: a failed COMMIT (the server gone) answers 503, and the kiosk retries.
    if (auto st = tx.commit(); !st) return st.error();
    return out;
}

Status PgIntakeStore::store_batch(const std::vector<NewRecord>& records) {
    std::vector<kiosk::Bytes> sealed;
    for (const auto& r : records) {
        auto s = data_.seal(r.payload, r.request_id);
        if (!s) return s.error();
        sealed.push_back(std::move(*s));
    }
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    for (std::size_t i = 0; i < records.size(); ++i)
        if (auto out = store_in(**c, records[i], sealed[i]); !out) return out.error();
    return tx.commit();
}

// [SECTION] heartbeats and health
Status PgIntakeStore::store_heartbeat(const std::string& kiosk_id, const std::string& body) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto r = (*c)->exec("heartbeat", "INSERT INTO heartbeats(kiosk_id, received_at, body) VALUES($1,$2,$3)",
                        {kiosk_id, now_rfc3339(), body});
    if (!r) return r.error();
    return kiosk::ok_status();
}

Result<long long> PgIntakeStore::heartbeat_count() {
    auto c = pool_->take();
    if (!c) return c.error();
    auto r = (*c)->exec("count", "SELECT count(*) FROM heartbeats");
    if (!r) return r.error();
    return static_cast<long long>(r->i64(0, 0));
}

Status PgIntakeStore::check_writable() {
    auto c = pool_->take();
    if (!c) return c.error();
    auto r = (*c)->exec("health", "INSERT INTO health(k, checked_at) VALUES(1, $1) "
                                  "ON CONFLICT(k) DO UPDATE SET checked_at=excluded.checked_at", {now_rfc3339()});
    if (!r) return r.error();
    return kiosk::ok_status();
}

// [SECTION] export and lookup
Result<std::vector<Row>> PgIntakeStore::rows() {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("list", "SELECT seq, server_ref, received_at, request_id, kiosk_id, station_id, service_id, "
                                "ticket, created_at, encode(sealed, 'hex'), key_id FROM requests ORDER BY seq");
    if (!q) return q.error();
    std::vector<Row> out;
    for (int i = 0; i < q->size(); ++i) {
        Row r;
        r.seq = q->i64(i, 0);
        r.server_ref = q->text(i, 1);
        r.received_at = q->text(i, 2);
        r.request_id = q->text(i, 3);
        r.kiosk_id = q->text(i, 4);
        r.station_id = q->text(i, 5);
        r.service_id = q->text(i, 6);
        r.ticket = q->text(i, 7);
        r.created_at = q->text(i, 8);
        auto plain = data_.open(pg::from_hex(q->text(i, 9)), r.request_id, q->text(i, 10));
        if (!plain) return plain.error();
        r.payload = std::move(*plain);
        out.push_back(std::move(r));
    }
    return out;
}

Result<std::string> PgIntakeStore::payload(const std::string& request_id) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("reading a request", "SELECT encode(sealed, 'hex'), key_id FROM requests WHERE request_id=$1",
                        {request_id});
    if (!q) return q.error();
    if (q->size() == 0) return make_error("desk.not_found", "no such request");
    return data_.open(pg::from_hex(q->text(0, 0)), request_id, q->text(0, 1));
}

Result<std::vector<std::string>> PgIntakeStore::find_by_id_number(const std::string& id_number) {
    auto c = pool_->take();
    if (!c) return c.error();
    auto q = (*c)->exec("lookup by id number", "SELECT request_id FROM requests WHERE id_mac=$1 ORDER BY seq",
                        {lookup_.hmac_hex(upper_ascii(id_number))});
    if (!q) return q.error();
    std::vector<std::string> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(q->text(i, 0));
    return out;
}

} // namespace intake
