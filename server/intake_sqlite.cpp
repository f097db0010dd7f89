// The SQLite intake: requests (sealed), heartbeats, export, ID lookup. See intake_sqlite.hpp.
// [SECTION] Index: helpers · lifecycle · requests · heartbeats and health · export and lookup
#include "server/intake_sqlite.hpp"

#include "server/intake_shared.hpp"

#include "app/local_time.hpp"
#include "app/mask.hpp"
#include "app/store_sql.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace intake {

using kiosk::make_error;
using kiosk::sql::Stmt;
using kiosk::sql::Tx;

// [SECTION] helpers
namespace {

kiosk::Error db_error(sqlite3* db, const char* what) {
    return make_error("intake.db", std::string(what) + ": " + sqlite3_errmsg(db));
}

} // namespace

Ticket read_ticket(const Stmt& q) {
    Ticket t;
    t.request_id = q.text(0);
    t.ticket = q.text(1);
    t.category = q.text(2);
    t.service_id = q.text(3);
    t.name_masked = q.text(4);
    t.kiosk_id = q.text(5);
    t.station_id = q.text(6);
    t.created_at = q.text(7);
    t.received_at = q.text(8);
    t.day = q.text(9);
    t.received_ms = q.i64(10);
    t.call_state = q.text(11);
    t.desk_status = q.text(12);
    t.window = static_cast<int>(q.i64(13));
    t.recalls = static_cast<int>(q.i64(14));
    t.called_ms = q.i64(15);
    t.message_zh = q.text(16);
    t.message_en = q.text(17);
    t.reason = q.text(18);
    t.updated_at = q.text(19);
    t.server_ref = q.text(20);
    return t;
}

// [SECTION] lifecycle
SqliteIntakeStore::SqliteIntakeStore(sqlite3* db, kiosk::KeyRing data, kiosk::KeyRing lookup, std::string prefix)
    : db_(db), data_(std::move(data)), lookup_(std::move(lookup)), prefix_(std::move(prefix)) {}

SqliteIntakeStore::~SqliteIntakeStore() { sqlite3_close_v2(db_); }

// [SECTION] requests
Result<StoreOutcome> SqliteIntakeStore::lookup_locked(const std::string& request_id, const std::string& mac) {
    Stmt q(db_, "SELECT payload_mac, response FROM requests WHERE request_id=?");
    if (!q.prepared()) return db_error(db_, "lookup");
    q.bind(1, request_id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return StoreOutcome{StoreKind::created, {}};
    if (rc != SQLITE_ROW) return db_error(db_, "lookup");
    return StoreOutcome{q.text(0) == mac ? StoreKind::replay : StoreKind::conflict, q.text(1)};
}

Result<StoreOutcome> SqliteIntakeStore::lookup(const std::string& request_id, const std::string& payload_sha256) {
    std::lock_guard lock(mu_);
    return lookup_locked(request_id, lookup_.hmac_hex(payload_sha256));
}

Result<StoreOutcome> SqliteIntakeStore::store(const NewRecord& r) {
    // Seal before taking the lock: the transaction then holds the write lock only for the inserts.
    auto sealed = data_.seal(r.payload, r.request_id);
    if (!sealed) return sealed.error();
    std::lock_guard lock(mu_);
    Tx txn(db_);
    if (!txn.begun()) return db_error(db_, "begin");
    auto out = store_locked(r, *sealed);
    if (!out || out->kind != StoreKind::created) return out;
    if (!txn.commit()) return db_error(db_, "commit");
    return out;
}

Status SqliteIntakeStore::store_batch(const std::vector<NewRecord>& records) {
    std::vector<kiosk::Bytes> sealed;
    for (const auto& r : records) {
        auto s = data_.seal(r.payload, r.request_id);
        if (!s) return s.error();
        sealed.push_back(std::move(*s));
    }
    std::lock_guard lock(mu_);
    Tx txn(db_);
    if (!txn.begun()) return txn.begun();
    for (std::size_t i = 0; i < records.size(); ++i)
        if (auto out = store_locked(records[i], sealed[i]); !out) return out.error();
    return txn.commit();
}

// Inside the caller's transaction. A known id answers as lookup(); a taken ticket is refused.
Result<StoreOutcome> SqliteIntakeStore::store_locked(const NewRecord& r, const kiosk::Bytes& sealed) {
    const RecordColumns c = record_columns(r, lookup_);
    const std::string& mac = c.payload_mac;
    const std::string& day = c.day;
    auto existing = lookup_locked(r.request_id, mac);
    if (!existing) return existing;
    if (!existing->response.empty()) return existing;
    {   // Tickets are unique per station and day: a second request with this ticket is refused, never merged.
        Stmt q(db_, "SELECT 1 FROM requests WHERE station_id=? AND day=? AND ticket=? LIMIT 1");
        q.bind(1, r.station_id).bind(2, day).bind(3, r.ticket);
        const int rc = q.step();
        if (rc == SQLITE_ROW) return StoreOutcome{StoreKind::ticket_taken, {}};
        if (rc != SQLITE_DONE) return db_error(db_, "ticket check");
    }

    const std::string compact = today_compact();
    Stmt bump(db_, "INSERT INTO day_counters(day, n) VALUES(?, 1) "
                   "ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n");
    if (!bump.prepared()) return db_error(db_, "counter");
    bump.bind(1, compact);
    if (bump.step() != SQLITE_ROW) return db_error(db_, "counter");
    const std::int64_t n = bump.i64(0);
    bump.step();   // run RETURNING to completion: an unfinished write statement would block COMMIT
    const std::string ref = server_ref(prefix_, compact, n);
    const std::string received_at = now_rfc3339();
    const std::string response = stored_response(r.request_id, ref, received_at);

    Stmt ins(db_, "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, category, day, created_at, "
                  "name_masked, id_mac, key_id, sealed, payload_mac, server_ref, received_at, received_ms, response, "
                  "updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins.prepared()) return db_error(db_, "insert");
    ins.bind(1, r.request_id).bind(2, r.kiosk_id).bind(3, r.station_id).bind(4, r.service_id).bind(5, r.ticket)
        .bind(6, c.category).bind(7, day).bind(8, r.created_at).bind(9, c.name_masked).bind(10, c.id_mac)
        .bind(11, data_.key_id()).bind_blob(12, sealed).bind(13, mac).bind(14, ref).bind(15, received_at)
        .bind(16, now_ms()).bind(17, response).bind(18, received_at);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "insert");
    if (auto st = audit_locked("system", "request.received", "request " + r.request_id + " ticket " + r.ticket +
                                                                 " kiosk " + r.kiosk_id, r.request_id); !st)
        return st.error();
    return StoreOutcome{StoreKind::created, response};
}

// [SECTION] heartbeats and health
Status SqliteIntakeStore::store_heartbeat(const std::string& kiosk_id, const std::string& body) {
    std::lock_guard lock(mu_);
    Stmt ins(db_, "INSERT INTO heartbeats(kiosk_id, received_at, body) VALUES(?,?,?)");
    if (!ins.prepared()) return db_error(db_, "heartbeat");
    ins.bind(1, kiosk_id).bind(2, now_rfc3339()).bind(3, body);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "heartbeat");
    return kiosk::ok_status();
}

Result<long long> SqliteIntakeStore::heartbeat_count() {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT count(*) FROM heartbeats");
    if (!q.prepared() || q.step() != SQLITE_ROW) return db_error(db_, "count");
    return q.i64(0);
}

Status SqliteIntakeStore::check_writable() {
    std::lock_guard lock(mu_);
    Stmt up(db_, "INSERT INTO health(k, checked_at) VALUES(1, ?) ON CONFLICT(k) DO UPDATE SET checked_at=excluded.checked_at");
    if (!up.prepared()) return db_error(db_, "health");
    up.bind(1, now_rfc3339());
    if (up.step() != SQLITE_DONE) return db_error(db_, "health");
    return kiosk::ok_status();
}

// [SECTION] export and lookup
Result<std::vector<Row>> SqliteIntakeStore::rows() {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT seq, server_ref, received_at, request_id, kiosk_id, station_id, service_id, ticket, "
                "created_at, sealed, key_id FROM requests ORDER BY seq");
    if (!q.prepared()) return db_error(db_, "list");
    std::vector<Row> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        Row r;
        r.seq = q.i64(0);
        r.server_ref = q.text(1);
        r.received_at = q.text(2);
        r.request_id = q.text(3);
        r.kiosk_id = q.text(4);
        r.station_id = q.text(5);
        r.service_id = q.text(6);
        r.ticket = q.text(7);
        r.created_at = q.text(8);
        auto plain = data_.open(q.blob(9), r.request_id, q.text(10));
        if (!plain) return plain.error();
        r.payload = std::move(*plain);
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return db_error(db_, "list");
    return out;
}

Result<std::string> SqliteIntakeStore::payload(const std::string& request_id) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT sealed, key_id FROM requests WHERE request_id=?");
    q.bind(1, request_id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return make_error("desk.not_found", "no such request");
    if (rc != SQLITE_ROW) return db_error(db_, "reading a request");
    return data_.open(q.blob(0), request_id, q.text(1));
}

Result<std::vector<std::string>> SqliteIntakeStore::find_by_id_number(const std::string& id_number) {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT request_id FROM requests WHERE id_mac=? ORDER BY seq");
    q.bind(1, lookup_.hmac_hex(upper_ascii(id_number)));
    std::vector<std::string> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(q.text(0));
    if (rc != SQLITE_DONE) return db_error(db_, "lookup by id number");
    return out;
}

} // namespace intake
