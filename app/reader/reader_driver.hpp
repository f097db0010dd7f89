#pragma once
// [SECTION] The ID-card reader driver: one thread that owns the device (docs/READER.md).
//   open → reset SAM → SAM status → ready ─┬─ (a screen wants a card) find card ~1/s → select → read text
//                                          │   (+ appended address) → publish → wait until the card is off
//                                          └─ (nobody wants one) SAM status every few seconds (unplug check)
// Every failure becomes a Problem in the status snapshot, never a hang: each command has a deadline. When
// the device goes away the driver closes it and reopens it by itself until it answers again.
// Privacy: raw frames and the photo block live only in the driver's receive buffer, which is wiped after
// every command; the decoded card is handed over once (take_card) and the driver's copy wiped.
#include "app/reader/card_text.hpp"
#include "app/reader/reader_status.hpp"
#include "app/reader/reader_uri.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace kiosk::reader {

class Port;

struct CardRead {
    CardIdentity identity;
    CardChecks checks;
};

struct DriverOptions {
    ReaderUri uri;
    std::function<void()> wake = [] {};                 // a status change or a card: wake the UI loop
    std::function<Date()> today;                        // for the expiry check; default: system local date
    std::chrono::milliseconds poll_interval{1000};      // find-card while a card is wanted
    std::chrono::milliseconds removal_poll{500};        // find-card while a read card still lies there
    std::chrono::milliseconds idle_check{5000};         // SAM status while nobody wants a card
    std::chrono::milliseconds reconnect_interval{1000}; // reopen after the device went away
    // Host timeouts from public drivers (reference/idcard-reader.md).
    std::chrono::milliseconds sam_timeout{800}, find_timeout{800}, select_timeout{300}, read_timeout{1100};
};

class ReaderDriver {
public:
    explicit ReaderDriver(DriverOptions opts);
    ~ReaderDriver();   // stops and joins the thread, wipes what it holds
    ReaderDriver(const ReaderDriver&) = delete;
    ReaderDriver& operator=(const ReaderDriver&) = delete;

    void start();   // no-op for uri none (the status says not_configured)
    void stop();

    // A screen that takes a card is shown (attract, home, identity): poll for one about once a second.
    void set_wanted(bool wanted);
    // "重新读卡": read the card that lies on the reader again (normally a card is read once per placing).
    void request_reread();

    ReaderStatus status() const;
    // The last good read, handed over once (the driver's copy is wiped). nullopt when none is waiting.
    std::optional<CardRead> take_card();
    // Blocks up to `timeout` until status() satisfies `pred` (tests, `kiosk reader test`).
    bool wait_for(const std::function<bool(const ReaderStatus&)>& pred, std::chrono::milliseconds timeout) const;

private:
    struct Exchange;
    void run();
    bool init_reader(Port& port);
    void read_card(Port& port);
    void set_status(DeviceState d, Problem p, std::string text);
    void sleep_for(std::chrono::milliseconds d);

    DriverOptions opts_;
    mutable std::mutex mu_;
    mutable std::condition_variable cv_;
    ReaderStatus status_;
    std::optional<CardRead> card_;
    bool wanted_ = false, reread_ = false, stop_ = false;
    std::thread thread_;
};

} // namespace kiosk::reader
