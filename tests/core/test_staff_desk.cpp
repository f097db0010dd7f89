// Staff desk: login/auto-logout, every action needs a login and is audited, unmask needs a reason,
// day summary holds no personal data, config changes are audited, the staff CLI.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/staff_cli.hpp"
#include "app/staff_desk.hpp"

#include <sstream>

using namespace kiosk;
using namespace kiosk::testing;
using namespace std::chrono_literals;

namespace {

struct DeskFixture {
    TempDir dir{"staffdesk"};
    KeyRing keys = test_keys();
    std::unique_ptr<Store> store = std::move(*Store::open(dir / "kiosk.db", keys));
    StaffAccounts accounts{*store, 1000};   // low iteration count: these tests are about the desk
    Config cfg;
    std::chrono::steady_clock::time_point t = std::chrono::steady_clock::time_point{} + 100s;
    WallTime wall = WallClock::now();
    StaffDesk desk{*store, accounts, cfg, StaffDeskClocks{[this] { return t; }, [this] { return wall; }}};

    DeskFixture() {
        use_beijing_time();
        REQUIRE(accounts.add("wang", "王警官", "246813").ok());
    }
    std::vector<AuditEntry> audit_rows() {
        auto l = store->list_audit(500, 0);
        REQUIRE(l.ok());
        return l.value();
    }
    bool audited(const std::string& action, const std::string& actor) {
        for (const auto& e : audit_rows())
            if (e.action == action && e.actor == actor) return true;
        return false;
    }
};

} // namespace

TEST_CASE_METHOD(DeskFixture, "nothing works before login, and a wrong PIN does not log in") {
    auto sub = store->submit(sample_request());
    REQUIRE(sub.ok());
    CHECK(desk.counts().error().code == "staff.not_logged_in");
    CHECK(desk.clear(sub->request_id, "done").error().code == "staff.not_logged_in");
    CHECK(desk.unmask(sub->request_id, "check").error().code == "staff.not_logged_in");
    auto r = desk.login("135790");
    REQUIRE(r.ok());
    CHECK(r->outcome == LoginOutcome::wrong);
    CHECK_FALSE(desk.logged_in());
    r = desk.login("246813");
    REQUIRE(r.ok());
    CHECK(r->outcome == LoginOutcome::ok);
    CHECK(desk.staff_id() == "wang");
    CHECK(desk.counts()->queued == 1);
}

TEST_CASE_METHOD(DeskFixture, "staff mode logs itself out after the idle time and audits it") {
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    t += 100s;
    CHECK_FALSE(desk.update());
    desk.activity();
    t += 119s;
    CHECK_FALSE(desk.update());
    CHECK(*desk.seconds_to_auto_logout() == Approx(1.0));
    t += 2s;
    CHECK(desk.update());
    CHECK_FALSE(desk.logged_in());
    CHECK(audited("staff.logout", "wang"));
}

TEST_CASE_METHOD(DeskFixture, "unmask needs a reason and is audited before the data is shown") {
    auto sub = store->submit(sample_request());
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    CHECK(desk.unmask(sub->request_id, "  ").error().code == "staff.reason_required");
    CHECK_FALSE(audited("request.unmask", "wang"));
    auto full = desk.unmask(sub->request_id, "resident asked to check the number");
    REQUIRE(full.ok());
    CHECK(full->req.applicant.id_number == "11010519491231002X");
    CHECK(audited("request.unmask", "wang"));
    // The audit detail holds the request id and the reason, never the data itself.
    for (const auto& e : audit_rows()) CHECK(e.detail.find("11010519491231002X") == std::string::npos);
}

TEST_CASE_METHOD(DeskFixture, "clear, retry, discard and reprint are audited under the staff id") {
    auto a = store->submit(sample_request());
    auto b = store->submit(sample_request());
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    CHECK(desk.clear(a->request_id, "").error().code == "staff.reason_required");
    REQUIRE(desk.clear(a->request_id, "processed at the counter").ok());
    CHECK(desk.counts()->cleared == 1);

    CHECK(desk.discard_dead_letter(b->request_id, "duplicate").error().code == "staff.not_dead_letter");
    REQUIRE(store->mark_sending(b->request_id).ok());
    REQUIRE(store->mark_dead_letter(b->request_id, "422 field purpose").ok());
    REQUIRE(desk.retry_now(b->request_id).ok());
    CHECK(desk.counts()->queued == 1);
    REQUIRE(store->mark_sending(b->request_id).ok());
    REQUIRE(store->mark_dead_letter(b->request_id, "422 field purpose").ok());
    REQUIRE(desk.discard_dead_letter(b->request_id, "resident re-applied").ok());

    CHECK(desk.reprint(a->request_id).error().code == "printer.none");
    std::string printed;
    desk.set_reprint_fn([&](const StoredRequest& r) { printed = r.sub.ticket; return ok_status(); });
    REQUIRE(desk.reprint(a->request_id).ok());
    CHECK(printed == a->ticket);
    CHECK(audited("request.reprint", "wang"));
    CHECK(audited("request.requeue", "wang"));

    CHECK(store->verify_audit()->ok);
}

TEST_CASE_METHOD(DeskFixture, "the day summary lists requests without personal data") {
    wall = beijing(2026, 11, 28, 10, 0);
    auto a = store->submit(sample_request("李小龙", "11010519491231002X", "13912345678"), wall);
    REQUIRE(a.ok());
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    CHECK(desk.export_day_summary("28/11/2026", dir.path).error().code == "staff.bad_day");
    auto path = desk.export_day_summary("2026-11-28", dir / "export");
    REQUIRE(path.ok());
    std::string csv = read_all(path.value());
    CHECK(csv.find(a->ticket) != std::string::npos);
    CHECK(csv.find("cert.no-criminal-record") != std::string::npos);
    CHECK(csv.find("李小龙") == std::string::npos);
    CHECK(csv.find("11010519491231002X") == std::string::npos);
    CHECK(csv.find("13912345678") == std::string::npos);
}

TEST_CASE_METHOD(DeskFixture, "only staff may close the app") {
    CHECK_FALSE(desk.allow_close().ok());
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    CHECK(desk.allow_close().ok());
    CHECK(audited("app.close", "wang"));
}

TEST_CASE_METHOD(DeskFixture, "a changed config is audited once per change") {
    auto count = [&](const std::string& action) {
        int n = 0;
        for (const auto& e : audit_rows()) n += e.action == action;
        return n;
    };
    REQUIRE(audit_config_if_changed(*store, "[kiosk]\nid = \"A\"\n", "k.toml").ok());
    REQUIRE(audit_config_if_changed(*store, "[kiosk]\nid = \"A\"\n", "k.toml").ok());
    CHECK(count("config.loaded") == 1);
    CHECK(count("config.changed") == 0);
    REQUIRE(audit_config_if_changed(*store, "[kiosk]\nid = \"B\"\n", "k.toml").ok());
    CHECK(count("config.changed") == 1);
}

TEST_CASE_METHOD(DeskFixture, "kiosk staff add/list/passwd/remove and audit verify") {
    std::istringstream in;
    std::ostringstream out, err;
    std::vector<std::string> pins;
    auto io = [&] {
        return CliIo{in, out, err, [&](const std::string&, std::string& s) {
                         if (pins.empty()) return false;
                         s = pins.front();
                         pins.erase(pins.begin());
                         return true;
                     }};
    };
    pins = {"975310", "975310"};
    CHECK(staff_cli({"add", "li", "--name", "李警官"}, *store, io(), 1000) == 0);
    pins = {"975310", "975311"};
    CHECK(staff_cli({"add", "zhao"}, *store, io(), 1000) == 2);   // PINs differ
    CHECK_THAT(err.str(), Catch::Contains("differ"));
    pins = {"111111", "111111"};
    CHECK(staff_cli({"add", "zhao"}, *store, io(), 1000) == 2);   // weak PIN refused
    CHECK(staff_cli({"list"}, *store, io(), 1000) == 0);
    CHECK_THAT(out.str(), Catch::Contains("li\t李警官") && Catch::Contains("wang"));
    CHECK_THAT(out.str(), !Catch::Contains("zhao"));
    pins = {"864209", "864209"};
    CHECK(staff_cli({"passwd", "li"}, *store, io(), 1000) == 0);
    CHECK(accounts.verify("li", "864209")->outcome == LoginOutcome::ok);
    CHECK(staff_cli({"remove", "li"}, *store, io(), 1000) == 0);
    CHECK(staff_cli({"remove", "nobody"}, *store, io(), 1000) == 2);
    CHECK(staff_cli({"frob"}, *store, io(), 1000) == 2);
    CHECK(audit_cli({"verify"}, *store, io()) == 0);
    CHECK_THAT(out.str(), Catch::Contains("audit chain ok"));
    CHECK(audit_cli({"list", "5"}, *store, io()) == 0);
    CHECK(audit_cli({}, *store, io()) == 2);
}

#include <sqlite3.h>

TEST_CASE_METHOD(DeskFixture, "verify_audit checks the chain for staff, and background refreshes do not keep staff mode open") {
    CHECK(desk.verify_audit().error().code == "staff.not_logged_in");
    CHECK(desk.peek_counts().error().code == "staff.not_logged_in");
    CHECK(desk.peek_list(RequestFilter{}).error().code == "staff.not_logged_in");
    auto sub = store->submit(sample_request());
    REQUIRE(sub.ok());
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    auto v = desk.verify_audit();
    REQUIRE(v.ok());
    CHECK(v->ok);
    CHECK(v->rows > 0);

    // A screen re-reading the queue every few seconds is not the staff member touching the screen.
    t += 110s;
    CHECK(desk.peek_counts()->queued == 1);
    CHECK(desk.peek_list(RequestFilter{})->size() == 1);
    CHECK(*desk.seconds_to_auto_logout() == Approx(10.0));
    t += 11s;
    CHECK(desk.update());

    // Tampering shows up in the verdict (the triggers that forbid UPDATE are dropped first, as an attacker would).
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    {
        std::lock_guard lock(StoreProbe::mutex(*store));
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(raw(*store), "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit'", -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string n = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
            sqlite3_exec(raw(*store), ("DROP TRIGGER " + n).c_str(), nullptr, nullptr, nullptr);
        }
        sqlite3_finalize(st);
        REQUIRE(sqlite3_exec(raw(*store), "UPDATE audit SET detail = 'edited' WHERE seq = 2", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    v = desk.verify_audit();
    REQUIRE(v.ok());
    CHECK_FALSE(v->ok);
    REQUIRE(v->first_broken.has_value());
    CHECK(*v->first_broken == 2);
}

TEST_CASE_METHOD(DeskFixture, "discarding looks the request up by id, and the detail refresh reads one summary") {
    auto a = store->submit(sample_request());
    REQUIRE(a.ok());
    CHECK(desk.peek_summary(a->request_id).error().code == "staff.not_logged_in");
    REQUIRE(desk.login("246813")->outcome == LoginOutcome::ok);
    CHECK(desk.discard_dead_letter("00000000-0000-4000-8000-000000000000", "duplicate").error().code ==
          "staff.not_dead_letter");
    CHECK(desk.discard_dead_letter(a->request_id, "duplicate").error().code == "staff.not_dead_letter");
    REQUIRE(store->mark_sending(a->request_id).ok());
    REQUIRE(store->mark_dead_letter(a->request_id, "422 field purpose").ok());
    auto s = desk.peek_summary(a->request_id);
    REQUIRE(s.ok());
    CHECK(s->state == RequestState::dead_letter);
    CHECK(s->masked_name == "张*丰");
    REQUIRE(desk.discard_dead_letter(a->request_id, "resident re-applied").ok());
    CHECK(desk.peek_summary(a->request_id)->state == RequestState::cleared);
    CHECK(desk.peek_summary(a->request_id)->cleared_reason == "discarded: resident re-applied");
    CHECK(desk.peek_summary("00000000-0000-4000-8000-000000000000").error().code == "store.not_found");
}
