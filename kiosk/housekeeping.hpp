#pragma once
// [SECTION] Housekeeping — purges expired personal data once an hour while the kiosk runs (kiosks run for
// weeks unattended). Its own thread; stops (and joins) when destroyed.
#include "app/config.hpp"
#include "app/store.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace kiosk::app_main {

class Housekeeping {
public:
    Housekeeping(Store& store, const Config& cfg);
    ~Housekeeping();
    Housekeeping(const Housekeeping&) = delete;
    Housekeeping& operator=(const Housekeeping&) = delete;

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace kiosk::app_main
