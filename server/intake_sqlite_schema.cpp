// The SQLite intake's schema, its migrations and its two keys. See intake_sqlite.hpp; docs/DESK.md, "Storage".
// [SECTION] Index: schema v2 · schema v3 · keys · migration v1 → v2 · open
#include "server/intake_sqlite.hpp"

#include "server/intake_pg.hpp"
#include "server/intake_shared.hpp"

#include "app/local_time.hpp"
#include "app/mask.hpp"
#include "app/store_sql.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace intake {

using kiosk::make_error;
using kiosk::sql::Stmt;
using kiosk::sql::Tx;

namespace {

kiosk::Error db_error(sqlite3* db, const std::string& what) {
    return make_error("intake.db", what + ": " + sqlite3_errmsg(db));
}

// [SECTION] schema v2
// `payload_mac` is HMAC(lookup key, SHA-256 of the canonical payload): "same key + same payload" is decided
// on it without keeping an unkeyed hash of personal data. `id_mac` is HMAC(lookup key, ID number).
// Column `desk_window` (not `window`: a keyword in SQLite's grammar).
constexpr const char* kSchemaV2 = R"(
CREATE TABLE IF NOT EXISTS requests(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL, station_id TEXT NOT NULL, service_id TEXT NOT NULL,
  ticket TEXT NOT NULL, category TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL,
  name_masked TEXT NOT NULL, id_mac TEXT NOT NULL,
  key_id TEXT NOT NULL, sealed BLOB NOT NULL, payload_mac TEXT NOT NULL,
  server_ref TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, received_ms INTEGER NOT NULL, response TEXT NOT NULL,
  desk_status TEXT NOT NULL DEFAULT 'received', message_zh TEXT NOT NULL DEFAULT '',
  message_en TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,
  call_state TEXT NOT NULL DEFAULT 'waiting', desk_window INTEGER NOT NULL DEFAULT 0,
  recalls INTEGER NOT NULL DEFAULT 0, called_ms INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS requests_day ON requests(station_id, day, seq);
CREATE INDEX IF NOT EXISTS requests_ticket ON requests(station_id, day, ticket);
CREATE INDEX IF NOT EXISTS requests_id_mac ON requests(id_mac);
CREATE TABLE IF NOT EXISTS day_counters(day TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats(
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS health(k INTEGER PRIMARY KEY, checked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_subject ON audit(subject) WHERE subject <> '';
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TABLE IF NOT EXISTS desk_accounts(
  name TEXT PRIMARY KEY, desk_window INTEGER NOT NULL, serves TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
  iterations INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0, lockouts INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events(
  station_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY(station_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alerts(
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, kiosk_id TEXT NOT NULL, day TEXT NOT NULL,
  at TEXT NOT NULL, message_zh TEXT NOT NULL, message_en TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS help_requests(kiosk_id TEXT PRIMARY KEY, since TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS anchors(
  kiosk_id TEXT PRIMARY KEY, head_seq INTEGER NOT NULL, head_hash TEXT NOT NULL,
  anchor_seq INTEGER NOT NULL, anchor_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings(
  kiosk_id TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, stars INTEGER NOT NULL, PRIMARY KEY(kiosk_id, day));
)";

// [SECTION] schema v3: desk sessions in the database (they were in each process's memory). Not copied by
// `kiosk-intake migrate`: a move to another database logs the consoles out, as a restart used to.
constexpr const char* kSchemaV3 = R"(
CREATE TABLE IF NOT EXISTS desk_sessions(
  token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, name TEXT NOT NULL, created_ms INTEGER NOT NULL,
  last_used_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS desk_sessions_name ON desk_sessions(name);
)";

int user_version(sqlite3* db) {
    Stmt q(db, "PRAGMA user_version");
    return q.step() == SQLITE_ROW ? static_cast<int>(q.i64(0)) : -1;
}

bool has_table(sqlite3* db, const char* name) {
    Stmt q(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

bool has_column(sqlite3* db, const char* table, const char* column) {
    Stmt q(db, (std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name=?").c_str());
    q.bind(1, column);
    return q.step() == SQLITE_ROW;
}

// [SECTION] migration v1 → v2
// v1 (user_version 0): requests with the payload in plain text and an unkeyed payload_sha256. Every row is
// sealed into the v2 table in ONE transaction; secure_delete (on for the connection) overwrites the freed
// plain-text pages, and the caller truncates the WAL after the commit.
Status migrate_v1(sqlite3* db, const kiosk::KeyRing& data, const kiosk::KeyRing& lookup) {
    Tx tx(db);
    if (!tx.begun()) return tx.begun();
    if (auto st = kiosk::sql::exec(db, "ALTER TABLE requests RENAME TO requests_v1", "migrating v1"); !st) return st;
    if (auto st = kiosk::sql::exec(db, kSchemaV2, "migrating v1"); !st) return st;
    Stmt q(db, "SELECT request_id, kiosk_id, station_id, service_id, ticket, created_at, payload, payload_sha256, "
               "server_ref, received_at, response FROM requests_v1 ORDER BY seq");
    Stmt ins(db, "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, category, day, created_at, "
                 "name_masked, id_mac, key_id, sealed, payload_mac, server_ref, received_at, received_ms, response, "
                 "updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!q.prepared() || !ins.prepared()) return db_error(db, "migrating v1");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const std::string id = q.text(0), ticket = q.text(4), created = q.text(5), received = q.text(9);
        std::string payload = q.text(6);
        auto j = nlohmann::json::parse(payload, nullptr, false);
        std::string name, id_number;
        if (j.is_object() && j.contains("applicant") && j["applicant"].is_object()) {
            name = j["applicant"].value("name", "");
            id_number = j["applicant"].value("id_number", "");
        }
        auto sealed = data.seal(payload, id);
        kiosk::wipe(payload);
        if (!sealed) return sealed.error();
        ins.reset();
        ins.bind(1, id).bind(2, q.text(1)).bind(3, q.text(2)).bind(4, q.text(3)).bind(5, ticket)
            .bind(6, category_of(ticket)).bind(7, created.substr(0, 10)).bind(8, created)
            .bind(9, name.empty() ? std::string() : kiosk::mask_name(name))
            .bind(10, id_number.empty() ? std::string() : lookup.hmac_hex(upper_ascii(id_number)))
            .bind(11, data.key_id()).bind_blob(12, *sealed).bind(13, lookup.hmac_hex(q.text(7)))
            .bind(14, q.text(8)).bind(15, received).bind(16, std::int64_t{0}).bind(17, q.text(10)).bind(18, received);
        kiosk::wipe(name);
        kiosk::wipe(id_number);
        if (ins.step() != SQLITE_DONE) return db_error(db, "migrating request " + id);
    }
    if (rc != SQLITE_DONE) return db_error(db, "migrating v1");
    if (auto st = kiosk::sql::exec(db, "DROP TABLE requests_v1", "migrating v1"); !st) return st;
    if (auto st = kiosk::sql::exec(db, "PRAGMA user_version=2", "migrating v1"); !st) return st;
    return tx.commit();
}

// [SECTION] keys
// Requests sealed in an existing v2 database, read without writing; 0 for no file / no v2 table.
long long sealed_count(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0) return 0;
    sqlite3* db = nullptr;
    long long n = 0;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK && has_table(db, "requests") &&
        has_column(db, "requests", "sealed")) {
        Stmt q(db, "SELECT count(*) FROM requests");
        if (q.step() == SQLITE_ROW) n = q.i64(0);
    }
    sqlite3_close_v2(db);
    return n;
}

} // namespace

Status SqliteIntakeStore::migrate(sqlite3* db, const kiosk::KeyRing& data, const kiosk::KeyRing& lookup) {
    const int v = user_version(db);
    if (v > kSchemaVersion)
        return make_error("intake.db", "the database has schema version " + std::to_string(v) +
                                           ", newer than this kiosk-intake (" + std::to_string(kSchemaVersion) +
                                           "): use the newer program, nothing was changed");
    if (v == kSchemaVersion) {
        if (auto st = kiosk::sql::exec(db, kSchemaV2, "preparing the database"); !st) return st;
        return kiosk::sql::exec(db, kSchemaV3, "preparing the database");
    }
    if (v < 2 && has_table(db, "requests") && has_column(db, "requests", "payload")) {
        if (auto st = migrate_v1(db, data, lookup); !st) return st;   // leaves user_version 2
        if (auto st = kiosk::sql::exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", "migrating v1"); !st) return st;
    }
    // A new database, or v2 → v3 (the desk sessions' table).
    Tx tx(db);
    if (!tx.begun()) return tx.begun();
    if (auto st = kiosk::sql::exec(db, kSchemaV2, "creating the database"); !st) return st;
    if (auto st = kiosk::sql::exec(db, kSchemaV3, "creating the database"); !st) return st;
    if (auto st = kiosk::sql::exec(db, "PRAGMA user_version=3", "creating the database"); !st) return st;
    return tx.commit();
}

// [SECTION] open
// sqlite3_close_v2 throughout: a refusal may return while a statement of its check is still alive, and the
// connection must be released once that statement is finalized, not leaked.
Result<std::unique_ptr<IntakeStore>> SqliteIntakeStore::open(const std::filesystem::path& path, const OpenOptions& o) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const auto keys = key_files(o.key_dir.empty() ? dir : o.key_dir);
    const auto& data_path = keys.data;
    const auto& lookup_path = keys.lookup;
    std::error_code ec;
    const long long sealed = sealed_count(path);
    for (const auto& k : {data_path, lookup_path})
        if (sealed > 0 && !std::filesystem::exists(k, ec)) return key_missing(k, path.string(), sealed);

    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        auto e = make_error("intake.db", "cannot open " + path.string() + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close_v2(db);
        return e;
    }
    // busy_timeout before journal_mode: switching to WAL needs the lock another process may hold.
    sqlite3_busy_timeout(db, 5000);
    if (!kiosk::sql::exec(db, "PRAGMA journal_mode=WAL", "").ok() || !kiosk::sql::exec(db, "PRAGMA synchronous=FULL", "").ok() ||
        !kiosk::sql::exec(db, "PRAGMA secure_delete=ON", "").ok()) {
        auto e = db_error(db, "cannot prepare the database " + path.string());
        sqlite3_close_v2(db);
        return e;
    }
    auto data = kiosk::KeyRing::load_or_create(data_path);
    auto lookup = data ? kiosk::KeyRing::load_or_create(lookup_path) : data.error();
    if (!data || !lookup) {
        sqlite3_close_v2(db);
        return !data ? data.error() : lookup.error();
    }
    if (auto st = migrate(db, *data, *lookup); !st) {
        sqlite3_close_v2(db);
        return st.error();
    }
    {   // A key file replaced by another: every sealed row would be unreadable. Refuse, change nothing.
        Stmt q(db, "SELECT key_id FROM requests WHERE key_id <> ? LIMIT 1");
        q.bind(1, data->key_id());
        if (q.step() == SQLITE_ROW) {
            const std::string other = q.text(0);
            sqlite3_close_v2(db);
            return key_wrong(path.string(), other, data_path, data->key_id());
        }
    }
    return std::unique_ptr<IntakeStore>(new SqliteIntakeStore(db, std::move(*data), std::move(*lookup), o.ref_prefix));
}

bool is_postgres_spec(const std::string& spec) {
    return spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<IntakeStore>> open_intake_store(const std::string& spec, const OpenOptions& o) {
    if (is_postgres_spec(spec)) return PgIntakeStore::open(spec, o);
    const auto path = sqlite_path(spec);
    if (path.empty()) return make_error("intake.usage", "--db needs sqlite:PATH, a path or postgresql://…");
    if (!o.key_dir.empty()) {
        // SQLite keeps its keys beside the database (one backup of one directory holds both); a key
        // directory elsewhere would split them, so it is refused rather than silently ignored.
        std::error_code ec;
        const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        if (std::filesystem::weakly_canonical(o.key_dir, ec) != std::filesystem::weakly_canonical(dir, ec))
            return make_error("intake.usage", "--key-dir is for postgresql:// databases; SQLite keeps its keys beside "
                                              "the database (" + dir.string() + "): leave --key-dir out");
    }
    return SqliteIntakeStore::open(path, o);
}

std::unique_ptr<IntakeStore::Watch> IntakeStore::watch_events(EventHub&) { return std::make_unique<Watch>(); }
Result<std::vector<TableDump>> IntakeStore::dump_tables() {
    return make_error("intake.usage", "this storage cannot be the source of a migration");
}
Status IntakeStore::load_tables(const std::vector<TableDump>&) {
    return make_error("intake.usage", "this storage cannot be the target of a migration (use postgresql://)");
}

// Every table of schema v2, in an order a target with foreign rules could load (none today).
const char* const kIntakeTables[] = {"requests", "day_counters", "heartbeats", "health", "audit", "desk_accounts",
                                     "events", "alerts", "help_requests", "anchors", "ratings"};

Result<std::vector<TableDump>> SqliteIntakeStore::dump_tables() {
    std::lock_guard lock(mu_);
    std::vector<TableDump> out;
    for (const char* name : kIntakeTables) {
        TableDump t;
        t.name = name;
        sqlite3_stmt* q = nullptr;
        if (sqlite3_prepare_v2(db_, (std::string("SELECT * FROM ") + name + " ORDER BY 1").c_str(), -1, &q, nullptr) != SQLITE_OK)
            return db_error(db_, std::string("reading ") + name);
        const int n = sqlite3_column_count(q);
        for (int c = 0; c < n; ++c) t.columns.push_back(sqlite3_column_name(q, c));
        t.is_blob.assign(n, false);
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            std::vector<std::optional<std::string>> row;
            for (int c = 0; c < n; ++c) {
                const int type = sqlite3_column_type(q, c);
                if (type == SQLITE_NULL) {
                    row.emplace_back();
                } else if (type == SQLITE_BLOB) {
                    t.is_blob[c] = true;
                    row.emplace_back(kiosk::to_hex(static_cast<const std::uint8_t*>(sqlite3_column_blob(q, c)),
                                                   static_cast<std::size_t>(sqlite3_column_bytes(q, c))));
                } else {
                    auto p = reinterpret_cast<const char*>(sqlite3_column_text(q, c));
                    row.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(q, c))));
                }
            }
            t.rows.push_back(std::move(row));
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE) return db_error(db_, std::string("reading ") + name);
        out.push_back(std::move(t));
    }
    return out;
}

std::filesystem::path sqlite_path(const std::string& spec) {
    if (spec.rfind("sqlite:", 0) == 0) return spec.substr(7);
    if (spec.find("://") != std::string::npos) return {};
    return spec;
}

std::string now_rfc3339() { return kiosk::rfc3339_local(std::chrono::system_clock::now()); }
std::string today_dashed() { return kiosk::local_day(std::chrono::system_clock::now()); }
std::string today_compact() {
    std::string d = today_dashed();
    d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
    return d;
}

} // namespace intake
