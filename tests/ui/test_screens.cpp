// Every screen, headless: draws in zh and en, normal and elderly, with every tap target at least 44 px
// (60 px elderly) tall at 1080p; the done screen keeps the ticket and calls staff once when printing fails.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "app/progress.hpp"
#include "tests/core/test_store_util.hpp"
#include "screen_walk.hpp"
#include "ui/screens/registry.hpp"

#include <algorithm>
#include <optional>
#include <utility>

using namespace kiosk;
using namespace kiosk::ui;

using test::go_to;

TEST_CASE("every screen draws in zh/en, normal/elderly, with large enough tap targets") {
    for (bool elderly : {false, true}) {
        test::Harness h(1920, 1080, elderly);
        for (Locale l : {Locale::zh, Locale::en}) {
            for (const ScreenEntry& e : screens()) {
                go_to(h.session, e.step);
                h.session.set_locale(l);
                h.session.set_elderly(elderly);
                INFO(step_name(e.step) << (l == Locale::zh ? " zh" : " en") << (elderly ? " elderly" : ""));
                REQUIRE(h.session.step() == e.step);
                h.frames(2, [&] { e.draw(h.ui); });
                CHECK(!h.ui.targets.empty());
                const float min_px = elderly ? 60.0f : 44.0f;
                for (const auto& t : h.ui.targets) {
                    if (t.y1 - t.y0 >= 1000) continue;   // attract: the whole screen is the target
                    INFO("target \"" << t.label << "\"");
                    CHECK(t.y1 - t.y0 >= min_px);
                }
            }
        }
    }
}

TEST_CASE("done: a failed print keeps the ticket on screen and calls staff once") {
    test::Harness h;
    int calls = 0;
    h.app.call_staff = [&](const std::string&) { ++calls; };
    h.app.print_outcome = [](const std::string&) { return PrintOutcome::failed; };
    go_to(h.session, Step::done);
    REQUIRE(h.session.step() == Step::done);
    h.frames(5, [&] { draw_done(h.ui); });
    CHECK(calls == 1);
    bool ticket = false;
    for (const auto& t : h.ui.targets) if (t.label == "A001") ticket = true;
    CHECK(ticket);
    CHECK(h.session.idle_state() == IdleState::active);   // held: the countdown does not run
}

namespace {
const TapTarget* find_target(const Ui& ui, const std::string& label) {
    for (const auto& t : ui.targets) if (t.label == label) return &t;
    return nullptr;
}
// Taps closer than the 90 ms debounce are one tap: every step here lets 8 frames (133 ms) pass.
void draw_frames(test::Harness& h, int n) { h.screen_frames(std::max(n, 8)); }
} // namespace

TEST_CASE("review: 确认无误 stays disabled until the list has been scrolled to its last row") {
    test::Harness h(1280, 800, true);
    go_to(h.session, Step::review);
    h.session.set_elderly(true);
    REQUIRE(h.session.step() == Step::review);
    draw_frames(h, 3);
    REQUIRE_FALSE(h.ui.visit.review_seen_all);   // elderly mode at 1280×800: the rows do not fit on one screen
    REQUIRE(h.tap(h.ui.tr("review.confirm")));
    draw_frames(h, 3);
    CHECK(h.session.step() == Step::review);     // a tap on the disabled button does nothing
    // Drag the list up until its last row has been on screen.
    for (int i = 0; i < 30 && !h.ui.visit.review_seen_all; ++i) {
        const float x = h.ui.width * 0.3f, y = h.ui.height * 0.6f;
        h.input.move(x, y);
        h.input.button(0, true);
        draw_frames(h, 1);
        for (int k = 1; k <= 5; ++k) { h.input.move(x, y - k * 50.0f); draw_frames(h, 1); }
        h.input.button(0, false);
        draw_frames(h, 30);
    }
    REQUIRE(h.ui.visit.review_seen_all);
    draw_frames(h, 6);
    REQUIRE(h.tap(h.ui.tr("review.confirm")));
    draw_frames(h, 3);
    CHECK(h.session.step() == Step::consent);
}

TEST_CASE("review: a list that fits on the screen can be confirmed at once") {
    test::Harness h(1080, 1920, false);   // portrait: seven rows fit
    go_to(h.session, Step::review);
    draw_frames(h, 3);
    CHECK(h.ui.visit.review_seen_all);
    REQUIRE(h.tap(h.ui.tr("review.confirm")));
    draw_frames(h, 3);
    CHECK(h.session.step() == Step::consent);
}

TEST_CASE("首页 mid-form asks first: 继续办理 keeps the form, 结束办理 wipes it and goes home") {
    test::Harness h(1280, 800, false);
    go_to(h.session, Step::identity);
    REQUIRE(h.session.step() == Step::identity);
    test::fill(h.session);
    REQUIRE_FALSE(h.session.value(Session::kName).empty());
    draw_frames(h, 3);
    REQUIRE(find_target(h.ui, h.ui.tr("common.back")));
    REQUIRE(h.tap(h.ui.tr("common.home")));
    draw_frames(h, 3);
    CHECK(h.ui.visit.confirm_home);
    CHECK(h.session.step() == Step::identity);
    REQUIRE(h.tap(h.ui.tr("idle.more")));
    draw_frames(h, 3);
    CHECK_FALSE(h.ui.visit.confirm_home);
    CHECK(h.session.step() == Step::identity);
    CHECK_FALSE(h.session.value(Session::kName).empty());
    REQUIRE(h.tap(h.ui.tr("common.home")));
    draw_frames(h, 3);
    REQUIRE(h.tap(h.ui.tr("home_confirm.leave")));
    draw_frames(h, 3);
    CHECK(h.session.step() == Step::home);
    CHECK(h.session.value(Session::kName).empty());
}

TEST_CASE("返回 and 首页 stand in the same places on every resident step that has them") {
    for (auto [w, hgt] : {std::pair{1280.f, 800.f}, std::pair{1080.f, 1920.f}}) {
        for (bool elderly : {false, true}) {
            test::Harness h(w, hgt, elderly);
            std::optional<TapTarget> back0, home0;
            for (Step st : {Step::category, Step::service, Step::identity, Step::fields, Step::review, Step::consent}) {
                go_to(h.session, st);
                h.session.set_elderly(elderly);
                draw_frames(h, 3);
                INFO(w << "x" << hgt << (elderly ? " elderly " : " ") << step_name(st));
                const TapTarget* b = find_target(h.ui, h.ui.tr("common.back"));
                const TapTarget* hm = find_target(h.ui, h.ui.tr("common.home"));
                REQUIRE(b);
                REQUIRE(hm);
                if (!back0) { back0 = *b; home0 = *hm; continue; }
                CHECK(b->x0 == Approx(back0->x0).margin(1));
                CHECK(b->y0 == Approx(back0->y0).margin(1));
                CHECK(hm->x0 == Approx(home0->x0).margin(1));
                CHECK(hm->y1 == Approx(home0->y1).margin(1));
            }
        }
    }
}

// The progress screen's two fields are tap targets by their names only. A field showing what was typed
// ("1") used to be the first target with that label, ahead of the key 1, so automation typing "1111" (and a
// receipt code such as "HHVV") pressed the field after the first character and typed one 1.
TEST_CASE("progress: typing a doubled character into an empty field types both — the field is no target named by its value") {
    test::Harness h(1280, 800);
    kiosk::testing::TempDir dir("progress-keys");
    auto store = Store::open(dir / "kiosk.db", kiosk::testing::test_keys());
    REQUIRE(store.ok());
    ProgressService progress(**store, h.cfg, h.catalog, {});   // no intake: uploads are off in h.cfg
    h.app.progress = &progress;
    go_to(h.session, Step::progress);
    h.screen_frames(3);
    auto count = [&](const std::string& label) {
        return std::count_if(h.ui.targets.begin(), h.ui.targets.end(), [&](const TapTarget& t) { return t.label == label; });
    };
    const std::string ticket_field = h.strings.get("progress.ticket.label", Locale::zh);
    const std::string code_field = h.strings.get("progress.code.label", Locale::zh);
    REQUIRE(h.tap(ticket_field));
    h.screen_frames(7);
    for (int i = 0; i < 2; ++i) {
        REQUIRE(h.tap("1"));
        h.screen_frames(7);
        CHECK(count("1") == 1);   // the key only
    }
    CHECK(count("11") == 0);
    CHECK(count(ticket_field) == 1);
    REQUIRE(h.tap(code_field));
    h.screen_frames(7);
    for (int i = 0; i < 2; ++i) {
        REQUIRE(h.tap("H"));
        h.screen_frames(7);
        CHECK(count("H") == 1);
    }
    CHECK(count("HH") == 0);
    CHECK(count(code_field) == 1);
}
