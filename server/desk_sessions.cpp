// Desk sessions and the login throttle arithmetic. See desk_sessions.hpp.
#include "server/desk_sessions.hpp"

#include "server/intake_shared.hpp"

#include "app/crypto.hpp"

#include <algorithm>

namespace intake {

namespace {
std::string random_token() {
    const kiosk::Bytes b = kiosk::random_bytes(32);   // 256 bits
    return kiosk::to_hex(b.data(), b.size());
}

bool is_token(const std::string& t) {   // what random_token makes: 64 lowercase hex digits
    return t.size() == 64 && std::all_of(t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
} // namespace

std::chrono::milliseconds desk_renew_every(std::chrono::milliseconds idle) {
    return std::min<std::chrono::milliseconds>(idle / 10, std::chrono::seconds(30));
}

Result<DeskSession> DeskSessions::create(const DeskAccount& a) {
    DeskSession s{random_token(), random_token(), a.name, a.window, a.serves};
    const std::int64_t now = now_ms();
    const StoredDeskSession row{kiosk::sha256_hex(s.token), s.csrf, a.name, now, now};
    if (auto st = store_.add_desk_session(row, now - idle_.count()); !st) return st.error();
    return s;
}

Result<std::optional<DeskSession>> DeskSessions::find(const std::string& token) {
    if (!is_token(token)) return std::optional<DeskSession>{};
    const std::string key = kiosk::sha256_hex(token);
    auto row = store_.desk_session(key);
    if (!row) return row.error();
    if (!*row) return std::optional<DeskSession>{};
    const std::int64_t now = now_ms();
    if (now - (*row)->last_used_ms > idle_.count()) {
        if (auto st = store_.end_desk_session(key); !st) return st.error();
        return std::optional<DeskSession>{};
    }
    auto acct = store_.account((*row)->name);
    if (!acct) return acct.error();
    if (!*acct) {   // removed while logged in (remove_account ends its sessions; this is the race's other side)
        if (auto st = store_.end_desk_session(key); !st) return st.error();
        return std::optional<DeskSession>{};
    }
    if (now - (*row)->last_used_ms >= desk_renew_every(idle_).count())
        if (auto st = store_.touch_desk_session(key, now); !st) return st.error();
    return std::optional<DeskSession>(DeskSession{token, (*row)->csrf, (*acct)->name, (*acct)->window, (*acct)->serves});
}

Status DeskSessions::remove(const std::string& token) {
    if (!is_token(token)) return kiosk::ok_status();
    return store_.end_desk_session(kiosk::sha256_hex(token));
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
