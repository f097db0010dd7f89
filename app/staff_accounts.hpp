#pragma once
// [SECTION] Staff accounts — PIN login for staff mode (issue 6). PINs are stored as PBKDF2-HMAC-SHA256 with a
// per-account random salt and the iteration count beside the hash (so it can be raised later without
// breaking old hashes). After kMaxFailures wrong PINs the account locks for 1 minute, then 2, 4, 8 …
// capped at kMaxLockoutMinutes; a successful login resets the growth. Logins, failures and lockouts are
// audited. Login with an empty id ("any account": a PIN-only pad) is throttled by a kiosk-wide counter.
// The rows live in the store (Store::add_staff … record_login_failure); this class hashes and decides.
#include "result.hpp"
#include "store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// StaffAccount, LoginThrottle: store.hpp (the store keeps the rows).

enum class LoginOutcome { ok, wrong, locked };

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::wrong;
    std::string staff_id;         // on ok: who logged in
    int seconds_left = 0;         // on locked: until the PIN pad accepts PINs again
    int attempts_left = 0;        // on wrong: before the next lockout
};

// PIN rules: 6–12 digits, not all the same digit, not an ascending or descending run (123456, 987654,
// 890123). Error code "staff.weak_pin" with a message for the person choosing it.
Status check_pin_rules(std::string_view pin);

class StaffAccounts {
public:
    static constexpr int kDefaultIterations = 600'000;   // OWASP 2023 for PBKDF2-HMAC-SHA256
    static constexpr int kMaxFailures = 5;
    static constexpr int kMaxLockoutMinutes = 60;

    // `iterations` applies to PINs set from now on; tests pass a small number to stay fast.
    explicit StaffAccounts(Store& store, int iterations = kDefaultIterations);

    Status add(const std::string& id, const std::string& display_name, const std::string& pin,
               WallTime now = WallClock::now(), const std::string& actor = "system");
    Status remove(const std::string& id, WallTime now = WallClock::now(), const std::string& actor = "system");
    Status change_pin(const std::string& id, const std::string& new_pin, WallTime now = WallClock::now(),
                      const std::string& actor = "system");
    Result<std::vector<StaffAccount>> list();
    Result<bool> any();   // false: the kiosk tells how to create the first account

    // id empty = try every account (PIN-only pad). Errors only for database failures; a wrong PIN is an
    // outcome, not an error. Never logs the PIN.
    Result<LoginResult> verify(const std::string& id_or_any, const std::string& pin, WallTime now = WallClock::now());

private:
    Store& store_;
    int iterations_;
};

} // namespace kiosk
