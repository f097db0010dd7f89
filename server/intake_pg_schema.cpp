// The PostgreSQL intake's schema (versioned migrations), its keys, opening, and the LISTEN thread that
// carries other instances' events to this one's EventHub. See intake_pg.hpp; docs/ADMIN.md, "PostgreSQL".
// [SECTION] Index: migrations · open · watch_events
#include "server/intake_pg.hpp"

#include "server/event_hub.hpp"
#include "server/intake_shared.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <thread>

namespace intake {

using kiosk::make_error;

namespace {

// [SECTION] migrations
// Each entry runs once, in order, in the transaction that records it in schema_migrations. Never edit a
// released entry: add the next one. The columns are those of the SQLite schema v2 (intake_sqlite_schema.cpp)
// with PostgreSQL types; a ticket's uniqueness per station and day is a constraint here, because two
// instances may store at the same moment.
struct Migration {
    int version;
    const char* what;
    const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, "the intake schema", R"(
CREATE TABLE requests(
  seq BIGSERIAL PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL, station_id TEXT NOT NULL, service_id TEXT NOT NULL,
  ticket TEXT NOT NULL, category TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL,
  name_masked TEXT NOT NULL, id_mac TEXT NOT NULL,
  key_id TEXT NOT NULL, sealed BYTEA NOT NULL, payload_mac TEXT NOT NULL,
  server_ref TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, received_ms BIGINT NOT NULL, response TEXT NOT NULL,
  desk_status TEXT NOT NULL DEFAULT 'received', message_zh TEXT NOT NULL DEFAULT '',
  message_en TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,
  call_state TEXT NOT NULL DEFAULT 'waiting', desk_window INTEGER NOT NULL DEFAULT 0,
  recalls INTEGER NOT NULL DEFAULT 0, called_ms BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT requests_ticket UNIQUE(station_id, day, ticket));
CREATE INDEX requests_day ON requests(station_id, day, seq);
CREATE INDEX requests_id_mac ON requests(id_mac);
CREATE TABLE day_counters(day TEXT PRIMARY KEY, n BIGINT NOT NULL);
CREATE TABLE heartbeats(id BIGSERIAL PRIMARY KEY, kiosk_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE health(k INTEGER PRIMARY KEY, checked_at TEXT NOT NULL);
CREATE TABLE audit(
  seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_subject ON audit(subject) WHERE subject <> '';
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN RAISE EXCEPTION 'audit is append-only'; END$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TABLE desk_accounts(
  name TEXT PRIMARY KEY, desk_window INTEGER NOT NULL, serves TEXT NOT NULL, salt BYTEA NOT NULL, hash BYTEA NOT NULL,
  iterations INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0, lockouts INTEGER NOT NULL DEFAULT 0,
  locked_until_ms BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE events(
  station_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY(station_id, seq));
CREATE TABLE event_counters(station_id TEXT PRIMARY KEY, n BIGINT NOT NULL);
CREATE TABLE alerts(
  id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, kiosk_id TEXT NOT NULL, day TEXT NOT NULL,
  at TEXT NOT NULL, message_zh TEXT NOT NULL, message_en TEXT NOT NULL);
CREATE TABLE help_requests(kiosk_id TEXT PRIMARY KEY, since TEXT NOT NULL);
CREATE TABLE anchors(
  kiosk_id TEXT PRIMARY KEY, head_seq BIGINT NOT NULL, head_hash TEXT NOT NULL,
  anchor_seq BIGINT NOT NULL, anchor_hash TEXT NOT NULL);
CREATE TABLE ratings(
  kiosk_id TEXT NOT NULL, day TEXT NOT NULL, n BIGINT NOT NULL, stars BIGINT NOT NULL, PRIMARY KEY(kiosk_id, day));
)"},
    // Desk sessions shared by the instances: a console may reach any of them (SQLite schema v3).
    {2, "desk sessions", R"(
CREATE TABLE desk_sessions(
  token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, name TEXT NOT NULL, created_ms BIGINT NOT NULL,
  last_used_ms BIGINT NOT NULL);
CREATE INDEX desk_sessions_name ON desk_sessions(name);
)"},
};

} // namespace

Status PgIntakeStore::migrate(pg::Conn& c) {
    pg::Tx tx(c);
    if (auto st = tx.begin(); !st) return st;
    // The lock first, then even the bookkeeping table: two instances starting together would otherwise
    // race on CREATE TABLE IF NOT EXISTS (a unique violation in the catalog).
    if (auto r = c.exec("taking the migration lock", "SELECT pg_advisory_xact_lock($1)", {kPgMigrationLock}); !r)
        return r.error();
    if (auto st = c.script("preparing the database", "CREATE TABLE IF NOT EXISTS schema_migrations("
                                                      "version INTEGER PRIMARY KEY, what TEXT NOT NULL, applied_at "
                                                      "TIMESTAMPTZ NOT NULL DEFAULT now())");
        !st)
        return st;
    auto have = c.exec("reading the schema version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!have) return have.error();
    const auto current = have->i64(0, 0);
    if (current > kSchemaVersion)
        return make_error("intake.db", "the database has schema version " + std::to_string(current) +
                                           ", newer than this kiosk-intake (" + std::to_string(kSchemaVersion) +
                                           "): use the newer program, nothing was changed");
    for (const auto& m : kMigrations) {
        if (m.version <= current) continue;
        if (auto st = c.script(m.what, m.sql); !st) return st;
        if (auto r = c.exec("recording a migration", "INSERT INTO schema_migrations(version, what) VALUES($1, $2)",
                            {m.version, m.what});
            !r)
            return r.error();
    }
    return tx.commit();
}

// [SECTION] open
Result<std::unique_ptr<IntakeStore>> PgIntakeStore::open(const std::string& uri, const OpenOptions& o) {
    const std::string shown = pg::redact(uri);
    if (o.key_dir.empty())
        return make_error("intake.usage", "a postgresql:// database needs --key-dir DIR: the directory of "
                                          "intake-data.key and intake-lookup.key (the same two files on every "
                                          "instance; docs/ADMIN.md, \"16. PostgreSQL\")");
    std::error_code ec;
    if (!std::filesystem::is_directory(o.key_dir, ec))
        return make_error("intake.usage", "--key-dir " + o.key_dir.string() + " is not a directory");
    auto pool = pg::Pool::open(uri, o.pool_size);
    if (!pool) return pool.error();
    auto lease = (*pool)->take();
    if (!lease) return lease.error();
    if (auto st = migrate(**lease); !st) return st.error();

    // The key files are read or made under the migration lock: instances starting together on one machine
    // would otherwise race between one creating a file and writing its 32 bytes (the other read it empty).
    // Nothing is written in this transaction; its end (rollback) releases the lock.
    pg::Tx keys_tx(**lease);
    if (auto st = keys_tx.begin(); !st) return st.error();
    if (auto r = (*lease)->exec("taking the migration lock", "SELECT pg_advisory_xact_lock($1)", {kPgMigrationLock}); !r)
        return r.error();
    const auto keys = key_files(o.key_dir);
    auto sealed = (*lease)->exec("counting requests", "SELECT count(*) FROM requests");
    if (!sealed) return sealed.error();
    for (const auto& k : {keys.data, keys.lookup})
        if (sealed->i64(0, 0) > 0 && !std::filesystem::exists(k, ec)) return key_missing(k, shown, sealed->i64(0, 0));
    auto data = kiosk::KeyRing::load_or_create(keys.data);
    if (!data) return data.error();
    auto lookup = kiosk::KeyRing::load_or_create(keys.lookup);
    if (!lookup) return lookup.error();
    // A key file replaced by another: every sealed row would be unreadable. Refuse, change nothing.
    auto other = (*lease)->exec("checking the key", "SELECT key_id FROM requests WHERE key_id <> $1 LIMIT 1",
                                {data->key_id()});
    if (!other) return other.error();
    if (other->size() > 0) return key_wrong(shown, other->text(0, 0), keys.data, data->key_id());
    keys_tx.rollback();
    // The lease goes back to the pool when this returns; the pool keeps its address inside the store.
    return std::unique_ptr<IntakeStore>(
        new PgIntakeStore(std::move(*pool), std::move(*data), std::move(*lookup), o.ref_prefix));
}

// [SECTION] load_tables (kiosk-intake migrate)
// Into an empty database only, in ONE transaction: a half-copied intake is never left behind. The rows go in
// as they were (sealed payloads, audit hashes); then the counters the SQLite store derives on the fly
// (event seqs per station, the serial columns) are set past what was copied.
Status PgIntakeStore::load_tables(const std::vector<TableDump>& tables) {
    auto c = pool_->take();
    if (!c) return c.error();
    pg::Tx tx(**c);
    if (auto st = tx.begin(); !st) return st;
    if (auto r = (*c)->exec("taking the audit lock", "SELECT pg_advisory_xact_lock($1)", {kPgAuditLock}); !r)
        return r.error();
    for (const char* t : {"requests", "audit", "events", "desk_accounts"}) {
        auto n = (*c)->exec("checking the target", std::string("SELECT count(*) FROM ") + t);
        if (!n) return n.error();
        if (n->i64(0, 0) > 0)
            return make_error("intake.usage", std::string("the target database already holds ") + t +
                                                  ": migrate into a new, empty database; nothing was changed");
    }
    for (const auto& t : tables) {
        std::string cols, vals;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            cols += (i ? "," : "") + t.columns[i];
            const std::string p = "$" + std::to_string(i + 1);
            vals += (i ? "," : "") + (t.is_blob[i] ? "decode(" + p + ",'hex')" : p);
        }
        // health is a single row the store rewrites; the others are copied whole.
        const std::string sql = "INSERT INTO " + t.name + "(" + cols + ") VALUES(" + vals + ")" +
                                (t.name == "health" ? " ON CONFLICT DO NOTHING" : "");
        for (const auto& row : t.rows) {
            std::vector<pg::Param> ps;
            for (const auto& v : row) ps.push_back(v ? pg::Param(*v) : pg::Param(std::string()));
            for (std::size_t i = 0; i < row.size(); ++i)
                if (!row[i]) ps[i].v.reset();
            if (auto r = (*c)->exec("copying a row", sql, ps); !r) return r.error();
        }
    }
    for (const char* fix : {
             "INSERT INTO event_counters(station_id, n) SELECT station_id, MAX(seq) FROM events GROUP BY station_id",
             "SELECT setval(pg_get_serial_sequence('requests','seq'), COALESCE((SELECT MAX(seq) FROM requests), 0) + 1, false)",
             "SELECT setval(pg_get_serial_sequence('heartbeats','id'), COALESCE((SELECT MAX(id) FROM heartbeats), 0) + 1, false)",
             "SELECT setval(pg_get_serial_sequence('alerts','id'), COALESCE((SELECT MAX(id) FROM alerts), 0) + 1, false)"})
        if (auto r = (*c)->exec("setting the counters", fix); !r) return r.error();
    return tx.commit();
}

// [SECTION] watch_events
// One connection of its own, LISTENing; poll() with a short timeout so that the destructor's stop is
// seen quickly. A lost connection is re-made every second; after each (re)connection the hub is woken
// once, because notifications sent while nobody listened are gone — a waiter then re-reads the store.
namespace {

class PgWatch final : public IntakeStore::Watch {
public:
    PgWatch(std::string uri, EventHub& hub) : uri_(std::move(uri)), hub_(hub), thread_([this] { run(); }) {}
    ~PgWatch() override {
        stop_ = true;
        thread_.join();
    }

private:
    void run() {
        PGconn* c = nullptr;
        while (!stop_) {
            if (!c) {
                auto made = pg::Pool::connect(uri_);
                if (made) {
                    c = *made;
                    PGresult* r = PQexec(c, "LISTEN kiosk_events");
                    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
                    PQclear(r);
                    if (!ok) {
                        PQfinish(c);
                        c = nullptr;
                    } else {
                        hub_.notify();
                    }
                }
                if (!c) {
                    for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    continue;
                }
            }
            pollfd p{PQsocket(c), POLLIN, 0};
            if (::poll(&p, 1, 100) < 0) continue;
            if (PQconsumeInput(c) == 0 || PQstatus(c) != CONNECTION_OK) {
                PQfinish(c);
                c = nullptr;
                continue;
            }
            bool any = false;
            while (PGnotify* n = PQnotifies(c)) {
                any = true;
                PQfreemem(n);
            }
            if (any) hub_.notify();
        }
        if (c) PQfinish(c);
    }

    std::string uri_;
    EventHub& hub_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace

std::unique_ptr<IntakeStore::Watch> PgIntakeStore::watch_events(EventHub& hub) {
    return std::make_unique<PgWatch>(pool_->uri(), hub);
}

} // namespace intake
