#pragma once
// [SECTION] Desk sessions, in memory (a restart logs every officer out — docs/DESK_API.md "Session"): a random
// 256-bit cookie value and a separate random 256-bit CSRF token per login, idle expiry (every call with the
// session renews it), and the login throttle for names that are not accounts (kept here, not in the
// database, so that guessing names cannot fill it; bounded).
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
    std::string name;
    int window = 0;
    std::vector<std::string> serves;
    std::chrono::steady_clock::time_point last_used;
};

class DeskSessions {
public:
    explicit DeskSessions(std::chrono::milliseconds idle) : idle_(idle) {}
    DeskSession create(const DeskAccount& a);
    // The live session for `token` (renewed), or nullopt: unknown, or idle too long (then forgotten).
    std::optional<DeskSession> find(const std::string& token);
    void remove(const std::string& token);
    void remove_account(const std::string& name);   // e.g. the account was removed
    std::chrono::milliseconds idle() const { return idle_; }

    // Throttle of a name that is no account, with the same arithmetic as an account's.
    LoginThrottle unknown_throttle(const std::string& name);
    void set_unknown_throttle(const std::string& name, const LoginThrottle& t);

private:
    std::mutex mu_;
    std::chrono::milliseconds idle_;
    std::map<std::string, DeskSession> by_token_;
    std::map<std::string, LoginThrottle> unknown_;
};

// The growing delay: on the 5th wrong password in a row, a lockout of 30 s, doubling with each lockout
// since the last good login, capped at 15 min. Returns the new throttle; *lockout_s > 0 when one started.
constexpr int kDeskMaxFailures = 5;
LoginThrottle count_desk_failure(LoginThrottle t, std::int64_t now_ms, int* lockout_s);

// The value of cookie `name` in a Cookie header ("" if absent).
std::string cookie_value(const std::string& header, const std::string& name);

} // namespace intake
