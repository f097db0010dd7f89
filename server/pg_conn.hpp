#pragma once
// [SECTION] The one place that speaks libpq: a small pool of connections per intake instance, parameterised
// queries only (PQexecParams, text format), and errors mapped onto the intake's codes — a lost or refused
// connection is "intake.db_down" (the HTTP layer answers 503 + Retry-After; nothing was committed), any other
// failure "intake.db". A connection found broken is reset when it is next taken from the pool, so the
// intake recovers by itself once the server is back.
#include "app/result.hpp"

#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace intake::pg {

using kiosk::Result;
using kiosk::Status;

// A query parameter in text form (libpq's text format); nullopt is SQL NULL.
struct Param {
    std::optional<std::string> v;
    Param(std::string s) : v(std::move(s)) {}
    Param(const char* s) : v(std::string(s)) {}
    Param(std::int64_t n) : v(std::to_string(n)) {}
    Param(int n) : v(std::to_string(n)) {}
    Param(long long n) : v(std::to_string(n)) {}
};

// The rows of one statement; columns read as text (the queries cast what they need).
class Rows {
public:
    explicit Rows(pg_result* r);
    Rows(Rows&& o) noexcept;
    Rows& operator=(Rows&&) = delete;
    ~Rows();
    int size() const;
    std::string text(int row, int col) const;
    std::int64_t i64(int row, int col) const;
    bool is_null(int row, int col) const;
    long long affected() const;   // rows an INSERT/UPDATE/DELETE touched

private:
    pg_result* r_;
};

struct Failure {
    kiosk::Error error;
    std::string sqlstate;   // "23505" unique violation, … ("" when the connection failed)
    std::string constraint;
};

class Conn {
public:
    explicit Conn(pg_conn* c) : c_(c) {}
    // One statement; `what` names it in messages.
    Result<Rows> exec(const char* what, const std::string& sql, std::initializer_list<Param> params = {});
    Result<Rows> exec(const char* what, const std::string& sql, const std::vector<Param>& params);
    // Several statements, no parameters (the schema migrations).
    Status script(const char* what, const std::string& sql);
    const Failure& last_failure() const { return last_; }
    bool broken() const;
    pg_conn* raw() { return c_; }

private:
    pg_conn* c_;
    Failure last_;
};

class Pool;
// A connection taken from the pool; given back when destroyed.
class Lease {
public:
    Lease(Pool* p, std::unique_ptr<Conn> c) : pool_(p), conn_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    ~Lease();
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }

private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
};

class Pool {
public:
    // Opens the first connection now (so a wrong URI fails at start with a clear message); the others on
    // demand, up to `size`.
    static Result<std::unique_ptr<Pool>> open(const std::string& uri, int size);
    ~Pool();
    Result<Lease> take();
    const std::string& uri() const { return uri_; }
    // A fresh connection outside the pool (the LISTEN thread; tests).
    static Result<pg_conn*> connect(const std::string& uri);

private:
    friend class Lease;
    Pool(std::string uri, int size) : uri_(std::move(uri)), size_(size) {}
    void give_back(std::unique_ptr<Conn> c);
    std::string uri_;
    int size_;
    int open_ = 0;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> idle_;
};

// BEGIN … COMMIT on a lease; rolled back when destroyed uncommitted.
class Tx {
public:
    explicit Tx(Conn& c) : c_(c) {}
    ~Tx();
    Status begin();
    Status commit();
    void rollback();

private:
    Conn& c_;
    bool open_ = false;
};

// A PostgreSQL array in text form, {"a","b"}, for one parameter carrying a whole batch (unnest($1::text[])).
std::string array_literal(const std::vector<std::string>& items);
// The URI without its password, for messages and logs.
std::string redact(const std::string& uri);
// Text ↔ bytea as hex, for the sealed payloads and password hashes.
std::string to_hex(const std::vector<std::uint8_t>& b);
std::vector<std::uint8_t> from_hex(const std::string& bytea_text);   // accepts PostgreSQL's "\x…" output

} // namespace intake::pg
