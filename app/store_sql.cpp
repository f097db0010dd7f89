// SQLite helpers shared by the store, audit and staff modules (see store_sql.hpp).
#include "store_sql.hpp"

#include <cstdio>
#include <ctime>

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

Stmt::Stmt(sqlite3* db, const char* sql) : db_(db) {
    prepare_rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr);
    if (prepare_rc_ != SQLITE_OK) {
        sqlite3_finalize(s_);
        s_ = nullptr;
    }
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

Tx::~Tx() {
    // A failed COMMIT (e.g. SQLITE_FULL) may already have rolled back; ROLLBACK then is a harmless no-op error.
    if (!done_ && !sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Tx::commit() {
    assert(begun_.ok() && "Tx::commit() after BEGIN failed: check begun() first");
    Status st = exec(db_, "COMMIT", "saving (COMMIT)");
    if (st) done_ = true;
    return st;
}

std::string local_day(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string rfc3339_local(std::chrono::system_clock::time_point t) {
    // Floor to whole seconds (to_time_t may round) so created_at never lies about the order of events.
    auto secs = std::chrono::floor<std::chrono::seconds>(t);
    std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    int off = static_cast<int>(tm.tm_gmtoff / 60);   // minutes east of UTC, |off| < 24 h
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    char tz[16];
    std::snprintf(tz, sizeof tz, "%c%02d:%02d", sign, (off / 60) % 100, off % 60);
    return std::string(buf) + tz;
}

} // namespace kiosk::sql
