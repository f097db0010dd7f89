// Intake storage v2: sealed payloads, the ID-number MAC, the v1 → v2 migration, ticket collisions, keys,
// and the audit chain's verify.
#include "server_harness.hpp"

#include "app/crypto.hpp"
#include "server/intake_sqlite.hpp"
#include "server/intake_store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

using namespace svtest;

namespace {

intake::NewRecord record(const std::string& ticket, const std::string& id_number = "11010519491231002X",
                         const std::string& station = "qingshan-qinghe") {
    intake::NewRecord r;
    r.request_id = kiosk::new_uuid_v4();
    r.kiosk_id = "QS-QHJ-01";
    r.station_id = station;
    r.service_id = "cert.no-criminal-record";
    r.ticket = ticket;
    r.created_at = "2026-12-02T09:30:05+08:00";
    r.name = "张三丰";
    r.id_number = id_number;
    r.payload = R"({"applicant":{"name":"张三丰","id_number":")" + id_number + R"(","phone":"13800138000"},"n":")" +
                r.request_id + "\"}";
    r.payload_sha256 = kiosk::sha256_hex(r.payload);
    return r;
}

// Every byte of the database and its WAL, as one string.
std::string raw_bytes(const fs::path& db) {
    std::string all;
    for (const char* suffix : {"", "-wal", "-shm"}) all += uptest::read_file(db.string() + suffix);
    return all;
}

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << " -> " << (err ? err : "ok"));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
}

} // namespace

TEST_CASE("intake storage: the ID number, name and phone never reach the file — listing decrypts nothing", "[sqlite]") {
    uptest::TempDir dir("storage");
    const fs::path db = dir.path / "intake.db";
    {
        auto s = intake::open_intake_store(db.string());
        REQUIRE(s);
        for (int i = 0; i < 5; ++i) REQUIRE((*s)->store(record("A00" + std::to_string(i)))->kind == intake::StoreKind::created);
        auto t = (*s)->tickets("qingshan-qinghe", "2026-12-02");
        REQUIRE(t);
        REQUIRE(t->size() == 5);
        CHECK(t->front().name_masked == "张*丰");
        CHECK(t->front().category == "A");
        const std::string all = raw_bytes(db);
        CHECK(all.find("11010519491231002X") == std::string::npos);
        CHECK(all.find("13800138000") == std::string::npos);
        CHECK(all.find("张三丰") == std::string::npos);
        // Export decrypts: the data is all there.
        auto rows = (*s)->rows();
        REQUIRE(rows);
        CHECK(rows->at(0).payload.find("11010519491231002X") != std::string::npos);
    }
    // The keys are files of their own, 0600, beside the database.
    for (const char* k : {"intake-data.key", "intake-lookup.key"}) {
        const auto perms = fs::status(dir.path / k).permissions();
        CHECK((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    }
}

TEST_CASE("intake storage: lookup by ID number goes through the keyed MAC") {
    TestDb db;
    auto s = db.open();
    REQUIRE(s);
    auto a = record("A001", "11010519491231002X"), b = record("A002", "110105194912310037"), c = record("A003", "11010519491231002X");
    for (auto* r : {&a, &b, &c}) REQUIRE((*s)->store(*r));
    auto found = (*s)->find_by_id_number("11010519491231002x");   // case of the X does not matter
    REQUIRE(found);
    CHECK(*found == std::vector<std::string>{a.request_id, c.request_id});
    CHECK((*s)->find_by_id_number("000000000000000000")->empty());
    if (db.pg()) return;   // the raw column check below reads the SQLite file
    // The column holds a MAC under the lookup key, not a plain hash of the number.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.spec().c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "SELECT id_mac FROM requests LIMIT 1", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::string mac = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(raw);
    CHECK(mac.size() == 64);
    CHECK(mac != kiosk::sha256_hex("11010519491231002X"));
}

TEST_CASE("intake storage: a second request with a taken ticket is refused, never merged") {
    TestDb db;
    auto s = db.open();
    REQUIRE(s);
    auto first = record("A1023");
    REQUIRE((*s)->store(first)->kind == intake::StoreKind::created);
    CHECK((*s)->store(record("A1023"))->kind == intake::StoreKind::ticket_taken);
    CHECK((*s)->store(first)->kind == intake::StoreKind::replay);               // the same request again: fine
    CHECK((*s)->store(record("A2023"))->kind == intake::StoreKind::created);    // another kiosk's mark
    CHECK((*s)->store(record("A1023", "110105194912310037", "xinyuan"))->kind == intake::StoreKind::created);
    CHECK((*s)->rows()->size() == 3);
}

TEST_CASE("intake storage: migrates a v1 database (plain payloads) keeping every request, sealed", "[sqlite]") {
    uptest::TempDir dir("storage-v1");
    const fs::path db = dir.path / "intake.db";
    {   // The v1 schema and insert exactly as server/intake_db.cpp wrote them (commit 0a73b49).
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        exec(raw, "PRAGMA journal_mode=WAL");
        exec(raw, R"(
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
)");
        for (int i = 1; i <= 3; ++i) {
            const std::string id = "0b7c3f1e-8a2d-4c5e-9f10-00000000000" + std::to_string(i);
            const std::string payload = R"({"applicant":{"id_number":"11010519491231002X","name":"李四","phone":"13800138000"},"request_id":")" + id + "\"}";
            exec(raw, "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, created_at, payload, "
                      "payload_sha256, server_ref, received_at, response) VALUES('" + id + "','QS-QHJ-01','qingshan-qinghe',"
                      "'cert.no-criminal-record','A00" + std::to_string(i) + "','2026-11-28T21:30:05+08:00','" + payload + "','" +
                      kiosk::sha256_hex(payload) + "','QH-20261128-00000" + std::to_string(i) + "','2026-11-28T21:31:00+08:00',"
                      "'{\"request_id\":\"" + id + "\"}')");
        }
        exec(raw, "INSERT INTO heartbeats(kiosk_id, received_at, body) VALUES('QS-QHJ-01','2026-11-28T21:31:00+08:00','{}')");
        sqlite3_close(raw);
        REQUIRE(raw_bytes(db).find("11010519491231002X") != std::string::npos);   // the test would prove nothing otherwise
    }
    auto s = intake::open_intake_store(db.string());
    REQUIRE(s);
    auto rows = (*s)->rows();
    REQUIRE(rows);
    REQUIRE(rows->size() == 3);
    CHECK(rows->at(1).ticket == "A002");
    CHECK(rows->at(1).server_ref == "QH-20261128-000002");
    CHECK(rows->at(1).payload.find("11010519491231002X") != std::string::npos);
    CHECK(*(*s)->heartbeat_count() == 1);
    CHECK((*s)->find_by_id_number("11010519491231002X")->size() == 3);
    // A replay of a migrated request is still recognised by its payload hash.
    const std::string p1 = rows->at(0).payload;
    CHECK((*s)->lookup(rows->at(0).request_id, kiosk::sha256_hex(p1))->kind == intake::StoreKind::replay);
    CHECK((*s)->tickets("qingshan-qinghe", "2026-11-28")->at(0).name_masked == "李*");
    s->reset();
    CHECK(raw_bytes(db).find("11010519491231002X") == std::string::npos);
    CHECK(raw_bytes(db).find("13800138000") == std::string::npos);
    // Opening again is a no-op (the current user_version).
    auto again = intake::open_intake_store(db.string());
    REQUIRE(again);
    CHECK((*again)->rows()->size() == 3);
}

TEST_CASE("intake storage: a v2 database (before the desk sessions) gets the sessions' table, keeping everything", "[sqlite]") {
    uptest::TempDir dir("storage-v2");
    const fs::path db = dir.path / "intake.db";
    {
        auto s = intake::open_intake_store(db.string());
        REQUIRE(s);
        REQUIRE((*s)->store(record("A001")));
    }
    {   // back to what a v2 kiosk-intake left: no desk_sessions, user_version 2
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        exec(raw, "DROP TABLE desk_sessions; PRAGMA user_version=2;");
        sqlite3_close(raw);
    }
    auto s = intake::open_intake_store(db.string());
    REQUIRE(s);
    CHECK((*s)->rows()->size() == 1);
    REQUIRE((*s)->add_desk_session({"h", "c", "li", 1, 1}, 0));
    auto found = (*s)->desk_session("h");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->name == "li");
    s->reset();
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) == intake::SqliteIntakeStore::kSchemaVersion);
    sqlite3_finalize(q);
    sqlite3_close(raw);
}

TEST_CASE("intake storage: a missing key beside sealed requests is refused, nothing changed", "[sqlite]") {
    uptest::TempDir dir("storage-key");
    const fs::path db = dir.path / "intake.db";
    {
        auto s = intake::open_intake_store(db.string());
        REQUIRE(s);
        REQUIRE((*s)->store(record("A001")));
    }
    fs::remove(dir.path / "intake-data.key");
    const auto before = fs::file_size(db);
    auto s = intake::open_intake_store(db.string());
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "key.missing");
    CHECK(s.error().message.find("intake-data.key") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "intake-data.key"));   // no new key was made
    CHECK(fs::file_size(db) == before);
    // Another key in its place: refused as the wrong key.
    { std::ofstream(dir.path / "intake-data.key", std::ios::binary) << std::string(32, 'k'); }
    fs::permissions(dir.path / "intake-data.key", fs::perms::owner_read | fs::perms::owner_write);
    auto wrong = intake::open_intake_store(db.string());
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == "key.wrong");
    CHECK(intake::open_intake_store("postgresql://localhost/intake").error().code == "intake.usage");   // no key dir
    intake::OpenOptions elsewhere;
    elsewhere.key_dir = dir.path / "keys";
    CHECK(intake::open_intake_store(db.string(), elsewhere).error().code == "intake.usage");   // SQLite: beside it
}

TEST_CASE("intake audit: verify passes an intact chain and names a tampered row") {
    TestDb db;
    {
        auto s = db.open();
        REQUIRE(s);
        for (int i = 0; i < 4; ++i) REQUIRE((*s)->append_audit("officer1", "test.action", "row " + std::to_string(i)));
        auto v = (*s)->verify_audit();
        REQUIRE(v);
        CHECK(v->ok);
        CHECK(v->rows == 4);
    }
    if (db.pg()) {
        // Append-only: the trigger refuses an UPDATE … so an attacker disables it first.
        CHECK_FALSE(db.exec_pg("UPDATE audit SET detail='x' WHERE seq=2"));
        REQUIRE(db.exec_pg("ALTER TABLE audit DISABLE TRIGGER audit_no_change; UPDATE audit SET detail='row 9' WHERE seq=3"));
    } else {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.spec().c_str(), &raw) == SQLITE_OK);
        // Append-only: an UPDATE is refused by the trigger …
        CHECK(sqlite3_exec(raw, "UPDATE audit SET detail='x' WHERE seq=2", nullptr, nullptr, nullptr) != SQLITE_OK);
        // … so an attacker drops it first; verify then names the edited row.
        exec(raw, "DROP TRIGGER audit_no_update");
        exec(raw, "UPDATE audit SET detail='row 9' WHERE seq=3");
        sqlite3_close(raw);
    }
    auto s = db.open();
    REQUIRE(s);
    auto v = (*s)->verify_audit();
    REQUIRE(v);
    CHECK_FALSE(v->ok);
    REQUIRE(v->first_broken);
    CHECK(*v->first_broken == 3);
}
