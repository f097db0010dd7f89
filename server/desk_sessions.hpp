#pragma once
// [SECTION] Desk sessions, kept in the intake's database (IntakeStore::add_desk_session …) so that every
// instance sharing it serves every console, and a restart logs no one out (docs/DESK_API.md "Session"): a
// random 256-bit cookie value (stored only as its SHA-256) and a separate random 256-bit CSRF token per login,
// idle expiry in wall-clock time, renewed by use. The login throttle for names that are not accounts stays in
// each process's memory, not in the database, so that guessing names cannot fill it (bounded).
#include "server/intake_store.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace intake {

struct DeskSession {
    std::string token, csrf;
    std::string name;                  // the account; window and serves are read from it at every call
    int window = 0;
    std::vector<std::string> serves;
};

class DeskSessions {
public:
    DeskSessions(IntakeStore& store, std::chrono::milliseconds idle) : store_(store), idle_(idle) {}
    Result<DeskSession> create(const DeskAccount& a);
    // The live session for `token` (renewed), or nullopt: unknown, idle too long (then deleted), or its
    // account is gone. An error only when the database cannot answer (the caller says 503, not 401).
    Result<std::optional<DeskSession>> find(const std::string& token);
    Status remove(const std::string& token);
    std::chrono::milliseconds idle() const { return idle_; }

    // Throttle of a name that is no account, with the same arithmetic as an account's.
    LoginThrottle unknown_throttle(const std::string& name);
    void set_unknown_throttle(const std::string& name, const LoginThrottle& t);

private:
    IntakeStore& store_;
    std::chrono::milliseconds idle_;
    std::mutex mu_;                    // guards unknown_
    std::map<std::string, LoginThrottle> unknown_;
};

// How long a use may go unrecorded: a tenth of the idle time, at most 30 s. The console polls every few
// seconds; writing each poll's time would be a database write per poll per console for nothing.
std::chrono::milliseconds desk_renew_every(std::chrono::milliseconds idle);

// The growing delay: on the 5th wrong password in a row, a lockout of 30 s, doubling with each lockout
// since the last good login, capped at 15 min. Returns the new throttle; *lockout_s > 0 when one started.
constexpr int kDeskMaxFailures = 5;
LoginThrottle count_desk_failure(LoginThrottle t, std::int64_t now_ms, int* lockout_s);

// The value of cookie `name` in a Cookie header ("" if absent).
std::string cookie_value(const std::string& header, const std::string& name);

} // namespace intake
