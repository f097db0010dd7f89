#pragma once
// [SECTION] BusySince — how long a worker thread has been inside one piece of work, read from another
// thread. The kiosk's watchdog (kiosk/watchdog.hpp) stops its pings when a worker the UI depends on (the
// uploader, the printer) has been busy for too long: stuck in a call that should have timed out. Waiting
// for work is not busy, so an idle worker never looks stuck.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace kiosk {

class BusySince {
public:
    using Clock = std::chrono::steady_clock;
    void busy(Clock::time_point now = Clock::now()) { ns_ = std::max<std::int64_t>(1, now.time_since_epoch().count()); }
    void idle() { ns_ = 0; }
    // Seconds in the current piece of work; 0 while waiting for work.
    double busy_for_s(Clock::time_point now = Clock::now()) const {
        const std::int64_t since = ns_.load();
        if (since == 0) return 0;
        return std::chrono::duration<double>(now - Clock::time_point(Clock::duration(since))).count();
    }

private:
    std::atomic<std::int64_t> ns_{0};
};

} // namespace kiosk
