// Headless tests of staff mode's screens: the hidden entry, the PIN pad (wrong PIN, lockout countdown, no
// account, success), auto-logout back to attract, the paged and masked request list, unmasking only with a
// reason (audited, wiped on leaving), clearing with a reason, and closing the kiosk only from staff mode.
#include <catch2/catch.hpp>

#include "staff_harness.hpp"
#include "tests/core/store_probe.hpp"

#include <imgui_internal.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>

using namespace kiosk;
using namespace kiosk::staff_test;
using kiosk::ui::staff::Panel;

TEST_CASE("every staff panel is registered once, and every navigation button has words in both languages") {
    Harness h;
    int shown = 0;
    for (Panel p : {Panel::dashboard, Panel::requests, Panel::detail, Panel::dead_letters, Panel::audit, Panel::maintenance}) {
        const ui::staff::PanelEntry* e = ui::staff::panel_for(p);
        REQUIRE(e);
        CHECK(e->draw != nullptr);
        if (!e->nav_key) continue;
        ++shown;
        CHECK(h.strings.has(e->nav_key, Locale::zh));
        CHECK(h.strings.has(e->nav_key, Locale::en));
    }
    CHECK(ui::staff::panels().size() == 6);
    CHECK(shown == 5);   // all but the request detail, which opens from a row
}

TEST_CASE("the hidden gesture opens the PIN pad, and its taps never reach the resident screen") {
    Harness h;
    h.add_account();
    h.frames(3);
    CHECK(h.has("resident next"));
    // Taps in the corner alone do nothing but press the resident's button.
    REQUIRE(h.tap("resident next"));
    CHECK(h.resident_clicks == 1);
    CHECK_FALSE(h.st().pin_open);

    h.gesture();
    CHECK(h.st().pin_open);
    CHECK(h.resident_clicks == 1);   // the three corner taps were caught by the invisible shield
    CHECK(h.has(h.tr("staff.pin.enter")));
    CHECK_FALSE(h.has("resident next"));
    // Cancel returns to the resident screen as it was.
    REQUIRE(h.tap_key("staff.cancel"));
    CHECK_FALSE(h.st().pin_open);
    CHECK(h.has("resident next"));
}

TEST_CASE("a short hold is not the gesture") {
    Harness h;
    h.add_account();
    h.frames(3);
    h.input.move(10, 10);
    h.input.button(0, true);
    h.frames(30);   // one second
    h.input.button(0, false);
    h.frames(3);
    for (int i = 0; i < 3; ++i) { h.input.tap(h.ui.width * 0.95f, h.ui.height * 0.96f); h.frames(4); }
    CHECK_FALSE(h.st().pin_open);
    CHECK(h.resident_clicks == 3);
}

TEST_CASE("a wrong PIN shows the attempts left and does not enter staff mode") {
    Harness h;
    h.add_account();
    h.frames(3);
    h.gesture();
    h.type_pin("135790");
    CHECK(h.st().pin.digits == "135790");
    h.submit_pin();
    CHECK_FALSE(h.ui.staff_mode);
    CHECK(h.st().pin.digits.empty());   // wiped after every attempt
    CHECK(h.st().pin.message == h.ui.trf("staff.pin.wrong", {std::to_string(StaffAccounts::kMaxFailures - 1)}));
    CHECK(h.st().pin_open);
}

TEST_CASE("after five wrong PINs the pad locks and counts down") {
    Harness h;
    h.add_account();
    h.frames(3);
    h.gesture();
    for (int i = 0; i < StaffAccounts::kMaxFailures; ++i) {
        h.type_pin("135790");
        h.submit_pin();
    }
    CHECK_FALSE(h.ui.staff_mode);
    double left = h.st().pin.locked_until - h.ui.time;
    CHECK(left > 50);
    CHECK(left <= 61);
    // The keypad is disabled while locked: taps do not type.
    h.tap("2");
    CHECK(h.st().pin.digits.empty());
    CHECK(h.ui.wake_in_s > 0);
    CHECK(h.ui.wake_in_s <= 1.01);   // the countdown redraws every second
    // Nothing can be tried until the lockout ends: OK stays disabled.
    h.tap_key("staff.pin.enter");
    CHECK_FALSE(h.st().pin.pending.valid());
    CHECK_FALSE(h.ui.staff_mode);
    // Once it has run out, the pad takes PINs again.
    h.wall += std::chrono::seconds(static_cast<int>(left) + 1);
    h.frames(static_cast<int>(left * 30) + 10);
    h.type_pin(Harness::kPin);
    h.submit_pin();
    CHECK(h.ui.staff_mode);
}

TEST_CASE("with no staff account the pad says how to create one and offers no keypad") {
    Harness h;
    h.frames(3);
    h.gesture();
    REQUIRE(h.st().pin_open);
    REQUIRE(h.st().pin.has_accounts.has_value());
    CHECK_FALSE(*h.st().pin.has_accounts);
    CHECK_FALSE(h.has("1"));
    CHECK(h.has(h.tr("staff.cancel")));
    CHECK(h.tr("staff.pin.no_account").find("kiosk staff add") != std::string::npos);
}

TEST_CASE("the right PIN enters staff mode, shows a staff call until it is acknowledged, and wipes the resident's visit") {
    Harness h;
    bool called = true;   // a resident tapped 呼叫工作人员
    h.app.status = [&] { StatusSnapshot s; s.staff_called = called; return s; };
    h.app.acknowledge_staff_call = [&] { called = false; h.staff_call_acknowledged = true; };
    h.add_account();
    h.session.activity();   // a resident is on the home screen
    REQUIRE(h.session.step() == Step::home);
    auto gen = h.session.generation();
    h.frames(3);
    h.login();
    CHECK_FALSE(h.has("resident next"));   // the staff screens instead of the resident's
    CHECK(h.ui.staff_mode);            // window close is allowed only now
    CHECK_FALSE(h.staff_call_acknowledged);   // entering is not seeing it: the call stays in the bar
    REQUIRE(h.has(h.tr("staff.bar.resident_call")));
    REQUIRE(h.tap(h.tr("staff.bar.resident_call")));
    CHECK(h.staff_call_acknowledged);
    CHECK_FALSE(h.has(h.tr("staff.bar.resident_call")));
    CHECK(h.session.generation() != gen);
    CHECK(h.st().panel == Panel::dashboard);
    CHECK(h.has(h.tr("staff.logout")));
    CHECK(h.audited("staff.login") == 1);

    // Log out: back to attract, audited.
    REQUIRE(h.tap_key("staff.logout"));
    CHECK(h.has("resident next"));         // the resident's screen again
    CHECK_FALSE(h.ui.staff_mode);
    CHECK(h.session.step() == Step::attract);
    CHECK(h.audited("staff.logout") == 1);
}

TEST_CASE("staff mode logs itself out after two idle minutes, but the dashboard refreshing is not activity") {
    Harness h;
    h.add_account();
    h.frames(3);
    h.login();
    h.t += 100s;
    REQUIRE(h.tap_key("staff.nav.requests"));   // a touch: the idle time starts again
    REQUIRE(h.desk.seconds_to_auto_logout());
    CHECK(*h.desk.seconds_to_auto_logout() == Approx(120).margin(0.5));
    REQUIRE(h.tap_key("staff.nav.dashboard"));
    // Frames alone (the dashboard re-reads counts every 3 s) do not count as activity.
    h.t += 90s;
    h.frames(120);
    CHECK(*h.desk.seconds_to_auto_logout() == Approx(30).margin(0.5));
    CHECK(h.ui.wake_in_s > 0);   // the loop wakes for the countdown
    CHECK_FALSE(h.has(h.tr("staff.logout_warning.stay")));   // 30 s left: the bar counts, no modal yet
    h.t += 15s;
    h.frames(2);
    REQUIRE(h.has(h.tr("staff.logout_warning.stay")));      // 15 s left: a modal warns before logging out
    REQUIRE(h.tap(h.tr("staff.logout_warning.stay")));       // 继续使用 counts as activity
    CHECK(h.ui.staff_mode);
    CHECK(*h.desk.seconds_to_auto_logout() == Approx(120).margin(0.5));
    CHECK_FALSE(h.has(h.tr("staff.logout_warning.stay")));
    h.t += 120s;
    h.frames(2);
    CHECK_FALSE(h.ui.staff_mode);
    CHECK(h.session.step() == Step::attract);
    CHECK(h.audited("staff.logout") == 1);
}

namespace {
// The scroll child of the request list, to jump far down as a long drag would.
ImGuiWindow* list_window() {
    for (ImGuiWindow* w : GImGui->Windows)
        if (std::string(w->Name).find("##req_scroll") != std::string::npos) return w;
    return nullptr;
}
} // namespace

TEST_CASE("the request list pages through thousands of rows lazily and shows only masked data") {
    Harness h;
    h.add_account();
    std::vector<std::string> tickets;
    for (int i = 0; i < 250; ++i) {
        auto s = h.store->submit(testing::sample_request("龚鑫淼", "11010519491231002X", "13912345678"));
        REQUIRE(s.ok());
        tickets.push_back(s->ticket);
    }
    constexpr unsigned kXin = 0x946B;   // 鑫: the masked name 龚*淼 never shows it
    REQUIRE_FALSE(h.fonts.has_glyph(kXin));
    h.frames(3);
    h.login();
    REQUIRE(h.tap_key("staff.nav.requests"));
    h.frames(2);
    auto& c = h.st().list;
    CHECK(c.pages.size() == 1);          // one page, not 250 rows
    CHECK(c.known == ui::staff::ListCache::kPage);
    CHECK_FALSE(c.end_reached);
    CHECK(h.has(tickets.back()));        // newest first
    CHECK_FALSE(h.has(tickets.front()));
    for (const auto& r : c.pages[0]) {
        CHECK(r.masked_name == "龚*淼");
        CHECK(r.masked_id != "11010519491231002X");
        CHECK(r.masked_phone.find("12345678") == std::string::npos);
    }
    CHECK_FALSE(h.fonts.has_glyph(kXin));

    // Jump to the bottom repeatedly: pages arrive as they come into view, until a short page ends the list.
    for (int i = 0; i < 250 / ui::staff::ListCache::kPage + 2; ++i) {
        ImGuiWindow* w = list_window();
        REQUIRE(w);
        ImGui::SetScrollY(w, 1e7f);
        h.frames(3);
    }
    CHECK(c.end_reached);
    CHECK(c.known == 250);
    CHECK(h.has(tickets.front()));       // the oldest, last in the list
    CHECK_FALSE(h.fonts.has_glyph(kXin));

    // Filter by state: nothing is cleared yet.
    REQUIRE(h.tap_key("staff.state.cleared"));
    h.frames(2);
    CHECK(c.end_reached);
    CHECK(c.known == 0);
    CHECK(h.audited("request.unmask") == 0);
}

TEST_CASE("full data only after a reason (audited, wiped when leaving the detail), and clear needs a reason too") {
    Harness h;
    h.add_account();
    auto sub = h.store->submit(testing::sample_request("龚鑫淼", "11010519491231002X", "13912345678"));
    REQUIRE(sub.ok());
    constexpr unsigned kXin = 0x946B;
    h.frames(3);
    h.login();
    REQUIRE(h.tap_key("staff.nav.requests"));
    REQUIRE(h.tap(sub->ticket));
    REQUIRE(h.st().panel == Panel::detail);
    CHECK_FALSE(h.st().detail.full);

    REQUIRE(h.tap_key("staff.detail.show_full"));
    // No reason chosen: the confirm button is disabled, nothing is shown or audited.
    h.tap_key("staff.reason.confirm");
    CHECK_FALSE(h.st().detail.full);
    CHECK(h.audited("request.unmask") == 0);
    REQUIRE(h.tap_key("staff.reason.verify_identity"));
    REQUIRE(h.tap_key("staff.reason.confirm"));
    REQUIRE(h.st().detail.full);
    CHECK(h.st().detail.full->req.applicant.name == "龚鑫淼");
    h.frames(3);
    CHECK(h.fonts.has_glyph(kXin));      // the full name was drawn
    REQUIRE(h.audited("request.unmask") == 1);
    bool reason_recorded = false;
    for (const auto& e : h.audit_rows())
        if (e.action == "request.unmask") {
            reason_recorded = e.detail.find(h.strings.get("staff.reason.verify_identity", Locale::zh)) != std::string::npos;
            CHECK(e.detail.find("11010519491231002X") == std::string::npos);
        }
    CHECK(reason_recorded);

    // Clear with a reason; the data stays shown until the detail closes.
    REQUIRE(h.tap_key("staff.detail.clear"));
    h.tap_key("staff.reason.confirm");   // disabled without a reason
    CHECK(h.store->counts()->cleared == 0);
    REQUIRE(h.tap_key("staff.reason.processed"));
    REQUIRE(h.tap_key("staff.reason.confirm"));
    CHECK(h.store->counts()->cleared == 1);
    CHECK(h.st().detail.summary->state == RequestState::cleared);
    CHECK(h.st().note == h.ui.trf("staff.done.clear", {sub->ticket}));

    REQUIRE(h.tap_key("staff.detail.back"));
    CHECK(h.st().panel == Panel::requests);
    CHECK_FALSE(h.st().detail.full);    // wiped on leaving
    REQUIRE(h.tap(sub->ticket));
    CHECK_FALSE(h.st().detail.full);    // and masked again when reopened

    CHECK(h.store->verify_audit()->ok);
}

TEST_CASE("reprint goes through the desk, and dead letters are discarded only with a reason") {
    Harness h;
    h.add_account();
    std::string printed;
    h.desk.set_reprint_fn([&](const StoredRequest& r) { printed = r.sub.ticket; return ok_status(); });
    auto a = h.store->submit(testing::sample_request());
    REQUIRE(a.ok());
    REQUIRE(h.store->mark_sending(a->request_id).ok());
    REQUIRE(h.store->mark_dead_letter(a->request_id, "422 purpose: unknown value").ok());
    h.frames(3);
    h.login();
    REQUIRE(h.tap(h.tr("staff.nav.dead_letters") + " (1)"));   // the menu shows how many there are
    REQUIRE(h.st().panel == Panel::dead_letters);
    CHECK(h.st().dead.size() == 1);
    REQUIRE(h.tap_key("staff.detail.discard"));
    h.tap_key("staff.reason.confirm");
    CHECK(h.store->counts()->dead_letter == 1);
    REQUIRE(h.tap_key("staff.reason.duplicate"));
    REQUIRE(h.tap_key("staff.reason.confirm"));
    CHECK(h.store->counts()->dead_letter == 0);
    CHECK(h.store->counts()->cleared == 1);

    REQUIRE(h.tap_key("staff.nav.requests"));
    REQUIRE(h.tap(a->ticket));
    REQUIRE(h.tap_key("staff.detail.reprint"));
    CHECK(printed == a->ticket);
    CHECK(h.audited("request.reprint") == 1);
}

TEST_CASE("only staff mode closes the kiosk (after a confirmation), and the audit chain verifies from the panel") {
    Harness h;
    h.add_account();
    h.frames(3);
    CHECK_FALSE(h.app.quit_requested);
    h.login();
    REQUIRE(h.tap_key("staff.nav.audit"));
    REQUIRE(h.tap_key("staff.audit.verify"));
    REQUIRE(h.st().verdict);
    CHECK(h.st().verdict->ok);
    CHECK(!h.st().audit.empty());

    REQUIRE(h.tap_key("staff.nav.maintenance"));
    REQUIRE(h.tap_key("staff.maint.export"));
    CHECK(std::filesystem::exists(h.dir.path / "exports" / ("summary-" + ui::staff::local_day() + ".csv")));
    REQUIRE(h.tap_key("staff.maint.close"));
    CHECK_FALSE(h.app.quit_requested);   // asked first
    REQUIRE(h.tap_key("staff.cancel"));
    CHECK_FALSE(h.app.quit_requested);
    REQUIRE(h.tap_key("staff.maint.close"));
    // The confirm box's yes button carries the same words.
    const ui::TapTarget* yes = nullptr;
    for (const auto& x : h.ui.targets) if (x.label == h.tr("staff.maint.close")) yes = &x;
    REQUIRE(yes);
    h.input.tap((yes->x0 + yes->x1) / 2, (yes->y0 + yes->y1) / 2);
    h.frames(4);
    CHECK(h.app.quit_requested);
    CHECK(h.audited("app.close") == 1);
}

TEST_CASE("staff mode follows the kiosk's language and can switch it") {
    Harness h;
    h.add_account();
    h.frames(3);
    h.login();
    CHECK(h.has("概况"));
    REQUIRE(h.tap("English"));
    CHECK(h.has("Overview"));
    CHECK(h.session.locale() == Locale::en);
}

// Not run by default ([.perf]): the request list's frame cost with 10 000 requests, for docs/STAFF.md.
// `test_staff_ui "[perf]"` prints the median and worst frame while jumping through the list.
TEST_CASE("request list frame cost with 10 000 requests", "[.perf]") {
    Harness h;
    h.add_account();
    {
        std::lock_guard lock(kiosk::testing::StoreProbe::mutex(*h.store));
        sqlite3_exec(kiosk::testing::raw(*h.store), "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);   // fill faster
    }
    for (int i = 0; i < 10000; ++i) REQUIRE(h.store->submit(testing::sample_request("龚鑫淼", "11010519491231002X", "13912345678")).ok());
    h.frames(3);
    h.login();
    REQUIRE(h.tap_key("staff.nav.requests"));
    std::vector<double> ms;
    for (int i = 0; i < 300; ++i) {
        if (ImGuiWindow* w = list_window()) ImGui::SetScrollY(w, w->Scroll.y + (i % 50 == 49 ? 40000.f : 400.f));
        auto t0 = std::chrono::steady_clock::now();
        h.frame();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    for (int off : {0, 1000, 5000, 9900}) {
        RequestFilter f;
        f.limit = ui::staff::ListCache::kPage;
        f.offset = off;
        auto t0 = std::chrono::steady_clock::now();
        auto r = h.desk.peek_list(f);
        std::printf("peek_list %d rows at offset %d: %.2f ms\n", f.limit, off,
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        REQUIRE(r.ok());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("request list, 10 000 rows: %d rows known, frame median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                h.st().list.known, ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back());
    CHECK(h.st().list.known > 1000);
}
