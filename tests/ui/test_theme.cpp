// Theme: WCAG contrast of every text/background pair, type sizes, line spacing, tap target sizes.
#include <catch2/catch.hpp>

#include "ui/fonts.hpp"
#include "ui/theme.hpp"

using namespace kiosk::ui;

TEST_CASE("contrast ratio follows WCAG 2 (black on white is 21:1, a colour on itself 1:1)") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {0x77, 0x77, 0x77}) == Approx(1.0));
    // A known mid value: #767676 on white is the classic 4.54:1 threshold grey.
    CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) == Approx(4.54).margin(0.01));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) < 4.5);
}

TEST_CASE("every text colour of the theme has at least 4.5:1 contrast on its background") {
    for (const auto& p : theme().text_pairs()) {
        INFO(p.name << " contrast " << contrast_ratio(p.fg, p.bg));
        CHECK(contrast_ratio(p.fg, p.bg) >= 4.5);
    }
}

TEST_CASE("type sizes: body >= 32 px, small >= 24 px at 1080, 24/18 at 1280x800, elderly mode is 1.5x") {
    FontSizes n = FontSizes::for_window(1920, 1080, false), e = FontSizes::for_window(1920, 1080, true);
    CHECK(n.body >= 32);
    CHECK(n.small >= 24);
    CHECK(n.title >= 40);
    CHECK(e.body >= n.body * 1.5f - 1);
    CHECK(e.small >= n.small * 1.5f - 1);
    CHECK(e.title >= n.title * 1.5f - 1);
    FontSizes s = FontSizes::for_window(1280, 800, false), se = FontSizes::for_window(1280, 800, true);
    CHECK(s.body >= 24);
    CHECK(s.small >= 18);
    CHECK(se.body >= 32);
    // Portrait reads as landscape of the same short side.
    FontSizes p = FontSizes::for_window(1080, 1920, false);
    CHECK(p.body == n.body);
    // Small windows never go below the minimums.
    FontSizes tiny = FontSizes::for_window(800, 600, false);
    CHECK(tiny.body >= 18);
    CHECK(tiny.title >= 30);
    CHECK(em::line_spacing >= 1.3f);
}

TEST_CASE("tap targets: >= 44 px at 1080p, >= 60 px in elderly mode") {
    CHECK(em::tap_min * FontSizes::for_window(1920, 1080, false).body >= 44);
    CHECK(em::tap_min * FontSizes::for_window(1920, 1080, true).body >= 60);
    CHECK(em::tap_min * FontSizes::for_window(1280, 800, false).body >= 44);
    CHECK(em::tap_min * FontSizes::for_window(1280, 800, true).body >= 60);
}
