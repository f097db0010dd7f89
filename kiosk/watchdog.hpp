#pragma once
// [SECTION] Watchdog — the kiosk's side of systemd supervision (packaging/systemd/kiosk.service,
// docs/PACKAGING.md "Watchdog"). READY=1 once the first frame is on screen; WATCHDOG=1 from the UI loop at
// half of WATCHDOG_USEC, and only while the loop really turns and the workers it depends on are not stuck.
//
// Under cage the kiosk is not the unit's main process: systemd sets WATCHDOG_PID to cage's pid, so
// sd_watchdog_enabled() would say "not for you". WATCHDOG_USEC is read here directly, and the unit has
// NotifyAccess=all so that systemd accepts messages from the kiosk. Messages go through libsystemd's
// sd_notify (no socket protocol of our own).
//
// How the pings stay honest: the UI loop is event-driven and may sleep for minutes, so a ticker thread
// marks a ping due every half interval and wakes the loop (glfwPostEmptyEvent through AppState::wake). The
// ping itself is sent by the UI thread, in the runner's before_frame hook: a hung UI thread sends nothing.
// Before it sends, it asks each worker how long it has been inside one job (BusySince); a worker busy for
// longer than `worker_stuck_s` (a call that should have timed out long ago) withholds the ping too.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::app_main {

// The unit hands the notify socket over as KIOSK_NOTIFY_SOCKET (and unsets NOTIFY_SOCKET) because the X
// server cage starts for the kiosk, Xwayland, inherits NOTIFY_SOCKET and sends its own READY=1 long before
// the kiosk's first frame (Xvfb does the same in the tests). This moves it back to NOTIFY_SOCKET for
// libsystemd. Call first in main(), before any thread exists (setenv).
void adopt_notify_socket();

class Watchdog {
public:
    struct Worker {
        std::string name;                    // for the log line: "upload", "printer"
        std::function<double()> busy_for_s;  // seconds in its current job, 0 while it waits
    };
    struct Options {
        long long watchdog_usec = 0;         // 0 = no pings (READY=1 is still sent when notify is set)
        bool notify = false;                 // NOTIFY_SOCKET is set: there is a service manager to tell
        double worker_stuck_s = 300;         // a worker in one job longer than this stops the pings
        double stall_after_s = -1;           // test fault (KIOSK_TEST_STALL_AFTER_S): hang the UI loop
        std::function<void()> wake = [] {};  // wakes the UI loop (any thread)
        std::function<void(const std::string&)> send;   // default: sd_notify(0, message)
    };
    // From the environment: NOTIFY_SOCKET, WATCHDOG_USEC, KIOSK_TEST_STALL_AFTER_S. `wake` as in Options.
    static Options from_environment(std::function<void()> wake);

    explicit Watchdog(Options o);
    ~Watchdog();   // stops the ticker; says STOPPING=1
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void add_worker(Worker w) { workers_.push_back(std::move(w)); }   // before first_frame()
    // UI thread, once the first frame is on screen (UiOptions::after_first_frames): READY=1, ticker starts.
    void first_frame();
    // UI thread, every loop turn (UiOptions::before_frame): sends the due ping if every worker is fine.
    void loop_turn();

    long long pings_sent() const { return pings_; }
    double ping_interval_s() const { return static_cast<double>(opt_.watchdog_usec) / 2e6; }

private:
    void tick_loop();
    bool workers_ok();

    Options opt_;
    std::vector<Worker> workers_;
    std::thread ticker_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;                  // guarded by mu_
    bool due_ = false;                       // guarded by mu_
    bool started_ = false;
    std::string withheld_by_;                // the worker named in the last "no ping" log line
    std::chrono::steady_clock::time_point ready_at_{};
    long long pings_ = 0;
};

} // namespace kiosk::app_main
