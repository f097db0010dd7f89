// libpq behind the intake's Result codes. See pg_conn.hpp.
#include "server/pg_conn.hpp"

#include "app/crypto.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <regex>

namespace intake::pg {

using kiosk::make_error;

// [SECTION] rows
Rows::Rows(pg_result* r) : r_(r) {}
Rows::Rows(Rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
Rows::~Rows() { PQclear(r_); }
int Rows::size() const { return PQntuples(r_); }
std::string Rows::text(int row, int col) const { return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col)); }
std::int64_t Rows::i64(int row, int col) const { return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10); }
bool Rows::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
long long Rows::affected() const { return std::strtoll(PQcmdTuples(r_), nullptr, 10); }

// [SECTION] statements
namespace {

// Connection classes: 08 (connection exception), 57P01–57P03 (shutdown, crash, cannot connect now).
bool is_down_state(const std::string& s) {
    return s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03";
}

std::string first_line(const char* m) {
    std::string s = m ? m : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

} // namespace

bool Conn::broken() const { return PQstatus(c_) != CONNECTION_OK; }

Result<Rows> Conn::exec(const char* what, const std::string& sql, std::initializer_list<Param> params) {
    return exec(what, sql, std::vector<Param>(params));
}

Result<Rows> Conn::exec(const char* what, const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.v ? p.v->c_str() : nullptr);
    PGresult* r = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
    const auto st = PQresultStatus(r);
    if (r && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) {
        last_ = {};
        return Rows(r);
    }
    last_ = {};
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    last_.sqlstate = state ? state : "";
    last_.constraint = constraint ? constraint : "";
    const std::string msg = first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c_));
    PQclear(r);
    const bool down = broken() || is_down_state(last_.sqlstate);
    last_.error = make_error(down ? "intake.db_down" : "intake.db",
                             std::string(what) + ": " + (down ? "the database is unreachable: " : "") + msg);
    return last_.error;
}

Status Conn::script(const char* what, const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string msg = first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c_));
    PQclear(r);
    if (ok) return kiosk::ok_status();
    return make_error(broken() ? "intake.db_down" : "intake.db", std::string(what) + ": " + msg);
}

// [SECTION] pool
Result<pg_conn*> Pool::connect(const std::string& uri) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (!c) return make_error("intake.db_down", "cannot connect to " + redact(uri) + ": out of memory");
    if (PQstatus(c) != CONNECTION_OK) {
        auto e = make_error("intake.db_down", "cannot connect to " + redact(uri) + ": " + first_line(PQerrorMessage(c)));
        PQfinish(c);
        return e;
    }
    // Quiet: NOTICEs (CREATE … IF NOT EXISTS) would go to stderr, which is the intake's log.
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    return c;
}

Result<std::unique_ptr<Pool>> Pool::open(const std::string& uri, int size) {
    if (size < 1) return make_error("intake.usage", "the connection pool needs at least one connection");
    std::unique_ptr<Pool> p(new Pool(uri, size));
    auto c = connect(uri);
    if (!c) return c.error();
    p->idle_.push_back(std::make_unique<Conn>(*c));
    p->open_ = 1;
    return p;
}

Pool::~Pool() {
    for (auto& c : idle_) PQfinish(c->raw());
}

Result<Lease> Pool::take() {
    std::unique_ptr<Conn> c;
    {
        std::unique_lock lock(mu_);
        // Bounded: a store call that cannot get a connection in time answers "down" (503), never hangs.
        if (!cv_.wait_for(lock, std::chrono::seconds(10), [&] { return !idle_.empty() || open_ < size_; }))
            return make_error("intake.db_down", "every database connection is busy");
        if (!idle_.empty()) {
            c = std::move(idle_.back());
            idle_.pop_back();
        } else {
            ++open_;
        }
    }
    if (!c) {
        auto raw = connect(uri_);
        if (!raw) {
            std::lock_guard lock(mu_);
            --open_;
            cv_.notify_one();
            return raw.error();
        }
        c = std::make_unique<Conn>(*raw);
    } else if (c->broken()) {
        PQreset(c->raw());   // the server restarted or the link dropped: try once, now
        if (c->broken()) {
            auto e = make_error("intake.db_down", "the database is unreachable: " + first_line(PQerrorMessage(c->raw())));
            give_back(std::move(c));
            return e;
        }
    }
    return Lease(this, std::move(c));
}

void Pool::give_back(std::unique_ptr<Conn> c) {
    {
        std::lock_guard lock(mu_);
        idle_.push_back(std::move(c));
    }
    cv_.notify_one();
}

Lease::~Lease() {
    if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

// [SECTION] transactions
Tx::~Tx() { rollback(); }

void Tx::rollback() {
    if (open_ && !c_.broken()) (void)c_.exec("rollback", "ROLLBACK");
    open_ = false;
}

Status Tx::begin() {
    auto r = c_.exec("begin", "BEGIN");
    if (!r) return r.error();
    open_ = true;
    return kiosk::ok_status();
}

Status Tx::commit() {
    auto r = c_.exec("commit", "COMMIT");
    open_ = false;   // a failed COMMIT has ended the transaction (rolled back) either way
    if (!r) return r.error();
    return kiosk::ok_status();
}

// [SECTION] text helpers
std::string array_literal(const std::vector<std::string>& items) {
    std::size_t size = 2;
    for (const auto& s : items) size += s.size() + 3;
    std::string out;
    out.reserve(size + size / 16);
    out += '{';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        const std::string& s = items[i];
        if (s.find_first_of("\"\\") == std::string::npos) {
            out += s;   // the common case (ids, hex, times): no quoting needed inside the quotes
        } else {
            for (char ch : s) {
                if (ch == '"' || ch == '\\') out += '\\';
                out += ch;
            }
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string redact(const std::string& uri) {
    static const std::regex pw("(://[^:/@]*):[^@/]*@");
    return std::regex_replace(uri, pw, "$1:***@");
}

std::string to_hex(const std::vector<std::uint8_t>& b) { return kiosk::to_hex(b.data(), b.size()); }

std::vector<std::uint8_t> from_hex(const std::string& s) {
    std::vector<std::uint8_t> out;
    std::size_t i = s.rfind("\\x", 0) == 0 ? 2 : 0;
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (; i + 1 < s.size(); i += 2) {
        const int hi = nib(s[i]), lo = nib(s[i + 1]);
        if (hi < 0 || lo < 0) return {};
        out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    return out;
}

} // namespace intake::pg
