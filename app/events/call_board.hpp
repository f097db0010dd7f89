#pragma once
// [SECTION] CallBoard — the calls the banner shows: the last few, newest first. Filled by the event worker
// (its thread) and at start-up from the store; read by the UI thread every frame. A recall of a ticket
// already on the board moves it to the top rather than showing it twice. Thread-safe, no I/O.
#include "app/store.hpp"

#include <cstdint>
#include <mutex>
#include <vector>

namespace kiosk {

class CallBoard {
public:
    static constexpr std::size_t kKept = 4;
    // Newest first.
    std::vector<CallRecord> snapshot() const;
    void push(const CallRecord& c);
    // Start-up: the store's recent calls (newest first), replacing what the board held.
    void load(const std::vector<CallRecord>& newest_first);
    std::uint64_t version() const;   // moves on every change (the UI notices a new call)

private:
    mutable std::mutex mu_;
    std::vector<CallRecord> calls_;   // newest first, at most kKept
    std::uint64_t version_ = 0;
};

} // namespace kiosk
