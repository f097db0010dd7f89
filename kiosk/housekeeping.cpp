#include "kiosk/housekeeping.hpp"

#include <iostream>

namespace kiosk::app_main {

Housekeeping::Housekeeping(Store& store, const Config& cfg) : thread_([this, &store, &cfg] {
    std::unique_lock lock(mu_);
    do {
        lock.unlock();
        auto n = store.purge(WallClock::now(), cfg.privacy.retention_days);
        if (n && n.value() > 0) std::cerr << "kiosk: purged personal data of " << n.value() << " requests\n";
        if (!n) std::cerr << "kiosk: purge failed: " << n.error().message << "\n";
        lock.lock();
    } while (!cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; }));
}) {}

Housekeeping::~Housekeeping() {
    { std::lock_guard l(mu_); stop_ = true; }
    cv_.notify_all();
    thread_.join();
}

} // namespace kiosk::app_main
