#pragma once
// [SECTION] ScanBurst — tells a keyboard-wedge scanner's burst from a person typing, by timing alone.
// A wedge scanner "types" a whole code in a few milliseconds and ends it with Enter; a person's keys come
// 60 ms or more apart. Characters are held while they might still be a scan: a run ends when a gap exceeds
// hold_gap (its characters are then handed on as typing, hold_gap late at most), or at Enter, which makes
// the run a scan when it has at least min_length characters averaging at most mean_gap apart — then no
// form field ever sees a character of it. The average, not each gap, decides: on a loaded machine a
// scanner's keys reach the kiosk with an occasional 50–100 ms hiccup, which must not split the code.
// Pure: the caller passes the times. Tested in tests/core/test_scan_burst.cpp and tests/ui/xinput.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct ScanBurstOptions {
    std::chrono::milliseconds hold_gap{120};   // a longer gap ends the run (and is never inside a scan)
    std::chrono::milliseconds mean_gap{30};    // a scan's characters average at most this far apart
    std::size_t min_length = 6;                // shorter runs are typing (a receipt code has 36)
    std::size_t max_length = 512;
};

class ScanBurst {
public:
    using Clock = std::chrono::steady_clock;
    explicit ScanBurst(ScanBurstOptions o = {}) : o_(o) {}

    // A printable character arrived at `t`.
    void on_char(unsigned codepoint, Clock::time_point t);
    // Enter arrived at `t`: the scan it ends, or nullopt (then the held characters are released first and
    // the Enter is the person's).
    std::optional<std::string> on_enter(Clock::time_point t);
    // Characters that are certainly typing by `now` (their run went quiet), in order: hand them on.
    std::vector<unsigned> take_released(Clock::time_point now);
    bool holding() const { return !held_.empty(); }
    // When the held run turns into typing if nothing else arrives.
    Clock::time_point release_at() const { return last_ + o_.hold_gap; }

private:
    void release_all();
    ScanBurstOptions o_;
    std::vector<unsigned> held_, released_;
    Clock::time_point first_{}, last_{};   // the held run's first and last character
};

} // namespace kiosk
