// Store schema and migrations on PRAGMA user_version. Each step runs in one transaction together with the
// user_version bump, so a crash mid-migration leaves the old version intact and the next start retries.
//
// [SECTION] Version 1 (the base; 2 and 3 add to it)
// [SECTION] Version 0 (the pilot layout) → 1
// [SECTION] Version 1 → 2, 2 → 3
// [SECTION] migrate()
#include "store.hpp"
#include "store_sql.hpp"

#include <cassert>

namespace kiosk {

Status store_check_version(sqlite3* db, const std::filesystem::path& path);   // used by store.cpp
Status store_migrate(sqlite3* db, const std::filesystem::path& path);

namespace {

// [SECTION] Version 1
// Only non-personal skeleton columns are clear text; everything typed by a resident is in `pii` (sealed
// JSON, aad = request id) and `outbox.payload` (sealed frozen wire JSON, aad = "payload:" + request id).
// Times: created_at is the RFC 3339 text that goes on the wire and the receipt; every other time is
// INTEGER Unix milliseconds for ordering and arithmetic.
const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS requests (
  id              TEXT PRIMARY KEY,
  ticket          TEXT NOT NULL,
  service_id      TEXT NOT NULL,
  category_id     TEXT NOT NULL,
  catalog_version TEXT NOT NULL DEFAULT '',
  locale          TEXT NOT NULL DEFAULT 'zh-CN',
  created_at      TEXT NOT NULL,
  created_ms      INTEGER NOT NULL DEFAULT 0,
  created_day     TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL,
  server_ref      TEXT,
  cleared_at      INTEGER,
  cleared_reason  TEXT,
  cleared_by      TEXT,
  purged_at       INTEGER,
  key_id          TEXT,
  pii             BLOB
);
CREATE INDEX IF NOT EXISTS requests_by_state ON requests(state, created_ms);
CREATE INDEX IF NOT EXISTS requests_by_day ON requests(created_day);
CREATE TABLE IF NOT EXISTS outbox (
  request_id      TEXT PRIMARY KEY REFERENCES requests(id),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  payload         BLOB,
  key_id          TEXT,
  first_sent_at   INTEGER,
  uploaded_at     INTEGER
);
CREATE TABLE IF NOT EXISTS tickets (
  day      TEXT NOT NULL,
  prefix   TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (day, prefix)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS staff (
  id           TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  salt         BLOB NOT NULL,
  pin_hash     BLOB NOT NULL,
  iterations   INTEGER NOT NULL,
  failed       INTEGER NOT NULL DEFAULT 0,
  lockouts     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  last_login   INTEGER
);
CREATE TABLE IF NOT EXISTS login_throttle (
  scope        TEXT PRIMARY KEY,
  failed       INTEGER NOT NULL DEFAULT 0,
  lockouts     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ratings (
  request_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ratings_once ON ratings(request_id);
)sql";

bool table_exists(sqlite3* db, const char* name) {
    sql::Stmt q(db, "SELECT 1 FROM sqlite_schema WHERE type='table' AND name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

bool column_exists(sqlite3* db, const char* table, const char* column) {
    sql::Stmt q(db, "SELECT 1 FROM pragma_table_info(?) WHERE name=?");
    q.bind(1, table).bind(2, column);
    return q.step() == SQLITE_ROW;
}

// The audit log (docs/STORE.md, "Audit chain"): the triggers make append-only hold for every SQL client,
// not only for the store's code.
const char* kAuditSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: rows cannot be deleted'); END;
)sql";

// [SECTION] Version 0 → 1
// The pilot kiosks (user_version 0) had requests without catalog_version/locale/created_ms/created_day and
// the clear/purge columns, an outbox without first_sent_at/uploaded_at, and no audit, staff or ratings.
// A brand-new file is also user_version 0 but has no tables; both end up with the v1 schema.
Status migrate_0_to_1(sqlite3* db) {
    if (table_exists(db, "requests")) {
        struct Add { const char* table; const char* column; const char* decl; };
        const Add adds[] = {
            {"requests", "catalog_version", "TEXT NOT NULL DEFAULT ''"},
            {"requests", "locale", "TEXT NOT NULL DEFAULT 'zh-CN'"},
            {"requests", "created_ms", "INTEGER NOT NULL DEFAULT 0"},
            {"requests", "created_day", "TEXT NOT NULL DEFAULT ''"},
            {"requests", "cleared_at", "INTEGER"},
            {"requests", "cleared_reason", "TEXT"},
            {"requests", "cleared_by", "TEXT"},
            {"requests", "purged_at", "INTEGER"},
            {"outbox", "first_sent_at", "INTEGER"},
            {"outbox", "uploaded_at", "INTEGER"},
        };
        for (const Add& a : adds) {
            if (!table_exists(db, a.table) || column_exists(db, a.table, a.column)) continue;
            std::string sql = std::string("ALTER TABLE ") + a.table + " ADD COLUMN " + a.column + " " + a.decl;
            if (auto st = sql::exec(db, sql.c_str(), "migrating the pilot schema"); !st) return st;
        }
        // Derive the new skeleton columns from what the pilot stored (created_at is RFC 3339 with offset).
        if (auto st = sql::exec(db,
                                "UPDATE requests SET created_day = substr(created_at, 1, 10), "
                                "created_ms = CAST(strftime('%s', created_at) AS INTEGER) * 1000 "
                                "WHERE created_day = '' OR created_ms = 0",
                                "migrating the pilot schema");
            !st)
            return st;
        // Pilot rows already cleared get a clear time, so the retention purge can reach them.
        if (auto st = sql::exec(db, "UPDATE requests SET cleared_at = created_ms WHERE state = 'cleared' AND cleared_at IS NULL",
                                "migrating the pilot schema");
            !st)
            return st;
    }
    if (auto st = sql::exec(db, kSchemaV1, "creating the schema"); !st) return st;
    return sql::exec(db, kAuditSchema, "creating the audit table");
}

// [SECTION] Version 1 → 2
// Staff lists are newest first across all states: without this index every page sorted the whole table
// (40–85 ms per page at 10,000 requests in a debug build).
Status migrate_1_to_2(sqlite3* db) {
    return sql::exec(db, "CREATE INDEX IF NOT EXISTS requests_by_created ON requests(created_ms)", "adding the list index");
}

// [SECTION] Version 2 → 3
// The station's event stream (docs/EVENTS.md): the cursor (the last seq applied, written in the same
// transaction as what applying it changed), the calls shown on the banner, the desk's word on this kiosk's
// requests (the progress query, needs_more messages) and the newest attract notice.
Status migrate_2_to_3(sqlite3* db) {
    return sql::exec(db, R"sql(
CREATE TABLE IF NOT EXISTS event_cursor (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  seq        INTEGER NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
  seq         INTEGER PRIMARY KEY,
  ticket      TEXT NOT NULL,
  call_window TEXT NOT NULL,
  recall      INTEGER NOT NULL DEFAULT 0,
  at          TEXT NOT NULL DEFAULT '',
  received_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_status (
  request_id  TEXT PRIMARY KEY REFERENCES requests(id),
  status      TEXT NOT NULL,
  message_zh  TEXT NOT NULL DEFAULT '',
  message_en  TEXT NOT NULL DEFAULT '',
  officer     TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL DEFAULT '',
  seq         INTEGER NOT NULL,
  received_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS notices (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  seq         INTEGER NOT NULL,
  body        TEXT NOT NULL,
  received_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_ticket ON requests(ticket, created_ms);
)sql", "adding the event tables");
}

using Migration = Status (*)(sqlite3*);
const Migration kMigrations[] = {migrate_0_to_1, migrate_1_to_2, migrate_2_to_3};   // kMigrations[v] takes version v to v + 1

Result<int> user_version(sqlite3* db) {
    sql::Stmt q(db, "PRAGMA user_version");
    int rc = q.step();
    if (rc != SQLITE_ROW) return sql::error(db, rc, "reading the schema version");
    return static_cast<int>(q.i64(0));
}

} // namespace

// [SECTION] migrate()

Status store_check_version(sqlite3* db, const std::filesystem::path& path) {
    auto v = user_version(db);
    if (!v) return v.error();
    const std::string known = "(0.." + std::to_string(Store::kSchemaVersion) + ")";
    // No kiosk ever wrote a negative version: something else changed the file. Refused before anything
    // indexes kMigrations with it.
    if (*v < 0)
        return make_error("store.bad_version",
                          "The kiosk database " + path.string() + ": database schema version " + std::to_string(*v) +
                              " is not one this kiosk knows " + known +
                              ". No kiosk version writes it, so the file was changed by another program: restore "
                              "kiosk.db from backup, or call IT (the file has not been changed).");
    if (*v > Store::kSchemaVersion)
        return make_error("store.too_new",
                          "The kiosk database " + path.string() + ": database schema version " + std::to_string(*v) +
                              " is not one this kiosk knows " + known +
                              ". It was written by a newer kiosk version: install that version again (the file "
                              "has not been changed).");
    return ok_status();
}

Status store_migrate(sqlite3* db, const std::filesystem::path& path) {
    static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == Store::kSchemaVersion,
                  "add one migration per schema version: kMigrations[v] upgrades v → v+1");
    if (auto st = store_check_version(db, path); !st) return st;
    auto v = user_version(db);
    if (!v) return v.error();
    assert(*v >= 0 && "store_migrate: store_check_version refuses versions outside 0..kSchemaVersion");
    for (int from = *v; from < Store::kSchemaVersion; ++from) {
        sql::Tx tx(db);
        if (!tx.begun()) return tx.begun().error();
        if (auto st = kMigrations[from](db); !st) return st;
        std::string bump = "PRAGMA user_version = " + std::to_string(from + 1);
        if (auto st = sql::exec(db, bump.c_str(), "recording the schema version"); !st) return st;
        if (auto st = tx.commit(); !st) return st;
    }
    return ok_status();
}

} // namespace kiosk
