#pragma once
// [SECTION] ScanInbox — scanned codes waiting for the UI thread: the keyboard wedge's (ui/input_queue, UI
// thread) and the serial scanner's (its own thread) alike. The UI takes them once per frame and decides
// what a scan means on the screen shown (ui/screens/progress.cpp). Thread-safe; keeps the newest few.
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace kiosk {

class ScanInbox {
public:
    void push(std::string code) {
        {
            std::lock_guard lock(mu_);
            codes_.push_back(std::move(code));
            while (codes_.size() > 4) codes_.pop_front();
        }
        if (wake) wake();
    }
    std::optional<std::string> take() {
        std::lock_guard lock(mu_);
        if (codes_.empty()) return std::nullopt;
        std::string c = std::move(codes_.front());
        codes_.pop_front();
        return c;
    }
    std::function<void()> wake;   // set by the composition root: the UI redraws to take the code

private:
    std::mutex mu_;
    std::deque<std::string> codes_;
};

} // namespace kiosk
