#pragma once
// The hidden way into staff mode: press and hold the top-left corner for 3 s, then tap the bottom-right
// corner three times within 5 s. A resident leaning on the screen or tapping around will not hit it by
// chance, and nothing on screen hints at it. Pure logic on normalized coordinates, so it is unit-tested.
namespace kiosk {

class HiddenEntry {
public:
    struct Options {
        double corner = 0.08;        // corner zone as a fraction of width and height
        double hold_s = 3.0;         // the press-and-hold
        int taps = 3;                // then this many taps in the opposite corner
        double taps_within_s = 5.0;  // counted from the end of the hold
    };
    HiddenEntry() = default;
    explicit HiddenEntry(Options o) : o_(o) {}

    // x, y in [0,1] (0,0 = top-left); t in seconds on any monotonic clock.
    void press(double x, double y, double t);
    void release(double x, double y, double t);
    // True once, right after the pattern completes.
    bool take_triggered();
    bool armed() const { return state_ == State::armed; }

private:
    enum class State { idle, holding, armed };
    bool top_left(double x, double y) const { return x <= o_.corner && y <= o_.corner; }
    bool bottom_right(double x, double y) const { return x >= 1.0 - o_.corner && y >= 1.0 - o_.corner; }

    Options o_;
    State state_ = State::idle;
    double since_ = 0;
    int taps_ = 0;
    bool triggered_ = false;
};

} // namespace kiosk
