// Store: opening the database (durability settings, integrity check, migrations, crash recovery) and the
// shared row readers. Submit, outbox and staff operations live in store_submit.cpp, store_outbox.cpp and
// store_staff.cpp; the schema in store_schema.cpp. docs/STORE.md explains the choices.
//
// [SECTION] State names
// [SECTION] Open
// [SECTION] Checkpoints
// [SECTION] Shared readers (state, load)
#include "store.hpp"

#include "store_sql.hpp"

#include <sys/stat.h>

namespace kiosk {

Status store_check_version(sqlite3* db, const std::filesystem::path& path);   // store_schema.cpp
Status store_migrate(sqlite3* db, const std::filesystem::path& path);         // store_schema.cpp

// [SECTION] State names

namespace {
constexpr const char* kStateNames[] = {"queued", "sending", "retry_wait", "uploaded", "dead_letter", "cleared", "purged"};
}

const char* state_name(RequestState s) { return kStateNames[static_cast<int>(s)]; }

bool parse_state(const std::string& s, RequestState& out) {
    for (int i = 0; i < 7; ++i)
        if (s == kStateNames[i]) { out = static_cast<RequestState>(i); return true; }
    return false;
}

// [SECTION] Open

namespace {

struct DbCloser { void operator()(sqlite3* db) const { sqlite3_close_v2(db); } };
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

Status pragma_expect(sqlite3* db, const char* pragma, const char* expect, std::string_view what) {
    sql::Stmt q(db, pragma);
    int rc = q.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql::error(db, rc, what);
    if (expect && (rc != SQLITE_ROW || q.text(0) != expect))
        return make_error("store.error", std::string(what) + ": SQLite answered '" + (rc == SQLITE_ROW ? q.text(0) : "") +
                                             "' instead of '" + expect + "'");
    return ok_status();
}

// integrity_check reads every page: on a kiosk database (thousands of rows) that is well under a second,
// and it is the only way to notice a damaged file before staff trust the queue it shows.
Status check_integrity(sqlite3* db, const std::filesystem::path& path) {
    sql::Stmt q(db, "PRAGMA integrity_check(5)");
    int rc = q.step();
    if (rc != SQLITE_ROW) return sql::error(db, rc, "checking database integrity");
    std::string first = q.text(0);
    if (first == "ok") return ok_status();
    return make_error("store.corrupt", "The kiosk database " + path.string() +
                                           " is damaged (integrity check: " + first +
                                           "). It has NOT been changed or replaced: keep the file for recovery, "
                                           "call IT, and restore it or start with a new data directory.");
}

bool table_exists(sqlite3* db, const char* name) {
    sql::Stmt q(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

// Sealed blobs per key id: requests.pii and outbox.payload, in every layout from the pilot's on (both have
// key_id beside the blob). A new, empty file has no tables yet and so no sealed rows.
Result<std::vector<Store::SealedKeyUse>> read_sealed_keys(sqlite3* db) {
    std::vector<Store::SealedKeyUse> out;
    if (!table_exists(db, "requests") || !table_exists(db, "outbox")) return out;
    sql::Stmt q(db, "SELECT IFNULL(key_id, ''), COUNT(*) FROM ("
                    "SELECT key_id FROM requests WHERE pii IS NOT NULL "
                    "UNION ALL SELECT key_id FROM outbox WHERE payload IS NOT NULL) GROUP BY 1 ORDER BY 2 DESC");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.i64(1)});
    if (rc != SQLITE_DONE) return sql::error(db, rc, "reading which keys seal the stored personal data");
    return out;
}

// Every sealed blob must be under the loaded key: otherwise data.key was replaced, and opening would let
// the uploader turn the whole queue into dead letters within seconds. Refused before anything is written.
Status check_sealed_under(sqlite3* db, const std::filesystem::path& path, const KeyRing& keys) {
    auto uses = read_sealed_keys(db);
    if (!uses) return uses.error();
    std::string foreign;
    long long blobs = 0;
    for (const auto& u : *uses) {
        if (u.key_id == keys.key_id()) continue;
        foreign += (foreign.empty() ? "" : ", ") + (u.key_id.empty() ? std::string("(none)") : u.key_id);
        blobs += u.blobs;
    }
    if (foreign.empty()) return ok_status();
    const std::string key_file = keys.path().empty() ? std::string("data.key") : keys.path().string();
    return make_error("key.wrong",
                      "the data key " + key_file + " has key id " + keys.key_id() + ", but the database " +
                          path.string() + " holds personal data sealed with key id " + foreign + " (" +
                          std::to_string(blobs) + " sealed records). Nothing has been changed. Put back the data.key "
                          "that belongs to this database, from the backup of the data directory, then start again "
                          "(docs/ADMIN.md, \"data.key\").");
}

struct Connection {
    DbPtr db;
    bool exists = true;   // false: there is no file and `create` was not asked for
};

// The first steps of every open: connect, busy_timeout (switching to WAL needs a lock, and another process
// — kiosk CLI, backup — may hold one), then the version, the first read: a non-database fails here.
Result<Connection> connect(const std::filesystem::path& path, bool create) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    DbPtr db(raw);
    if (!create && (rc & 0xff) == SQLITE_CANTOPEN) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return Connection{nullptr, false};
    }
    if (rc != SQLITE_OK) return sql::error(raw, rc, "opening the database");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    if (auto st = store_check_version(raw, path); !st) {
        if (st.error().code == "store.corrupt")
            return make_error("store.corrupt", "The file " + path.string() +
                                                   " is not a kiosk database, or is damaged. It has NOT been changed "
                                                   "or replaced: keep it for recovery and call IT.");
        return st.error();
    }
    return Connection{std::move(db), true};
}

} // namespace

Result<std::vector<Store::SealedKeyUse>> Store::sealed_keys(const std::filesystem::path& path) {
    auto c = connect(path, false);
    if (!c) return c.error();
    if (!c->exists) return std::vector<SealedKeyUse>{};
    return read_sealed_keys(c->db.get());
}

Status Store::create_schema(const std::filesystem::path& path) {
    auto c = connect(path, true);
    if (!c) return c.error();
    sqlite3* raw = c->db.get();
    ::chmod(path.c_str(), 0600);
    if (auto st = pragma_expect(raw, "PRAGMA journal_mode=WAL", "wal", "enabling write-ahead logging"); !st) return st.error();
    if (auto st = pragma_expect(raw, "PRAGMA synchronous=FULL", nullptr, "configuring the database"); !st) return st.error();
    return store_migrate(raw, path);
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path, const KeyRing& keys) {
    assert(!keys.key_id().empty() && "Store::open needs a loaded KeyRing (KeyRing::load_or_create) that outlives the Store");
    // Read-only checks before anything writes to the file, so a damaged, foreign or too-new database, or
    // one sealed under another key, is reported exactly as found.
    auto c = connect(path, true);
    if (!c) return c.error();
    DbPtr db = std::move(c->db);
    sqlite3* raw = db.get();
    if (auto st = check_integrity(raw, path); !st) return st.error();
    if (auto st = check_sealed_under(raw, path, keys); !st) return st.error();
    // Before the first write: SQLite gives the -wal and -shm files the database file's mode.
    ::chmod(path.c_str(), 0600);
    // WAL: readers (staff screens, the upload thread) never block the resident's submit; synchronous=FULL:
    // the WAL is fsynced at every COMMIT, so a request acknowledged on screen survives a power cut.
    if (auto st = pragma_expect(raw, "PRAGMA journal_mode=WAL", "wal", "enabling write-ahead logging"); !st)
        return st.error();
    for (const char* p : {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                          // Zero deleted content, so purged ciphertext does not linger in free pages.
                          "PRAGMA secure_delete=ON"})
        if (auto st = pragma_expect(raw, p, nullptr, "configuring the database"); !st) return st.error();
    if (auto st = store_migrate(raw, path); !st) return st.error();
    // Crash recovery: a row left `sending` was interrupted mid-upload. The server is idempotent on the
    // request id, so sending it again is safe; make it plainly due.
    if (auto st = sql::exec(raw, "UPDATE requests SET state='queued' WHERE state='sending'", "recovering after a restart"); !st)
        return st.error();
    // The files hold only ciphertext for PII, but nobody else on the machine needs to read them. The WAL
    // and shm files were created with the database file's mode, already 0600 for a new file (see above);
    // this also tightens files left by older versions.
    for (const char* suffix : {"", "-wal", "-shm"}) ::chmod((path.string() + suffix).c_str(), 0600);
    return std::unique_ptr<Store>(new Store(db.release(), path, keys));
}

// [SECTION] Checkpoints
// SQLite's default auto-checkpoint runs inside the COMMIT that crosses 1000 WAL pages, i.e. inside a
// resident's submit about every 130 submits (≈ 8 pages each): that submit then also writes and fsyncs the
// database file, a p99 spike. We take the checkpoints off that path (see checkpoint()) and keep an inline
// one only as a safety net for a WAL that nobody checkpointed, at a much larger size.
namespace {
constexpr int kWalSafetyNetFrames = 8000;   // ≈ 32 MiB of WAL with 4 KiB pages
}

int Store::on_wal_commit(void* self, sqlite3* db, const char* schema, int frames) {
    static_cast<Store*>(self)->wal_frames_ = frames;   // called inside a store method, under mu_
    if (frames >= kWalSafetyNetFrames) sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

Status Store::checkpoint_locked() {
    int rc = sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    // BUSY means another connection is checkpointing right now: that is as good as done.
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) return sql::error(db_, rc, "checkpointing the database");
    return ok_status();
}

Status Store::checkpoint() {
    std::lock_guard lock(mu_);
    return checkpoint_locked();
}

Store::Store(sqlite3* db, std::filesystem::path path, const KeyRing& keys)
    : db_(db), stmts_(std::make_unique<sql::StmtCache>(db)), path_(std::move(path)), keys_(keys) {
    sqlite3_wal_hook(db_, &Store::on_wal_commit, this);   // replaces the per-commit auto-checkpoint
}

Store::~Store() {
    stmts_.reset();   // finalize before closing, or close_v2 would leave a zombie connection behind
    sqlite3_close_v2(db_);
}

// [SECTION] Shared readers

Result<RequestState> Store::state_locked(const std::string& id) {
    sql::Stmt q(*stmts_, "SELECT state FROM requests WHERE id=?");
    q.bind(1, id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return make_error("store.not_found", "no request with id " + id);
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading a request");
    RequestState s;
    if (!parse_state(q.text(0), s)) return make_error("store.corrupt", "request " + id + " has an unknown state");
    return s;
}

Result<StoredRequest> Store::load_locked(const std::string& id) {
    sql::Stmt q(*stmts_, "SELECT ticket, service_id, category_id, catalog_version, locale, created_at, state, key_id, pii "
                     "FROM requests WHERE id=?");
    q.bind(1, id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return make_error("store.not_found", "no request with id " + id);
    if (rc != SQLITE_ROW) return sql::error(db_, rc, "reading a request");
    StoredRequest r;
    r.sub.request_id = id;
    r.sub.ticket = q.text(0);
    r.req.service_id = q.text(1);
    r.req.category_id = q.text(2);
    r.req.catalog_version = q.text(3);
    if (!parse_locale(q.text(4), r.req.locale)) r.req.locale = Locale::zh;
    r.sub.created_at = q.text(5);
    // The prefix is the ticket's leading letters (A023 → A).
    for (char c : r.sub.ticket)
        if (c >= 'A' && c <= 'Z') r.req.ticket_prefix += c; else break;
    if (q.is_null(8)) return make_error("store.purged", "request " + id + " (" + q.text(6) + "): personal data already purged");
    auto plain = keys_.open(q.blob(8), id, q.text(7));
    if (!plain) return plain.error();
    Status st = pii_from_json(*plain, r.req);
    wipe(*plain);
    if (!st) return st.error();
    return r;
}

Result<StoredRequest> Store::load(const std::string& id) {
    std::lock_guard lock(mu_);
    return load_locked(id);
}

} // namespace kiosk
