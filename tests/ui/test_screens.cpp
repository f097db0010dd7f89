// Every screen, headless: draws in zh and en, normal and elderly, with every tap target at least 44 px
// (60 px elderly) tall at 1080p; the done screen keeps the ticket and calls staff once when printing fails.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "ui/screens/registry.hpp"

using namespace kiosk;
using namespace kiosk::ui;

namespace {
void fill(Session& s) {
    for (const FieldSpec* f : s.current_fields()) {
        std::string v;
        switch (f->type) {
        case FieldType::name: v = "张三"; break;
        case FieldType::id_number: v = "11010519491231002X"; break;
        case FieldType::phone: v = "13800138000"; break;
        case FieldType::date: v = f->date_range == DateRange::past ? "1990-05-01" : "2099-12-15"; break;
        case FieldType::address: v = "青山区青和路88号3栋"; break;
        case FieldType::choice: v = f->choices.empty() ? "" : f->choices.front().value; break;
        case FieldType::yes_no: v = "no"; break;
        case FieldType::number: v = std::to_string(std::max(1L, f->min)); break;
        default: v = "办理需要"; break;
        }
        if (f->id == Session::kIdType) v = "resident_id";
        s.set_value(f->id, v);
    }
}
// Walks the session to `target` through its intents.
void go_to(Session& s, Step target) {
    s.reset();
    if (target == Step::attract) return;
    s.activity();
    if (target == Step::home) return;
    if (target == Step::category) { s.open_category("cert"); return; }
    if (target == Step::search) { s.open_search(); s.set_search_query("wfzjl"); return; }
    if (target == Step::progress) { s.open_progress(); return; }
    s.choose_service("cert.no-criminal-record");
    for (int i = 0; i < 20 && s.step() != target; ++i) {
        if (s.step() == Step::identity || s.step() == Step::fields) fill(s);
        if (s.step() == Step::consent) { s.set_consent(true); s.set_sensitive_consent(true); }
        if (!s.next()) break;
    }
}
} // namespace

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
