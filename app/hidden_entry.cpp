#include "hidden_entry.hpp"

namespace kiosk {

void HiddenEntry::press(double x, double y, double t) {
    if (state_ == State::armed && t - since_ > o_.taps_within_s) state_ = State::idle;   // too slow
    switch (state_) {
    case State::idle:
    case State::holding:
        if (top_left(x, y)) { state_ = State::holding; since_ = t; }
        else state_ = State::idle;
        break;
    case State::armed:
        if (!bottom_right(x, y)) { state_ = State::idle; taps_ = 0; }   // any other tap cancels
        break;
    }
}

void HiddenEntry::release(double x, double y, double t) {
    switch (state_) {
    case State::idle: break;
    case State::holding:
        if (top_left(x, y) && t - since_ >= o_.hold_s) { state_ = State::armed; since_ = t; taps_ = 0; }
        else state_ = State::idle;
        break;
    case State::armed:
        if (t - since_ > o_.taps_within_s || !bottom_right(x, y)) { state_ = State::idle; taps_ = 0; break; }
        if (++taps_ >= o_.taps) { triggered_ = true; state_ = State::idle; taps_ = 0; }
        break;
    }
}

bool HiddenEntry::take_triggered() {
    bool t = triggered_;
    triggered_ = false;
    return t;
}

} // namespace kiosk
