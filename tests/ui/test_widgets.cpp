// Headless tests of the touch widgets: the drag scroller (flick scrolls with inertia and never clicks),
// taps, debounce, the keypads, and the input queue that keeps quick key presses.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "ui/widgets/field_form.hpp"
#include "ui/widgets/keys.hpp"
#include "app/pinyin.hpp"
#include "app/short_ref.hpp"

#include <algorithm>
#include <tuple>

#include <GLFW/glfw3.h>

using namespace kiosk;
using namespace kiosk::ui;

namespace {
struct List {
    int clicks = 0;
    float scroll = 0;
    void draw(Ui& ui) {
        begin_touch_scroll(ui, "##list", ImVec2(ui.px(20), ui.px(15)));
        scroll = ImGui::GetScrollY();
        for (int i = 0; i < 40; ++i)
            if (button(ui, "row " + std::to_string(i), ImVec2(ui.px(19), ui.px(em::tap_min)))) ++clicks;
        end_touch_scroll(ui);
    }
};
} // namespace

TEST_CASE("a tap on a list row clicks it once") {
    test::Harness h;
    List l;
    auto draw = [&] { l.draw(h.ui); };
    h.frames(3, draw);
    REQUIRE(h.tap("row 2"));
    h.frames(8, draw);
    CHECK(l.clicks == 1);
    CHECK(l.scroll == 0);
}

TEST_CASE("a flick that starts on a button scrolls the list, keeps coasting, stops, and never clicks") {
    test::Harness h;
    List l;
    auto draw = [&] { l.draw(h.ui); };
    h.frames(3, draw);
    const TapTarget* row = nullptr;
    for (const auto& t : h.ui.targets) if (t.label == "row 5") row = &t;
    REQUIRE(row);
    float x = (row->x0 + row->x1) / 2, y = (row->y0 + row->y1) / 2;
    h.input.move(x, y);
    h.input.button(0, true);
    h.frame(draw);
    for (int i = 1; i <= 6; ++i) { h.input.move(x, y - i * 40.0f); h.frame(draw); }   // 240 px up in 6 frames
    h.input.button(0, false);
    h.frame(draw);
    float at_release = l.scroll;
    CHECK(at_release > 150);
    h.frames(10, draw);
    float coasting = l.scroll;
    CHECK(coasting > at_release);        // inertia: it keeps moving after the finger left
    h.frames(200, draw);
    float settled = l.scroll;
    h.frames(20, draw);
    CHECK(l.scroll == settled);          // velocity decayed: it stopped by itself
    CHECK(l.clicks == 0);                // the drag started on row 5 but clicked nothing
}

// Real input: a quick flick's moves and its release reach the kiosk in one batch, before the next frame.
// ImGui must still see the finger down where it went, or the list does not move at all.
TEST_CASE("a flick delivered in one batch, release included, still scrolls and clicks nothing") {
    test::Harness h;
    List l;
    auto draw = [&] { l.draw(h.ui); };
    h.frames(3, draw);
    h.input.move(200, 400);
    h.input.button(0, true);
    for (int i = 1; i <= 10; ++i) h.input.move(200, 400 - i * 30.0f);
    h.input.button(0, false);
    h.frames(3, draw);
    CHECK(l.scroll > 150);
    h.frames(60, draw);
    CHECK(l.clicks == 0);
}

TEST_CASE("a touch stops a coasting list") {
    test::Harness h;
    List l;
    auto draw = [&] { l.draw(h.ui); };
    h.frames(3, draw);
    h.input.move(200, 300); h.input.button(0, true); h.frame(draw);
    for (int i = 1; i <= 4; ++i) { h.input.move(200, 300 - i * 50.0f); h.frame(draw); }
    h.input.button(0, false); h.frame(draw);
    h.frames(3, draw);
    h.input.move(200, 300); h.input.button(0, true); h.frame(draw); h.frame(draw);
    float held = l.scroll;
    h.frames(5, draw);
    CHECK(l.scroll == held);
    h.input.button(0, false); h.frames(3, draw);
}

TEST_CASE("taps are debounced: a bounce within 90 ms is the same tap") {
    test::Harness h;
    int n = 0;
    auto draw = [&] { if (button(h.ui, "OK", ImVec2(h.ui.px(8), 0))) ++n; };
    h.frames(2, draw);
    REQUIRE(h.tap("OK"));
    h.frames(2, draw);                  // press + release: 33 ms
    REQUIRE(h.tap("OK"));               // the bounce
    h.frames(2, draw);
    CHECK(n == 1);
    h.frames(10, draw);                 // well apart
    REQUIRE(h.tap("OK"));
    h.frames(3, draw);
    CHECK(n == 2);
}

// Defect: under load the kiosk reads a backlog of taps late and the queue replays them one transition per
// frame, so two taps a person made 300 ms apart reached button() 2 fast frames apart — and a debounce on
// frame time swallowed the second. The debounce is on when the events arrived.
TEST_CASE("taps replayed from a backlog count by when they happened, not by when the frames ran") {
    test::Harness h;
    h.input.arrival_times = true;
    int n = 0;
    auto draw = [&] { if (button(h.ui, "OK", ImVec2(h.ui.px(8), 0))) ++n; };
    h.frames(2, draw);
    const TapTarget* ok = nullptr;
    for (const auto& t : h.ui.targets) if (t.label == "OK") ok = &t;
    REQUIRE(ok);
    const double t0 = 1000;
    h.input.move((ok->x0 + ok->x1) / 2, (ok->y0 + ok->y1) / 2);
    h.input.button(0, true, t0);
    h.input.button(0, false, t0 + 0.08);
    h.input.button(0, true, t0 + 0.30);          // a second, real tap
    h.input.button(0, false, t0 + 0.38);
    h.input.button(0, true, t0 + 0.40);          // and its bounce, 20 ms after it lifted
    h.input.button(0, false, t0 + 0.41);
    h.frames(8, draw);                           // all of it replayed within ~130 ms of frame time
    CHECK(n == 2);
}

TEST_CASE("ID keypad types digits and X, deletes, and stops at 18 characters") {
    test::Harness h;
    std::string v;
    auto draw = [&] { keypad(h.ui, KeypadKind::id, v, 18, ImVec2(h.ui.px(12), h.ui.px(12))); };
    h.frames(2, draw);
    for (char c : std::string("11010519491231002X")) {
        REQUIRE(h.tap(std::string(1, c)));
        h.frames(7, draw);
    }
    CHECK(v == "11010519491231002X");
    REQUIRE(h.tap("1"));
    h.frames(7, draw);
    CHECK(v.size() == 18);               // full: the 19th digit is refused
    REQUIRE(h.tap(h.strings.get("keys.backspace", Locale::zh)));
    h.frames(7, draw);
    CHECK(v == "11010519491231002");
    // A physical keyboard or scanner: a lowercase x becomes X.
    h.input.text("x");
    h.frames(3, draw);
    CHECK(v == "11010519491231002X");
}

// Defect: a touch panel reports a repeated tap on one key at the same coordinates, so the window system
// sends presses with no motion between them. Three taps at one pixel must type three digits.
TEST_CASE("three taps at one pixel type three digits") {
    test::Harness h;
    std::string v;
    auto draw = [&] { keypad(h.ui, KeypadKind::id, v, 18, ImVec2(h.ui.px(12), h.ui.px(12))); };
    h.frames(2, draw);
    REQUIRE(h.tap("1"));   // the first tap comes with the pointer's motion …
    h.frames(7, draw);
    for (int i = 0; i < 2; ++i) {   // … the next two are press and release only, at the same point
        h.input.button(0, true);
        h.input.button(0, false);
        h.frames(7, draw);
    }
    CHECK(v == "111");
}

TEST_CASE("phone keypad has no X, its corner clears") {
    test::Harness h;
    std::string v;
    auto draw = [&] { keypad(h.ui, KeypadKind::phone, v, 11, ImVec2(h.ui.px(12), h.ui.px(12))); };
    h.frames(2, draw);
    CHECK_FALSE(h.tap("X"));
    for (char c : std::string("138")) { REQUIRE(h.tap(std::string(1, c))); h.frames(7, draw); }
    CHECK(v == "138");
    h.input.text("x5");                  // letters from a keyboard are ignored on a phone pad
    h.frames(3, draw);
    CHECK(v == "1385");
    REQUIRE(h.tap(h.strings.get("keys.clear", Locale::zh)));
    h.frames(7, draw);
    CHECK(v.empty());
}

TEST_CASE("the short reference's keys type its 24 characters only, stop at four, delete, and take a keyboard in any case") {
    for (const auto& [w, h_px, elderly] : {std::tuple{1280.0f, 800.0f, false}, std::tuple{1280.0f, 800.0f, true},
                                          std::tuple{1080.0f, 1920.0f, true}}) {
        INFO(w << "x" << h_px << (elderly ? " elderly" : ""));
        test::Harness h(w, h_px, elderly);
        std::string v;
        const ImVec2 size(h.ui.px(16), h.ui.px(10));
        auto draw = [&] { char_keypad(h.ui, kShortRefAlphabet, v, 4, size, "test_code"); };
        h.frames(2, draw);
        // Every key is there and at least tap_min tall; the characters people confuse have none.
        for (char c : kShortRefAlphabet) {
            const std::string k(1, c);
            auto t = std::find_if(h.ui.targets.begin(), h.ui.targets.end(), [&](const TapTarget& x) { return x.label == k; });
            REQUIRE(t != h.ui.targets.end());
            CHECK(t->y1 - t->y0 >= h.ui.px(em::tap_min) - 0.5f);
            CHECK(t->y1 <= h.ui.height);
        }
        for (const char* confusing : {"0", "O", "1", "I", "L", "2", "Z", "5", "S", "8", "B"}) CHECK_FALSE(h.tap(confusing));
        for (char c : std::string("7K3MA")) {   // the fifth is refused
            REQUIRE(h.tap(std::string(1, c)));
            h.frames(7, draw);
        }
        CHECK(v == "7K3M");
        REQUIRE(h.tap(h.strings.get("keys.backspace", Locale::zh)));
        h.frames(7, draw);
        CHECK(v == "7K3");
        // A physical keyboard or scanner: lower case becomes upper case; characters outside the alphabet
        // are ignored.
        h.input.text("o");
        h.frames(3, draw);
        CHECK(v == "7K3");
        h.input.text("m");
        h.frames(3, draw);
        CHECK(v == "7K3M");
    }
}

TEST_CASE("a key pressed and released between two frames is not lost") {
    test::Harness h;
    int presses = 0;
    auto draw = [&] { if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false)) ++presses; };
    h.frame(draw);
    h.input.key(GLFW_KEY_ENTER, true);
    h.input.key(GLFW_KEY_ENTER, false);
    h.input.key(GLFW_KEY_ENTER, true);
    h.input.key(GLFW_KEY_ENTER, false);
    h.frames(6, draw);
    CHECK(presses == 2);
}

TEST_CASE("after a tap the pointer leaves: nothing stays highlighted on a touch screen") {
    test::Harness h;
    bool hovered = false;
    auto draw = [&] { button(h.ui, "OK", ImVec2(h.ui.px(8), 0)); hovered = ImGui::IsItemHovered(); };
    h.frames(2, draw);
    REQUIRE(h.tap("OK"));
    h.frames(4, draw);
    CHECK_FALSE(hovered);
}

TEST_CASE("the pinyin keyboard: 张伟 in nine taps (eight letters and one candidate)") {
    test::Harness h;
    h.app.pinyin = PinyinEngine::shared();
    REQUIRE(h.app.pinyin);
    std::string v;
    auto draw = [&] { text_keyboard(h.ui, v, 30, false, ImVec2(h.ui.px(24), h.ui.px(14))); };
    h.frames(2, draw);
    int taps = 0;
    for (char c : std::string("zhangwei")) {
        REQUIRE(h.tap(std::string(1, c)));
        ++taps;
        h.frames(7, draw);
    }
    CHECK(h.ui.visit.composing == "zhangwei");
    REQUIRE(h.tap("张伟"));
    ++taps;
    h.frames(7, draw);
    CHECK(v == "张伟");
    CHECK(h.ui.visit.composing.empty());
    CHECK(taps == 9);
}

TEST_CASE("the pinyin keyboard: a single character leaves the rest of the letters composing") {
    test::Harness h;
    h.app.pinyin = PinyinEngine::shared();
    REQUIRE(h.app.pinyin);
    std::string v;
    h.ui.visit.composing = "zhangwei";
    auto draw = [&] { text_keyboard(h.ui, v, 30, false, ImVec2(h.ui.px(24), h.ui.px(14))); };
    h.frames(2, draw);
    REQUIRE(h.tap("张"));
    h.frames(7, draw);
    CHECK(v == "张");
    CHECK(h.ui.visit.composing == "wei");
    // 伟 is not among wei's most frequent few: page forward until it shows (paging works).
    int pages = 0;
    while (!h.tap("伟") && pages < 5) {
        REQUIRE(h.tap(">"));
        ++pages;
        h.frames(7, draw);
    }
    CHECK(pages >= 1);
    h.frames(7, draw);
    CHECK(v == "张伟");
}

TEST_CASE("the pinyin keyboard never offers a candidate it cannot draw") {
    test::Harness h;
    h.app.pinyin = PinyinEngine::shared();
    REQUIRE(h.app.pinyin);
    CHECK(h.fonts.can_draw("\xE5\xBC\xA0\xE4\xBC\x9F abc"));            // 张伟 abc
    CHECK_FALSE(h.fonts.can_draw("\xF0\xA0\x80\x80"));                  // 𠀀 U+20000: beyond the BMP
    CHECK_FALSE(h.fonts.can_draw("\xF0\xA0\xAE\xB7"));                  // 𠮷 U+20BB7: in the font, but ImWchar is 16-bit
    CHECK_FALSE(h.fonts.can_draw("\xE9\xBF\xBD"));                      // U+9FFD: not in Noto Sans CJK SC

    // A syllable whose dictionary entries (fewer than the 300 the engine lists) include characters the
    // kiosk cannot draw.
    std::string syllable;
    std::size_t with_all = 0;
    for (const char* s : {"he", "qi", "ji", "yi", "hai", "shi", "li", "zhi", "yu", "wei", "bi", "pi", "fu", "ke", "zu", "tuo"}) {
        std::size_t total = 0;
        auto all = h.app.pinyin->candidates(s, 0, 1000, &total);
        if (total >= 300) continue;
        for (auto& c : all)
            if (!h.fonts.can_draw(c.text)) { syllable = s; with_all = total; break; }
        if (!syllable.empty()) break;
    }
    REQUIRE_FALSE(syllable.empty());

    // Page through every candidate the keyboard shows for it: the targets in the row of the pager.
    std::string v;
    h.ui.visit.composing = syllable;
    auto draw = [&] { text_keyboard(h.ui, v, 30, false, ImVec2(h.ui.px(24), h.ui.px(14))); };
    h.frames(2, draw);
    std::size_t shown = 0, undrawable = 0;
    std::vector<std::string> previous;
    for (int page = 0; page < 100; ++page) {
        float row_y = -1;
        for (const TapTarget& t : h.ui.targets)
            if (t.label == ">") row_y = t.y0;
        REQUIRE(row_y >= 0);
        std::vector<std::string> on_page;
        for (const TapTarget& t : h.ui.targets)
            if (t.y0 == row_y && t.label != ">" && t.label != "<") on_page.push_back(t.label);
        if (on_page.empty() || on_page == previous) break;   // past the last page
        for (const std::string& c : on_page) undrawable += h.fonts.can_draw(c) ? 0 : 1;
        shown += on_page.size();
        previous = on_page;
        REQUIRE(h.tap(">"));
        h.frames(7, draw);   // past the 90 ms debounce
    }
    CHECK(shown > 10);
    CHECK(undrawable == 0);
    CHECK(shown < with_all);   // the undrawable ones were left out, not just hidden
}

namespace {
// The candidates the form's keyboard shows for `letters` while `f` has the focus, left to right (the
// targets in the pager's row, without the pager).
std::vector<std::string> form_candidates(test::Harness& h, const FieldSpec& f, const std::string& letters) {
    std::vector<const FieldSpec*> fields{&f};
    auto draw = [&] { field_form(h.ui, fields, ImVec2(h.ui.width - h.ui.px(2), h.ui.height - h.ui.px(6))); };
    h.frames(1, draw);   // a new visit (choose_service) drops the per-visit UI state at its first frame
    h.ui.visit.focus_field = f.id;
    h.ui.visit.composing = letters;
    h.frames(2, draw);
    float row_y = -1;
    for (const TapTarget& t : h.ui.targets)
        if (t.label == ">") row_y = t.y0;
    std::vector<const TapTarget*> row;
    for (const TapTarget& t : h.ui.targets)
        if (row_y >= 0 && t.y0 == row_y && t.label != ">" && t.label != "<") row.push_back(&t);
    std::sort(row.begin(), row.end(), [](auto* a, auto* b) { return a->x0 < b->x0; });
    std::vector<std::string> out;
    for (auto* t : row) out.push_back(t->label);
    return out;
}
} // namespace

TEST_CASE("a name field offers surnames first (王 for wang, 张 for zhang), while an address field keeps the usual order") {
    test::Harness h;
    h.app.pinyin = PinyinEngine::shared();
    REQUIRE(h.app.pinyin);
    REQUIRE(h.app.pinyin->has_name_ranking());   // friso-dict (scripts/install-deps)
    h.session.choose_service(h.catalog.services.front().id);
    FieldSpec name;
    name.id = Session::kName;
    name.type = FieldType::name;
    name.label = {"姓名", "Name"};
    FieldSpec address;
    address.id = "new_address";
    address.type = FieldType::address;
    address.label = {"新住址", "New address"};

    auto wang = form_candidates(h, name, "wang");
    REQUIRE(!wang.empty());
    CHECK(wang[0] == "王");
    auto zhang = form_candidates(h, name, "zhang");
    REQUIRE(!zhang.empty());
    CHECK(zhang[0] == "张");

    // The address field shows exactly what the engine's usual order gives (the page the keyboard fits).
    auto addr = form_candidates(h, address, "wang");
    REQUIRE(!addr.empty());
    std::vector<std::string> usual;
    for (auto& c : h.app.pinyin->candidates("wang", 0, addr.size())) usual.push_back(c.text);
    CHECK(addr == usual);
    CHECK(addr[0] != "王");

    // Once the surname is there, given-name characters lead: 伟 for "wei".
    h.session.set_value(Session::kName, "张");
    auto wei = form_candidates(h, name, "wei");
    REQUIRE(!wei.empty());
    CHECK(wei[0] == "伟");
}
