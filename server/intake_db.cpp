// Intake database: schema, idempotent insert, heartbeats, rows for export. See intake_db.hpp.
// [SECTION] Index: helpers · open · requests · heartbeats · export
#include "server/intake_db.hpp"

#include "app/local_time.hpp"
#include "app/store_sql.hpp"

#include <cstdio>
#include <ctime>

namespace intake {

using kiosk::make_error;

// [SECTION] helpers
namespace {

kiosk::Error db_error(sqlite3* db, const char* what) {
    return make_error("intake.db", std::string(what) + ": " + sqlite3_errmsg(db));
}

// The core's RAII statements and transactions (app/store_sql.hpp); errors keep the intake's own code
// ("intake.db" with SQLite's message), which its callers and tests rely on.
bool exec(sqlite3* db, const char* sql) { return kiosk::sql::exec(db, sql, "preparing the database").ok(); }
using kiosk::sql::Stmt;
using kiosk::sql::Tx;

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS requests(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL, station_id TEXT NOT NULL, service_id TEXT NOT NULL,
  ticket TEXT NOT NULL, created_at TEXT NOT NULL,
  payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
  server_ref TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, response TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS day_counters(day TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats(
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS health(k INTEGER PRIMARY KEY, checked_at TEXT NOT NULL);
)";

std::tm local_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

} // namespace

std::string now_rfc3339() { return kiosk::rfc3339_local(std::chrono::system_clock::now()); }

std::string today_compact() {
    std::tm tm = local_now();
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}

// [SECTION] open
Result<std::unique_ptr<IntakeDb>> IntakeDb::open(const std::filesystem::path& path, std::string ref_prefix) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        auto e = make_error("intake.db", "cannot open " + path.string() + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close(db);
        return e;
    }
    // busy_timeout before journal_mode: switching to WAL needs the lock another process may hold.
    sqlite3_busy_timeout(db, 5000);
    if (!exec(db, "PRAGMA journal_mode=WAL") || !exec(db, "PRAGMA synchronous=FULL") || !exec(db, kSchema)) {
        auto e = db_error(db, "cannot prepare the database");
        sqlite3_close(db);
        return e;
    }
    return std::unique_ptr<IntakeDb>(new IntakeDb(db, std::move(ref_prefix)));
}

IntakeDb::~IntakeDb() { sqlite3_close(db_); }

// [SECTION] requests
Result<StoreOutcome> IntakeDb::lookup_locked(const std::string& request_id, const std::string& sha) {
    Stmt q(db_, "SELECT payload_sha256, response FROM requests WHERE request_id=?");
    if (!q.prepared()) return db_error(db_, "lookup");
    q.bind(1, request_id);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return StoreOutcome{StoreKind::created, {}};
    if (rc != SQLITE_ROW) return db_error(db_, "lookup");
    return StoreOutcome{q.text(0) == sha ? StoreKind::replay : StoreKind::conflict, q.text(1)};
}

Result<StoreOutcome> IntakeDb::lookup(const std::string& request_id, const std::string& sha) {
    std::lock_guard lock(mu_);
    return lookup_locked(request_id, sha);
}

Result<StoreOutcome> IntakeDb::store(const NewRecord& r) {
    std::lock_guard lock(mu_);
    Tx txn(db_);
    if (!txn.begun()) return db_error(db_, "begin");
    auto existing = lookup_locked(r.request_id, r.payload_sha256);
    if (!existing) return existing;
    if (!existing->response.empty()) return existing;

    const std::string day = today_compact();
    Stmt bump(db_, "INSERT INTO day_counters(day, n) VALUES(?, 1) "
                   "ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n");
    if (!bump.prepared()) return db_error(db_, "counter");
    bump.bind(1, day);
    if (bump.step() != SQLITE_ROW) return db_error(db_, "counter");
    char seq[24];
    std::snprintf(seq, sizeof seq, "%06lld", static_cast<long long>(bump.i64(0)));
    bump.step();   // run RETURNING to completion: an unfinished write statement would block COMMIT
    const std::string server_ref = prefix_ + "-" + day + "-" + seq;
    const std::string received_at = now_rfc3339();
    // Built by hand, not by a JSON library, only because the three values are known-safe ASCII.
    const std::string response = R"({"request_id":")" + r.request_id + R"(","server_ref":")" + server_ref +
                                 R"(","received_at":")" + received_at + R"("})";

    Stmt ins(db_, "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, created_at, "
                  "payload, payload_sha256, server_ref, received_at, response) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins.prepared()) return db_error(db_, "insert");
    ins.bind(1, r.request_id).bind(2, r.kiosk_id).bind(3, r.station_id).bind(4, r.service_id).bind(5, r.ticket)
        .bind(6, r.created_at).bind(7, r.payload).bind(8, r.payload_sha256).bind(9, server_ref)
        .bind(10, received_at).bind(11, response);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "insert");
    if (!txn.commit()) return db_error(db_, "commit");
    return StoreOutcome{StoreKind::created, response};
}

// [SECTION] heartbeats and health
Status IntakeDb::store_heartbeat(const std::string& kiosk_id, const std::string& body) {
    std::lock_guard lock(mu_);
    Stmt ins(db_, "INSERT INTO heartbeats(kiosk_id, received_at, body) VALUES(?,?,?)");
    if (!ins.prepared()) return db_error(db_, "heartbeat");
    ins.bind(1, kiosk_id).bind(2, now_rfc3339()).bind(3, body);
    if (ins.step() != SQLITE_DONE) return db_error(db_, "heartbeat");
    return kiosk::ok_status();
}

Status IntakeDb::check_writable() {
    std::lock_guard lock(mu_);
    Stmt up(db_, "INSERT INTO health(k, checked_at) VALUES(1, ?) ON CONFLICT(k) DO UPDATE SET checked_at=excluded.checked_at");
    if (!up.prepared()) return db_error(db_, "health");
    up.bind(1, now_rfc3339());
    if (up.step() != SQLITE_DONE) return db_error(db_, "health");
    return kiosk::ok_status();
}

// [SECTION] export
Result<std::vector<Row>> IntakeDb::rows() {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT seq, server_ref, received_at, request_id, kiosk_id, station_id, service_id, ticket, "
                "created_at, payload FROM requests ORDER BY seq");
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
        r.payload = q.text(9);
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return db_error(db_, "list");
    return out;
}

Result<long long> IntakeDb::heartbeat_count() {
    std::lock_guard lock(mu_);
    Stmt q(db_, "SELECT count(*) FROM heartbeats");
    if (!q.prepared() || q.step() != SQLITE_ROW) return db_error(db_, "count");
    return q.i64(0);
}

} // namespace intake
