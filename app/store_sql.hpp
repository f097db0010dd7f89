#pragma once
// Internal to the store, audit and staff modules: RAII over sqlite3 statements and transactions, and the
// mapping of SQLite result codes to the stable error codes staff and logs see. Not a public contract.
#include "local_time.hpp"
#include "result.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosk::sql {

// Maps an SQLite failure to an Error: SQLITE_FULL → "store.full", CORRUPT/NOTADB → "store.corrupt",
// BUSY/LOCKED → "store.busy", everything else "store.error". `what` says what we were doing (no PII).
Error error(sqlite3* db, int rc, std::string_view what);

// Prepared statements kept for the life of one connection, keyed by their SQL text. Preparing (parsing and
// planning) costs more than running the small statements of the upload path, which runs the same few
// statements thousands of times while a queue drains. Not thread-safe: the owner's mutex guards it.
class StmtCache {
public:
    explicit StmtCache(sqlite3* db) : db_(db) {}
    ~StmtCache() { clear(); }
    StmtCache(const StmtCache&) = delete;
    StmtCache& operator=(const StmtCache&) = delete;

    struct Entry {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;          // lent to a live Stmt
    };
    // An entry lent to the caller (in_use set; the borrower clears it), ready to bind; nullptr with *rc
    // set when preparing failed; nullptr with *rc == SQLITE_OK when that statement is lent already (the
    // same SQL used re-entrantly): the caller then prepares a private copy.
    Entry* acquire(const char* sql, int* rc);
    void clear();                     // finalizes all; must run before the connection is closed
    std::size_t size() const { return map_.size(); }
    sqlite3* db() const { return db_; }

private:
    sqlite3* db_;
    std::unordered_map<std::string, Entry> map_;   // node-based: Entry pointers stay valid
};

// A prepared statement. Bind indexes are 1-based as in SQLite. Errors surface at step().
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql);
    // Borrows the statement from `cache` (preparing it the first time); the destructor resets it for the
    // next user instead of finalizing it.
    Stmt(StmtCache& cache, const char* sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool prepared() const { return s_ != nullptr; }
    int prepare_rc() const { return prepare_rc_; }
    Stmt& bind(int i, std::string_view v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
    Stmt& bind(int i, int v) { sqlite3_bind_int64(s_, i, v); return *this; }
    Stmt& bind_blob(int i, const std::vector<std::uint8_t>& v) {
        sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind_null(int i) { sqlite3_bind_null(s_, i); return *this; }

    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return s_ ? sqlite3_step(s_) : prepare_rc_; }
    // Runs to completion; Ok on SQLITE_DONE.
    Status run(std::string_view what);
    void reset() { sqlite3_reset(s_); sqlite3_clear_bindings(s_); }

    bool is_null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
    std::int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
    std::string text(int c) const {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
    }
    std::vector<std::uint8_t> blob(int c) const {
        auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, c));
        auto n = static_cast<std::size_t>(sqlite3_column_bytes(s_, c));
        return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
    }

private:
    void prepare_own(const char* sql);   // a statement this Stmt finalizes itself
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
    int prepare_rc_ = SQLITE_OK;
    StmtCache::Entry* borrowed_ = nullptr;
};

// Runs SQL without results (several statements allowed).
Status exec(sqlite3* db, const char* sql, std::string_view what);

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless commit() succeeded, so every early
// return on an error leaves nothing half-written.
class Tx {
public:
    explicit Tx(sqlite3* db);
    explicit Tx(StmtCache& cache);    // same, with BEGIN and COMMIT prepared once per connection
    ~Tx();
    Tx(const Tx&) = delete;
    Tx& operator=(const Tx&) = delete;
    const Status& begun() const { return begun_; }
    Status commit();

private:
    sqlite3* db_;
    StmtCache* cache_ = nullptr;
    Status begun_;
    bool done_ = false;
};

inline std::int64_t to_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline std::chrono::system_clock::time_point from_ms(std::int64_t ms) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

using kiosk::local_day;       // local_time.hpp
using kiosk::rfc3339_local;

} // namespace kiosk::sql
