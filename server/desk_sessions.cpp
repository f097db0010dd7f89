// Desk sessions and the login throttle arithmetic. See desk_sessions.hpp.
#include "server/desk_sessions.hpp"

#include "app/crypto.hpp"

#include <algorithm>

namespace intake {

namespace {
std::string random_token() {
    const kiosk::Bytes b = kiosk::random_bytes(32);   // 256 bits
    return kiosk::to_hex(b.data(), b.size());
}
} // namespace

DeskSession DeskSessions::create(const DeskAccount& a) {
    DeskSession s{random_token(), random_token(), a.name, a.window, a.serves, std::chrono::steady_clock::now()};
    std::lock_guard lock(mu_);
    by_token_[s.token] = s;
    return s;
}

std::optional<DeskSession> DeskSessions::find(const std::string& token) {
    if (token.size() != 64) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    // Expired sessions are dropped as they are met, and all of them now and then (no timer thread).
    if (by_token_.size() > 64)
        for (auto it = by_token_.begin(); it != by_token_.end();)
            it = now - it->second.last_used > idle_ ? by_token_.erase(it) : std::next(it);
    auto it = by_token_.find(token);
    if (it == by_token_.end()) return std::nullopt;
    if (now - it->second.last_used > idle_) {
        by_token_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second;
}

void DeskSessions::remove(const std::string& token) {
    std::lock_guard lock(mu_);
    by_token_.erase(token);
}

void DeskSessions::remove_account(const std::string& name) {
    std::lock_guard lock(mu_);
    for (auto it = by_token_.begin(); it != by_token_.end();) it = it->second.name == name ? by_token_.erase(it) : std::next(it);
}

LoginThrottle DeskSessions::unknown_throttle(const std::string& name) {
    std::lock_guard lock(mu_);
    auto it = unknown_.find(name);
    return it == unknown_.end() ? LoginThrottle{} : it->second;
}

void DeskSessions::set_unknown_throttle(const std::string& name, const LoginThrottle& t) {
    std::lock_guard lock(mu_);
    if (unknown_.size() > 10000) unknown_.clear();   // bounded: a flood of made-up names cannot grow it forever
    unknown_[name.substr(0, 64)] = t;
}

LoginThrottle count_desk_failure(LoginThrottle t, std::int64_t now_ms, int* lockout_s) {
    *lockout_s = 0;
    t.failed += 1;
    if (t.failed >= kDeskMaxFailures) {
        *lockout_s = t.lockouts >= 5 ? 900 : std::min(30 << t.lockouts, 900);   // 30, 60, 120, 240, 480, 900 s
        t.failed = 0;
        t.lockouts += 1;
        t.locked_until_ms = now_ms + static_cast<std::int64_t>(*lockout_s) * 1000;
    }
    return t;
}

std::string cookie_value(const std::string& header, const std::string& name) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
        const std::size_t end = std::min(header.find(';', pos), header.size());
        const std::string part = header.substr(pos, end - pos);
        const auto eq = part.find('=');
        if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
        pos = end + 1;
    }
    return {};
}

} // namespace intake
