// SQLite helpers shared by the store, audit and staff modules (see store_sql.hpp).
#include "store_sql.hpp"


namespace kiosk::sql {

Error error(sqlite3* db, int rc, std::string_view what) {
    const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
    const std::string where = (file && *file) ? std::string(file) : std::string("the kiosk database");
    const int primary = rc & 0xff;
    // The SQLite message can quote SQL but never bound values, so it is safe to log.
    const std::string detail = db ? std::string(sqlite3_errmsg(db)) : std::string(sqlite3_errstr(rc));
    switch (primary) {
    case SQLITE_FULL:
        return make_error("store.full",
                          "The kiosk's storage is full, so nothing was saved (" + std::string(what) +
                              "). Ask the station's IT contact to free disk space on the disk holding " + where +
                              "; requests already saved are safe.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return make_error("store.corrupt",
                          "The kiosk database " + where + " is damaged or is not a kiosk database (" + detail +
                              "). It has NOT been changed or replaced: keep the file for recovery and call IT.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return make_error("store.busy", "The kiosk database " + where + " is in use by another program (" +
                                            std::string(what) + "); try again, or stop the other program.");
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return make_error("store.io", "Cannot write the kiosk database " + where + " (" + detail +
                                          "): check that the data directory exists and is writable.");
    case SQLITE_IOERR:
        return make_error("store.io", "Disk error on the kiosk database " + where + " while " + std::string(what) +
                                          " (" + detail + ").");
    case SQLITE_CONSTRAINT:
        return make_error("store.constraint", std::string(what) + ": " + detail);
    default:
        return make_error("store.error", std::string(what) + ": " + detail);
    }
}

Stmt::Stmt(sqlite3* db, const char* sql) : db_(db) { prepare_own(sql); }

void Stmt::prepare_own(const char* sql) {
    prepare_rc_ = sqlite3_prepare_v2(db_, sql, -1, &s_, nullptr);
    if (prepare_rc_ != SQLITE_OK) {
        sqlite3_finalize(s_);
        s_ = nullptr;
    }
}

Stmt::Stmt(StmtCache& cache, const char* sql) : db_(cache.db()) {
    int rc = SQLITE_OK;
    borrowed_ = cache.acquire(sql, &rc);
    if (borrowed_) {
        s_ = borrowed_->stmt;
        return;
    }
    if (rc != SQLITE_OK) {   // the SQL itself failed to prepare: report that at step()
        prepare_rc_ = rc;
        return;
    }
    prepare_own(sql);   // in use already (re-entrant): a private copy
}

Stmt::~Stmt() {
    if (!borrowed_) {
        sqlite3_finalize(s_);
        return;
    }
    // Back to the cache: reset ends the read snapshot of a half-read SELECT, and cleared bindings do not
    // keep a copy of a previous request's values alive.
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    borrowed_->in_use = false;
}

StmtCache::Entry* StmtCache::acquire(const char* sql, int* rc) {
    *rc = SQLITE_OK;
    auto it = map_.find(sql);
    if (it != map_.end()) {
        if (it->second.in_use) return nullptr;
        it->second.in_use = true;
        return &it->second;
    }
    sqlite3_stmt* s = nullptr;
    *rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (*rc != SQLITE_OK) {
        sqlite3_finalize(s);
        return nullptr;
    }
    Entry& e = map_[sql];
    e.stmt = s;
    e.in_use = true;
    return &e;
}

void StmtCache::clear() {
    for (auto& [sql, e] : map_) {
        assert(!e.in_use && "StmtCache::clear() while a Stmt still borrows a statement: destroy it first");
        sqlite3_finalize(e.stmt);
    }
    map_.clear();
}

Status Stmt::run(std::string_view what) {
    int rc = step();
    while (rc == SQLITE_ROW) rc = step();
    if (rc != SQLITE_DONE) return error(db_, rc, what);
    return ok_status();
}

Status exec(sqlite3* db, const char* sql, std::string_view what) {
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return error(db, rc, what);
    return ok_status();
}

Tx::Tx(sqlite3* db) : db_(db), begun_(exec(db, "BEGIN IMMEDIATE", "starting a transaction")) {
    done_ = !begun_.ok();
}

Tx::Tx(StmtCache& cache)
    : db_(cache.db()), cache_(&cache), begun_(Stmt(cache, "BEGIN IMMEDIATE").run("starting a transaction")) {
    done_ = !begun_.ok();
}

Tx::~Tx() {
    // A failed COMMIT (e.g. SQLITE_FULL) may already have rolled back; ROLLBACK then is a harmless no-op error.
    if (!done_ && !sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Tx::commit() {
    assert(begun_.ok() && "Tx::commit() after BEGIN failed: check begun() first");
    Status st = cache_ ? Stmt(*cache_, "COMMIT").run("saving (COMMIT)") : exec(db_, "COMMIT", "saving (COMMIT)");
    if (st) done_ = true;
    return st;
}

} // namespace kiosk::sql
