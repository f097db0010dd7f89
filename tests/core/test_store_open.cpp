// Store::open: damaged files, non-databases, migrations from the pilot schema, a too-new schema, full disk.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/store_sql.hpp"

#include <limits>

using namespace kiosk;
using namespace kiosk::testing;

namespace {

void raw_exec(const std::filesystem::path& p, const std::string& sql_text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(p.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql_text.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

void write_bytes(const std::filesystem::path& p, std::size_t offset, const std::string& bytes) {
    std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
    REQUIRE(f.good());
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::filesystem::path fixture_sql(const char* name) {
    const char* dir = std::getenv("KIOSK_FIXTURES");
    std::filesystem::path base = dir ? std::filesystem::path(dir) : std::filesystem::path(KIOSK_TEST_SOURCE_DIR) / "tests" / "fixtures";
    return base / "store" / name;
}

} // namespace

TEST_CASE("a database with damaged pages is reported as store.corrupt and left untouched") {
    TempDir dir("open-corrupt");
    KeyRing keys = test_keys();
    const auto db = dir / "kiosk.db";
    {
        auto store = Store::open(db, keys);
        REQUIRE(store.ok());
        for (int i = 0; i < 200; ++i) REQUIRE((*store)->submit(sample_request()).ok());
    }   // closing checkpoints the WAL into the file
    REQUIRE_FALSE(std::filesystem::exists(dir / "kiosk.db-wal"));
    const auto size = std::filesystem::file_size(db);
    REQUIRE(size > 4096 * 8);
    // Garbage over the middle of several b-tree pages (not page 1: that is the "not a database" case).
    for (std::size_t page : {2u, 3u, 5u}) write_bytes(db, page * 4096 + 8, std::string(3000, '\x5a'));
    const std::string damaged = read_all(db);

    auto r = Store::open(db, keys);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.corrupt");
    CHECK(r.error().message.find(db.string()) != std::string::npos);
    CHECK(r.error().message.find("NOT been changed") != std::string::npos);
    CHECK(read_all(db) == damaged);   // never replaced or "repaired"
}

TEST_CASE("a file that is not a database is reported, not overwritten") {
    TempDir dir("open-notadb");
    KeyRing keys = test_keys();
    const auto db = dir / "kiosk.db";
    const std::string text = std::string("these are a clerk's notes, not a database\n") + std::string(5000, 'n');
    {
        std::ofstream out(db, std::ios::binary);
        out << text;
    }
    auto r = Store::open(db, keys);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.corrupt");
    CHECK(r.error().message.find(db.string()) != std::string::npos);
    CHECK(read_all(db) == text);
}

TEST_CASE("a schema newer than the code is refused with store.too_new") {
    TempDir dir("open-new");
    KeyRing keys = test_keys();
    const auto db = dir / "kiosk.db";
    raw_exec(db, "CREATE TABLE future(x); INSERT INTO future VALUES (1); PRAGMA user_version = 99;");
    const std::string before = read_all(db);
    auto r = Store::open(db, keys);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.too_new");
    CHECK(r.error().message.find("99") != std::string::npos);
    CHECK(r.error().message.find(db.string()) != std::string::npos);
    CHECK(read_all(db) == before);   // not even switched to WAL
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db-wal"));
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    sql::Stmt q(raw, "PRAGMA user_version");
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.i64(0) == 99);
    q.reset();
    sqlite3_close_v2(raw);
}

TEST_CASE("a fresh database gets the current schema version and the audit triggers") {
    TempDir dir("open-fresh");
    KeyRing keys = test_keys();
    auto store = Store::open(dir / "kiosk.db", keys);
    REQUIRE(store.ok());
    {   // statements left mid-result would hold the database: keep them in a scope
        sql::Stmt v(raw(**store), "PRAGMA user_version");
        REQUIRE(v.step() == SQLITE_ROW);
        CHECK(v.i64(0) == Store::kSchemaVersion);
        sql::Stmt j(raw(**store), "PRAGMA journal_mode");
        REQUIRE(j.step() == SQLITE_ROW);
        CHECK(j.text(0) == "wal");
        sql::Stmt s(raw(**store), "PRAGMA synchronous");
        REQUIRE(s.step() == SQLITE_ROW);
        CHECK(s.i64(0) == 2);   // FULL
        sql::Stmt fk(raw(**store), "PRAGMA foreign_keys");
        REQUIRE(fk.step() == SQLITE_ROW);
        CHECK(fk.i64(0) == 1);
        sql::Stmt t(raw(**store), "SELECT COUNT(*) FROM sqlite_schema WHERE type='trigger' AND tbl_name='audit'");
        REQUIRE(t.step() == SQLITE_ROW);
        CHECK(t.i64(0) == 2);
    }
    // Files readable by the kiosk user only (the WAL exists once something was written).
    auto sub = (*store)->submit(sample_request());
    INFO((sub ? std::string() : sub.error().message));
    REQUIRE(sub.ok());
    for (const char* f : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"}) {
        INFO(f);
        REQUIRE(std::filesystem::exists(dir / f));
        CHECK((std::filesystem::status(dir / f).permissions() & std::filesystem::perms::all) ==
              (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    }
}

TEST_CASE("the pilot schema (user_version 0) migrates to the current one, keeping its data") {
    use_beijing_time();
    TempDir dir("open-migrate");
    KeyRing keys = test_keys();
    const auto db = dir / "kiosk.db";
    // The pilot layout, as shipped, from tests/fixtures/store/pilot_v0.sql.
    const std::string schema = read_all(fixture_sql("pilot_v0.sql"));
    REQUIRE_FALSE(schema.empty());
    raw_exec(db, schema);
    // One pilot request with a sealed PII document (the pilot used the same sealing), one left `sending`.
    const std::string id1 = "6f1c2a34-0b5d-4e6f-8a7b-1c2d3e4f5a6b", id2 = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
    for (const std::string& id : {id1, id2}) {
        auto sealed = keys.seal(pii_to_json(sample_request()), id);
        REQUIRE(sealed.ok());
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        sql::Stmt ins(raw, "INSERT INTO requests(id, ticket, service_id, category_id, created_at, state, key_id, pii) "
                           "VALUES(?, ?, 'cert.no-criminal-record', 'security', '2026-11-28T09:15:00+08:00', ?, ?, ?)");
        ins.bind(1, id).bind(2, id == id1 ? "A001" : "A002").bind(3, id == id1 ? "uploaded" : "sending")
            .bind(4, keys.key_id()).bind_blob(5, *sealed);
        REQUIRE(ins.run("fixture").ok());
        sql::Stmt box(raw, "INSERT INTO outbox(request_id, attempts, next_attempt_at) VALUES(?, 1, 0)");
        box.bind(1, id);
        REQUIRE(box.run("fixture").ok());
        sqlite3_close_v2(raw);
    }
    raw_exec(db, "INSERT INTO tickets(day, prefix, last_seq) VALUES('2026-11-28', 'A', 2)");
    raw_exec(db, "INSERT INTO requests(id, ticket, service_id, category_id, created_at, state) VALUES("
                 "'8b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e', 'B001', 'hukou.transfer', 'hukou', '2026-09-01T10:00:00+08:00', 'cleared')");

    auto store = Store::open(db, keys);
    INFO((store ? "" : store.error().message));
    REQUIRE(store.ok());
    sqlite3* h = raw(**store);
    sql::Stmt v(h, "PRAGMA user_version");
    REQUIRE(v.step() == SQLITE_ROW);
    CHECK(v.i64(0) == Store::kSchemaVersion);
    sql::Stmt row(h, "SELECT created_day, created_ms, locale FROM requests WHERE id=?");
    row.bind(1, id1);
    REQUIRE(row.step() == SQLITE_ROW);
    CHECK(row.text(0) == "2026-11-28");
    CHECK(row.i64(1) == sql::to_ms(beijing(2026, 11, 28, 9, 15)));
    CHECK(row.text(2) == "zh-CN");
    row.reset();
    v.reset();

    auto loaded = (*store)->load(id1);
    REQUIRE(loaded.ok());
    CHECK(loaded->req.applicant.id_number == "11010519491231002X");
    CHECK(loaded->sub.ticket == "A001");
    // The pilot's in-flight request is due again; today's ticket sequence continues.
    CHECK((*store)->counts()->queued == 1);
    CHECK((*(*store)->next_due(WallClock::now(), "K", "S"))->request_id == id2);
    CHECK((*store)->submit(sample_request(), beijing(2026, 11, 28, 10, 0))->ticket == "A003");
    CHECK((*store)->append_audit(WallClock::now(), "system", "test", "migrated").ok());
    CHECK((*store)->verify_audit()->ok);

    SECTION("a request the pilot had already cleared is reached by the retention purge") {
        auto n = (*store)->purge(beijing(2026, 11, 28, 12, 0), 30);
        INFO((n ? std::string() : n.error().message));
        REQUIRE(n.ok());
        CHECK(*n == 1);
        CHECK((*store)->counts()->purged == 1);
    }
    SECTION("reopening an already migrated database changes nothing") {
        store->reset();
        auto again = Store::open(db, keys);
        REQUIRE(again.ok());
        CHECK((*again)->counts()->uploaded == 1);
    }
}

TEST_CASE("a full disk is store.full, in words staff understand, and nothing is half-written") {
    TempDir dir("open-full");
    KeyRing keys = test_keys();
    auto opened = Store::open(dir / "kiosk.db", keys);
    REQUIRE(opened.ok());
    Store& store = **opened;
    REQUIRE(store.submit(sample_request()).ok());
    // A tiny page budget stands in for a full disk: SQLite answers SQLITE_FULL exactly as it would.
    sql::Stmt pc(raw(store), "PRAGMA page_count");
    REQUIRE(pc.step() == SQLITE_ROW);
    const std::string limit = "PRAGMA max_page_count = " + std::to_string(pc.i64(0) + 3);
    REQUIRE(sql::exec(raw(store), limit.c_str(), "test").ok());

    NewRequest big = sample_request();
    big.fields["story"] = std::string(3000, 'x');
    Error last{};
    int saved = 0;
    for (int i = 0; i < 50; ++i) {
        auto r = store.submit(big);
        if (!r.ok()) { last = r.error(); break; }
        ++saved;
    }
    REQUIRE(saved < 50);
    CHECK(last.code == "store.full");
    CHECK(last.message.find("storage is full") != std::string::npos);
    CHECK(last.message.find("nothing was saved") != std::string::npos);
    CHECK(sqlite3_get_autocommit(raw(store)) == 1);
    auto counts = store.counts();
    REQUIRE(counts.ok());
    CHECK(counts->queued == saved + 1);
    sql::Stmt o(raw(store), "SELECT (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM requests), "
                                "(SELECT SUM(last_seq) FROM tickets)");
    REQUIRE(o.step() == SQLITE_ROW);
    CHECK(o.i64(0) == o.i64(1));
    CHECK(o.i64(2) == o.i64(1));   // no ticket number was burnt by the failed submit
}

TEST_CASE("a version 1 database gains the newest-first list index and keeps its requests") {
    use_beijing_time();
    TempDir dir("store-v1");
    KeyRing keys = test_keys();
    std::string id;
    {
        auto store = Store::open(dir / "kiosk.db", keys);
        REQUIRE(store.ok());
        id = (*store)->submit(sample_request())->request_id;
    }
    // Make it look like a file written by the version 1 code.
    raw_exec(dir / "kiosk.db", "DROP INDEX requests_by_created; PRAGMA user_version = 1;");
    auto store = Store::open(dir / "kiosk.db", keys);
    REQUIRE(store.ok());
    sqlite3* h = raw(**store);
    sql::Stmt v(h, "PRAGMA user_version");
    REQUIRE(v.step() == SQLITE_ROW);
    CHECK(v.i64(0) == Store::kSchemaVersion);
    sql::Stmt ix(h, "SELECT 1 FROM sqlite_master WHERE type='index' AND name='requests_by_created'");
    CHECK(ix.step() == SQLITE_ROW);
    auto back = (*store)->load(id);
    REQUIRE(back.ok());
    CHECK(back->req.applicant.name == "张三丰");
}

namespace {
// A database that is fine except for its user_version: open must refuse it, name the file and the version,
// and leave every byte as it was (no WAL switch, no migration, no crash indexing the migrations with it).
void expect_refused_version(const std::filesystem::path& dir, int version, const char* code) {
    const auto db = dir / "kiosk.db";
    KeyRing keys = test_keys();
    raw_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep me'); PRAGMA user_version = " +
                     std::to_string(version) + ";");
    const std::string before = read_all(db);
    auto r = Store::open(db, keys);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
    CHECK(r.error().message.find("schema version " + std::to_string(version) + " ") != std::string::npos);
    CHECK(r.error().message.find("(0.." + std::to_string(Store::kSchemaVersion) + ")") != std::string::npos);
    CHECK(r.error().message.find(db.string()) != std::string::npos);
    CHECK(read_all(db) == before);
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db-wal"));
}
} // namespace

TEST_CASE("a negative schema version is refused with the file and the version named, not migrated") {
    TempDir dir("open-negative");
    expect_refused_version(dir.path, -1, "store.bad_version");
    CHECK(Store::open(dir / "kiosk.db", test_keys()).error().message.find("restore kiosk.db from backup") != std::string::npos);
    TempDir low("open-int-min");
    expect_refused_version(low.path, std::numeric_limits<std::int32_t>::min(), "store.bad_version");
}

TEST_CASE("the schema version just after the newest known one is refused as too new") {
    TempDir dir("open-next");
    expect_refused_version(dir.path, Store::kSchemaVersion + 1, "store.too_new");
}
