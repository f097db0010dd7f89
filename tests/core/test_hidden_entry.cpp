#include "app/hidden_entry.hpp"

#include <catch2/catch.hpp>

using kiosk::HiddenEntry;

namespace {
void tap(HiddenEntry& h, double x, double y, double t) {
    h.press(x, y, t);
    h.release(x, y, t + 0.1);
}
void hold_top_left(HiddenEntry& h, double t, double len) {
    h.press(0.02, 0.03, t);
    h.release(0.02, 0.03, t + len);
}
} // namespace

TEST_CASE("hold top-left, then three taps bottom-right opens staff mode once") {
    HiddenEntry h;
    hold_top_left(h, 0, 3.2);
    REQUIRE(h.armed());
    tap(h, 0.97, 0.98, 4);
    tap(h, 0.97, 0.98, 4.5);
    CHECK_FALSE(h.take_triggered());
    tap(h, 0.97, 0.98, 5);
    CHECK(h.take_triggered());
    CHECK_FALSE(h.take_triggered());   // only once
    CHECK_FALSE(h.armed());
}

TEST_CASE("a short hold, a tap elsewhere or slow taps do not open it") {
    HiddenEntry h;
    hold_top_left(h, 0, 1.0);   // too short
    CHECK_FALSE(h.armed());
    for (int i = 0; i < 3; ++i) tap(h, 0.97, 0.98, 2 + i);
    CHECK_FALSE(h.take_triggered());

    hold_top_left(h, 10, 3.5);
    tap(h, 0.97, 0.98, 14);
    tap(h, 0.5, 0.5, 14.5);    // a resident's ordinary tap cancels
    tap(h, 0.97, 0.98, 15);
    tap(h, 0.97, 0.98, 15.5);
    CHECK_FALSE(h.take_triggered());

    hold_top_left(h, 20, 3.5);
    tap(h, 0.97, 0.98, 24);
    tap(h, 0.97, 0.98, 26);
    tap(h, 0.97, 0.98, 29.1);  // more than 5 s after the hold ended
    CHECK_FALSE(h.take_triggered());
}

TEST_CASE("a hold that slides out of the corner does not arm") {
    HiddenEntry h;
    h.press(0.02, 0.02, 0);
    h.release(0.4, 0.4, 4);
    CHECK_FALSE(h.armed());
}
