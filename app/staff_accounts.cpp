// Staff accounts (see staff_accounts.hpp for the contract).
//
// [SECTION] PIN rules and hashing
// [SECTION] Throttle (failure counting and growing lockouts)
// [SECTION] Account management
// [SECTION] verify
#include "staff_accounts.hpp"

#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

namespace kiosk {

// [SECTION] PIN rules and hashing

Status check_pin_rules(std::string_view pin) {
    auto weak = [](const char* why) { return make_error("staff.weak_pin", why); };
    if (pin.size() < 6 || pin.size() > 12) return weak("The PIN must have 6 to 12 digits.");
    for (char c : pin)
        if (c < '0' || c > '9') return weak("The PIN may contain digits only.");
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin[0]; }))
        return weak("The PIN must not be one digit repeated (such as 000000).");
    bool up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        const int d = (pin[i] - pin[i - 1] + 10) % 10;
        up = up && d == 1;
        down = down && d == 9;
    }
    if (up || down) return weak("The PIN must not be a run of digits (such as 123456 or 987654).");
    return ok_status();
}

namespace {

constexpr std::size_t kSaltBytes = 16;

// The one PBKDF2 of the code base (app/crypto), shared with the intake's desk accounts.
Bytes pbkdf2(std::string_view pin, const Bytes& salt, int iterations) { return pbkdf2_sha256(pin, salt, iterations); }
bool same(const Bytes& a, const Bytes& b) { return same_bytes(a, b); }

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 32) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

// [SECTION] Throttle
// The same arithmetic for an account's counter and the kiosk-wide PIN-only one.

int lockout_minutes(int lockouts_before) {
    // 1, 2, 4, 8, 16, 32, 60, 60 … minutes. The shift is bounded before it can overflow.
    if (lockouts_before >= 6) return StaffAccounts::kMaxLockoutMinutes;
    return std::min(1 << lockouts_before, StaffAccounts::kMaxLockoutMinutes);
}

int seconds_until(std::int64_t until_ms, std::int64_t now_ms) {
    return static_cast<int>((until_ms - now_ms + 999) / 1000);
}

// One wrong PIN: on the kMaxFailures-th, a lockout starts (its length grows with the lockouts before it).
// Store::record_login_failure applies it to the counters it re-reads inside its transaction.
LoginFailureStep count_failure(LoginThrottle t, std::int64_t now_ms) {
    LoginFailureStep step;
    t.failed += 1;
    if (t.failed >= StaffAccounts::kMaxFailures) {
        step.lockout_minutes = lockout_minutes(t.lockouts);
        t.failed = 0;
        t.lockouts += 1;
        t.locked_until_ms = now_ms + static_cast<std::int64_t>(step.lockout_minutes) * 60'000;
    }
    step.after = t;
    return step;
}

} // namespace

// [SECTION] Account management

StaffAccounts::StaffAccounts(Store& store, int iterations) : store_(store), iterations_(iterations) {
    assert(iterations >= 1 && "StaffAccounts: iterations must be positive (production uses kDefaultIterations)");
}

Status StaffAccounts::add(const std::string& id, const std::string& display_name, const std::string& pin, WallTime now,
                          const std::string& actor) {
    if (!valid_id(id)) return make_error("staff.invalid", "staff id must be 1–32 characters of a–z, 0–9, '.', '_' or '-'");
    if (display_name.empty() || display_name.size() > 128) return make_error("staff.invalid", "display name must be 1–128 bytes");
    if (auto st = check_pin_rules(pin); !st) return st;
    Bytes salt = random_bytes(kSaltBytes);
    Bytes hash = pbkdf2(pin, salt, iterations_);   // slow on purpose: before the store takes its lock
    if (hash.empty()) return make_error("crypto.error", "PBKDF2 failed");
    return store_.add_staff(id, display_name, salt, hash, iterations_, now, actor);
}

Status StaffAccounts::remove(const std::string& id, WallTime now, const std::string& actor) {
    return store_.remove_staff(id, now, actor);
}

Status StaffAccounts::change_pin(const std::string& id, const std::string& new_pin, WallTime now, const std::string& actor) {
    if (auto st = check_pin_rules(new_pin); !st) return st;
    Bytes salt = random_bytes(kSaltBytes);
    Bytes hash = pbkdf2(new_pin, salt, iterations_);
    if (hash.empty()) return make_error("crypto.error", "PBKDF2 failed");
    return store_.set_staff_pin(id, salt, hash, iterations_, now, actor);
}

Result<std::vector<StaffAccount>> StaffAccounts::list() { return store_.list_staff(); }

Result<bool> StaffAccounts::any() { return store_.has_staff(); }

// [SECTION] verify

Result<LoginResult> StaffAccounts::verify(const std::string& id_or_any, const std::string& pin, WallTime now) {
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const bool any_mode = id_or_any.empty();
    // Read what we need, then hash while the store is free: PBKDF2 takes a good fraction of a second.
    if (any_mode) {
        auto t = store_.pin_only_throttle();
        if (!t) return t.error();
        if (t->locked_until_ms > now_ms)
            return LoginResult{LoginOutcome::locked, "", seconds_until(t->locked_until_ms, now_ms), 0};
    }
    auto candidates = store_.staff_credentials(id_or_any);
    if (!candidates) return candidates.error();
    if (!any_mode && !candidates->empty() && candidates->front().throttle.locked_until_ms > now_ms)
        return LoginResult{LoginOutcome::locked, id_or_any, seconds_until(candidates->front().throttle.locked_until_ms, now_ms), 0};

    const StaffCredential* match = nullptr;
    for (const StaffCredential& c : *candidates) {
        if (c.iterations < 1) continue;
        Bytes h = pbkdf2(pin, c.salt, c.iterations);
        if (same(h, c.pin_hash) && !match) match = &c;   // keep hashing the rest: timing does not reveal which
    }

    if (match && match->throttle.locked_until_ms > now_ms) {
        // PIN-only pad and the matching account is locked: its lockout stands.
        return LoginResult{LoginOutcome::locked, match->id, seconds_until(match->throttle.locked_until_ms, now_ms), 0};
    }
    if (match) {
        if (auto st = store_.record_login(match->id, any_mode, now); !st) return st.error();
        return LoginResult{LoginOutcome::ok, match->id, 0, 0};
    }
    // Wrong PIN. An unknown id counts against the kiosk-wide counter so guessing ids is throttled too.
    const bool known = !any_mode && !candidates->empty();
    auto step = store_.record_login_failure(known ? id_or_any : "", now, &count_failure);
    if (!step) return step.error();
    LoginResult r;
    if (step->lockout_minutes > 0) {
        r.outcome = LoginOutcome::locked;
        r.seconds_left = step->lockout_minutes * 60;
    } else {
        r.outcome = LoginOutcome::wrong;
        r.attempts_left = kMaxFailures - step->after.failed;
    }
    return r;
}

} // namespace kiosk
