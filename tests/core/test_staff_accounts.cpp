// Staff accounts: PIN rules, PBKDF2 storage, login outcomes, growing lockouts and their audit rows.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/staff_accounts.hpp"
#include "app/store_sql.hpp"

using namespace kiosk;
using namespace kiosk::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kFast = 1000;   // iterations for tests; the default (600,000) is checked separately

struct AccountsFixture : StoreFixture {
    AccountsFixture() : StoreFixture("staff") {}
    int audit_count(const std::string& action) {
        sql::Stmt q(raw(*store), "SELECT COUNT(*) FROM audit WHERE action=?");
        q.bind(1, action);
        REQUIRE(q.step() == SQLITE_ROW);
        return static_cast<int>(q.i64(0));
    }
};

LoginResult login(StaffAccounts& s, const std::string& id, const std::string& pin, WallTime at) {
    auto r = s.verify(id, pin, at);
    REQUIRE(r.ok());
    return *r;
}

} // namespace

TEST_CASE("PIN rules: 6–12 digits, no repeated digit, no runs") {
    for (const char* good : {"246810", "135792468", "902184", "314159265358"}) {
        INFO(good);
        CHECK(check_pin_rules(good).ok());
    }
    for (const char* bad : {"", "12345", "1234567890123", "12a456", "123 456", "000000", "777777777",
                            "123456", "654321", "890123", "3210987", "0123456789"}) {
        INFO(bad);
        auto st = check_pin_rules(bad);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().code == "staff.weak_pin");
    }
}

TEST_CASE("the default PBKDF2 iteration count (600,000) is what gets stored") {
    AccountsFixture f;
    StaffAccounts staff(*f.store);
    REQUIRE(staff.add("wang", "王警官", "246810").ok());
    auto all = staff.list();
    REQUIRE(all->size() == 1);
    CHECK((*all)[0].iterations == 600000);
    CHECK(StaffAccounts::kDefaultIterations >= 600000);
    sql::Stmt q(raw(*f.store), "SELECT length(salt), length(pin_hash), instr(pin_hash, '246810') FROM staff");
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.i64(0) == 16);
    CHECK(q.i64(1) == 32);
    CHECK(q.i64(2) == 0);
}

TEST_CASE("add, list, change_pin, remove — with audit rows and clear errors") {
    AccountsFixture f;
    StaffAccounts staff(*f.store, kFast);
    auto t = WallClock::now();
    CHECK_FALSE(*staff.any());
    REQUIRE(staff.add("wang", "王警官", "246810", t, "admin").ok());
    CHECK(*staff.any());
    CHECK(staff.add("wang", "again", "975310", t).error().code == "staff.exists");
    CHECK(staff.add("Bad Id", "x", "975310", t).error().code == "staff.invalid");
    CHECK(staff.add("li", "", "975310", t).error().code == "staff.invalid");
    CHECK(staff.add("li", "李", "111111", t).error().code == "staff.weak_pin");
    REQUIRE(staff.add("li", "李警官", "975310", t).ok());
    auto all = staff.list();
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].id == "li");
    CHECK((*all)[1].display_name == "王警官");
    CHECK((*all)[1].iterations == kFast);

    CHECK(login(staff, "wang", "246810", t).outcome == LoginOutcome::ok);
    REQUIRE(staff.change_pin("wang", "802468", t, "wang").ok());
    CHECK(login(staff, "wang", "246810", t).outcome == LoginOutcome::wrong);
    CHECK(login(staff, "wang", "802468", t).outcome == LoginOutcome::ok);
    CHECK(staff.change_pin("wang", "123456", t).error().code == "staff.weak_pin");
    CHECK(staff.change_pin("nobody", "802468", t).error().code == "staff.not_found");

    REQUIRE(staff.remove("li", t, "wang").ok());
    CHECK(staff.remove("li", t).error().code == "staff.not_found");
    CHECK(login(staff, "li", "975310", t).outcome == LoginOutcome::wrong);
    CHECK(staff.list()->size() == 1);

    CHECK(f.audit_count("staff.add") == 2);
    CHECK(f.audit_count("staff.passwd") == 1);
    CHECK(f.audit_count("staff.remove") == 1);
    CHECK(f.audit_count("staff.login") == 2);
    CHECK(f.audit_count("staff.login_failed") == 2);
    CHECK(f.store->verify_audit()->ok);
    // The audit log never holds a PIN.
    sql::Stmt q(raw(*f.store), "SELECT COUNT(*) FROM audit WHERE detail LIKE '%246810%' OR detail LIKE '%802468%'");
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.i64(0) == 0);
}

TEST_CASE("five wrong PINs lock the account, lockouts grow 1, 2, 4 … minutes, capped, success resets") {
    AccountsFixture f;
    StaffAccounts staff(*f.store, kFast);
    auto t = WallClock::now();
    REQUIRE(staff.add("wang", "王警官", "246810", t).ok());

    auto five_wrong = [&](WallTime at) {
        for (int i = 1; i <= 4; ++i) {
            auto r = login(staff, "wang", "000001", at);
            REQUIRE(r.outcome == LoginOutcome::wrong);
            CHECK(r.attempts_left == 5 - i);
        }
        return login(staff, "wang", "000001", at);
    };

    const int expected_minutes[] = {1, 2, 4, 8, 16, 32, 60, 60};
    for (int minutes : expected_minutes) {
        auto r = five_wrong(t);
        INFO("lockout of " << minutes << " min");
        REQUIRE(r.outcome == LoginOutcome::locked);
        CHECK(r.seconds_left == minutes * 60);
        // While locked even the right PIN is refused, and the time left counts down.
        auto during = login(staff, "wang", "246810", t + std::chrono::seconds(30));
        CHECK(during.outcome == LoginOutcome::locked);
        CHECK(during.seconds_left == minutes * 60 - 30);
        t += std::chrono::minutes(minutes) + 1s;
    }
    CHECK(f.audit_count("staff.lockout") == 8);

    // The right PIN after the lockout works and resets the growth.
    CHECK(login(staff, "wang", "246810", t).outcome == LoginOutcome::ok);
    auto after = five_wrong(t);
    CHECK(after.outcome == LoginOutcome::locked);
    CHECK(after.seconds_left == 60);
    CHECK(f.store->verify_audit()->ok);
}

TEST_CASE("PIN-only login finds the account, and wrong PINs lock the pad kiosk-wide") {
    AccountsFixture f;
    StaffAccounts staff(*f.store, kFast);
    auto t = WallClock::now();
    REQUIRE(staff.add("li", "李警官", "975310", t).ok());
    REQUIRE(staff.add("wang", "王警官", "246810", t).ok());
    auto ok = login(staff, "", "246810", t);
    CHECK(ok.outcome == LoginOutcome::ok);
    CHECK(ok.staff_id == "wang");
    CHECK(login(staff, "", "975310", t).staff_id == "li");
    for (int i = 0; i < 4; ++i) CHECK(login(staff, "", "111112", t).outcome == LoginOutcome::wrong);
    auto locked = login(staff, "", "111112", t);
    CHECK(locked.outcome == LoginOutcome::locked);
    CHECK(locked.seconds_left == 60);
    CHECK(login(staff, "", "246810", t + 10s).outcome == LoginOutcome::locked);   // pad locked for everyone
    CHECK(login(staff, "", "246810", t + 61s).outcome == LoginOutcome::ok);
    // Unknown ids count against the kiosk-wide counter too.
    for (int i = 0; i < 4; ++i) CHECK(login(staff, "ghost", "246810", t + 62s).outcome == LoginOutcome::wrong);
    CHECK(login(staff, "ghost", "246810", t + 62s).outcome == LoginOutcome::locked);
}
