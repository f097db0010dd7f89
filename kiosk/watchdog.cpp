#include "kiosk/watchdog.hpp"

#include <cstdlib>
#include <iostream>
#include <systemd/sd-daemon.h>
#include <unistd.h>

namespace kiosk::app_main {

namespace {

double env_number(const char* name, double fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    const double d = std::strtod(v, &end);
    return end && *end == '\0' && d >= 0 ? d : fallback;
}

} // namespace

void adopt_notify_socket() {
    if (const char* handed = std::getenv("KIOSK_NOTIFY_SOCKET")) {
        if (*handed) ::setenv("NOTIFY_SOCKET", handed, 1);
        ::unsetenv("KIOSK_NOTIFY_SOCKET");
    }
}

Watchdog::Options Watchdog::from_environment(std::function<void()> wake) {
    Options o;
    o.notify = std::getenv("NOTIFY_SOCKET") != nullptr;
    // WATCHDOG_PID is deliberately ignored: under cage it names the compositor (see the header).
    o.watchdog_usec = static_cast<long long>(env_number("WATCHDOG_USEC", 0));
    o.stall_after_s = env_number("KIOSK_TEST_STALL_AFTER_S", -1);
    o.wake = std::move(wake);
    return o;
}

Watchdog::Watchdog(Options o) : opt_(std::move(o)) {
    if (!opt_.wake) opt_.wake = [] {};
    if (!opt_.send) opt_.send = [](const std::string& m) { (void)sd_notify(0, m.c_str()); };
}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    if (started_ && opt_.notify) opt_.send("STOPPING=1");
}

void Watchdog::first_frame() {
    if (started_) return;
    started_ = true;
    ready_at_ = std::chrono::steady_clock::now();
    if (opt_.notify) opt_.send("READY=1\nSTATUS=serving residents");
    if (opt_.stall_after_s >= 0)
        std::cerr << "kiosk: KIOSK_TEST_STALL_AFTER_S is set: the UI loop will hang after " << opt_.stall_after_s
                  << " s (a test fault, never for service)\n";
    if (opt_.notify && opt_.watchdog_usec > 0) ticker_ = std::thread([this] { tick_loop(); });
}

void Watchdog::tick_loop() {
    const auto period = std::chrono::microseconds(opt_.watchdog_usec / 2);
    auto next = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    for (;;) {
        next += period;
        if (cv_.wait_until(lock, next, [this] { return stopping_; })) return;
        due_ = true;
        lock.unlock();
        opt_.wake();
        lock.lock();
    }
}

bool Watchdog::workers_ok() {
    for (const Worker& w : workers_) {
        const double busy = w.busy_for_s();
        if (busy > opt_.worker_stuck_s) {
            if (withheld_by_ != w.name)
                std::cerr << "kiosk: watchdog: the " << w.name << " worker has been in one job for " << static_cast<long>(busy)
                          << " s: no more pings, systemd will restart the kiosk\n";
            withheld_by_ = w.name;
            return false;
        }
    }
    withheld_by_.clear();
    return true;
}

void Watchdog::loop_turn() {
    if (!started_) return;
    if (opt_.stall_after_s >= 0 &&
        std::chrono::steady_clock::now() - ready_at_ >= std::chrono::duration<double>(opt_.stall_after_s)) {
        std::cerr << "kiosk: KIOSK_TEST_STALL_AFTER_S: the UI loop hangs now (test fault)\n";
        for (;;) ::pause();   // a hung UI thread: only a signal ends it
    }
    {
        std::lock_guard lock(mu_);
        if (!due_) return;
        due_ = false;
    }
    if (!workers_ok()) return;
    opt_.send("WATCHDOG=1");
    ++pings_;
}

} // namespace kiosk::app_main
