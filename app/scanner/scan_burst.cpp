// Scan-or-typing by timing. See scan_burst.hpp.
#include "app/scanner/scan_burst.hpp"


namespace kiosk {

void ScanBurst::release_all() {
    released_.insert(released_.end(), held_.begin(), held_.end());
    held_.clear();
}

void ScanBurst::on_char(unsigned cp, Clock::time_point t) {
    // A gap too long for a scanner: what was held was typed by a person, and so starts a new run.
    if (!held_.empty() && t - last_ > o_.hold_gap) release_all();
    // Only printable ASCII comes from a code scanner; anything else is typing (an IME, a person).
    if (cp < 0x20 || cp > 0x7e || held_.size() >= o_.max_length) {
        release_all();
        released_.push_back(cp);
        last_ = t;
        return;
    }
    if (held_.empty()) first_ = t;
    held_.push_back(cp);
    last_ = t;
}

std::optional<std::string> ScanBurst::on_enter(Clock::time_point t) {
    bool scan = !held_.empty() && held_.size() >= o_.min_length && t - last_ <= o_.hold_gap;
    if (scan) {
        const auto span = last_ - first_;
        scan = span <= o_.mean_gap * static_cast<long>(held_.size() - 1);
    }
    if (!scan) {
        release_all();
        return std::nullopt;
    }
    std::string code;
    for (unsigned c : held_) code += static_cast<char>(c);
    held_.clear();
    return code;
}

std::vector<unsigned> ScanBurst::take_released(Clock::time_point now) {
    if (!held_.empty() && now - last_ > o_.hold_gap) release_all();
    std::vector<unsigned> out;
    out.swap(released_);
    return out;
}

} // namespace kiosk
