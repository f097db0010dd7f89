#pragma once
// [SECTION] ScanBurst — tells a keyboard-wedge scanner's burst from a person typing, by timing alone.
// A wedge scanner "types" a whole code in a few milliseconds and ends it with Enter; a person's keys come
// 80 ms or more apart. Characters are held while they might still be a scan; a gap longer than max_gap
// releases them as typing (the person's text arrives ~max_gap late, too little to notice), and Enter
// right after a fast run of at least min_length characters turns the run into a scan that no form field
// ever sees. Pure: the caller passes the times. Tested in tests/core/test_scan_burst.cpp.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct ScanBurstOptions {
    std::chrono::milliseconds max_gap{35};   // between two characters of one scan
    std::size_t min_length = 6;              // shorter runs are typing (a receipt code has 36)
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
    Clock::time_point release_at() const { return last_ + o_.max_gap; }

private:
    void release_all();
    ScanBurstOptions o_;
    std::vector<unsigned> held_, released_;
    Clock::time_point last_{};
    bool fast_ = true;    // every gap in the held run was under max_gap
};

} // namespace kiosk
