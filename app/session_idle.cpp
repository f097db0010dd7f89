// [SECTION] Session — idle state machine and reset (DESIGN.md step 1). Per screen: active → warning →
// expired (reset); done/rating return by themselves with a countdown and no warning. Reset wipes every
// value with OPENSSL_cleanse (kiosk::wipe).
#include "session.hpp"

#include "crypto.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk {

// [SECTION] Idle

double Session::idle_seconds() const {
    return std::chrono::duration<double>(clocks_.steady() - last_activity_).count();
}

IdleState Session::idle_state() const {
    if (step_ == Step::attract) return IdleState::active;
    double idle = idle_seconds();
    if (step_ == Step::done || step_ == Step::rating)   // returns by itself, countdown on screen, no warning
        return idle >= opts_.done_return_s ? IdleState::expired : IdleState::active;
    if (idle < opts_.idle_timeout_s) return IdleState::active;
    if (idle < opts_.idle_timeout_s + opts_.warn_s) return IdleState::warning;
    return IdleState::expired;
}

int Session::seconds_left() const {
    double idle = idle_seconds();
    double left = (step_ == Step::done || step_ == Step::rating) ? opts_.done_return_s - idle
                                                                 : opts_.idle_timeout_s + opts_.warn_s - idle;
    return std::max(0, static_cast<int>(std::ceil(left)));
}

int Session::seconds_to_warning() const {
    if (step_ == Step::attract || step_ == Step::done || step_ == Step::rating) return -1;
    if (idle_state() != IdleState::active) return -1;
    return std::max(0, static_cast<int>(std::ceil(opts_.idle_timeout_s - idle_seconds())));
}

bool Session::update() {
    if (idle_state() != IdleState::expired) return false;
    reset();
    return true;
}

std::optional<double> Session::seconds_to_next_event() const {
    if (step_ == Step::attract) return std::nullopt;
    double idle = idle_seconds();
    bool countdown = step_ == Step::done || step_ == Step::rating || idle_state() == IdleState::warning;
    if (countdown) {
        // Wake at the next whole second so the countdown on screen ticks.
        double frac = idle - std::floor(idle);
        return std::max(0.01, 1.0 - frac);
    }
    return std::max(0.01, opts_.idle_timeout_s - idle);
}

void Session::wipe_visit() {
    for (auto& [k, v] : values_) wipe(v);
    values_.clear();
    errors_.clear();
    wipe(search_query_);
    search_query_.clear();
    service_ = nullptr;
    category_.clear();
    group_ = 0;
    editing_from_review_ = false;
    consent_ = sensitive_consent_ = false;
    submitted_.reset();
    submit_error_.reset();
    rating_.reset();
    wipe_card();
    ++generation_;
}

void Session::reset() {
    wipe_visit();
    locale_ = opts_.default_locale;
    elderly_ = opts_.default_elderly;
    voice_ = opts_.default_voice;
    enter(Step::attract);
}

} // namespace kiosk
