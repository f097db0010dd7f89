// The banner's calls. See call_board.hpp.
#include "app/events/call_board.hpp"

#include <algorithm>

namespace kiosk {

std::vector<CallRecord> CallBoard::snapshot() const {
    std::lock_guard lock(mu_);
    return calls_;
}

void CallBoard::push(const CallRecord& c) {
    std::lock_guard lock(mu_);
    calls_.erase(std::remove_if(calls_.begin(), calls_.end(), [&](const CallRecord& o) { return o.ticket == c.ticket; }),
                 calls_.end());
    calls_.insert(calls_.begin(), c);
    if (calls_.size() > kKept) calls_.resize(kKept);
    ++version_;
}

void CallBoard::load(const std::vector<CallRecord>& newest_first) {
    std::lock_guard lock(mu_);
    calls_.clear();
    for (const CallRecord& c : newest_first) {
        const bool seen = std::any_of(calls_.begin(), calls_.end(), [&](const CallRecord& o) { return o.ticket == c.ticket; });
        if (!seen) calls_.push_back(c);
        if (calls_.size() == kKept) break;
    }
    ++version_;
}

std::uint64_t CallBoard::version() const {
    std::lock_guard lock(mu_);
    return version_;
}

} // namespace kiosk
