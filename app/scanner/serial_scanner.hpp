#pragma once
// [SECTION] SerialScanner — a 2D scanner on a serial line (`[scanner] uri = serial:/dev/ttyACM0[?baud=9600]`):
// its own thread reads lines (CR and/or LF end a code), raw termios, and hands each code on. Unplugged, it
// says so in its status and opens the device again every couple of seconds until it is back (DESIGN.md,
// "Devices"). It never blocks the UI thread.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk {

struct ScannerStatus {
    std::string state = "absent";   // ok | absent | fault
    std::string words;              // for staff, e.g. "/dev/ttyACM0: No such file or directory"
    long codes = 0;                 // codes read since start
};

class SerialScanner {
public:
    SerialScanner(std::string device, int baud, std::function<void(std::string)> on_code);
    ~SerialScanner();
    SerialScanner(const SerialScanner&) = delete;
    SerialScanner& operator=(const SerialScanner&) = delete;
    void start();
    void stop();
    ScannerStatus status() const;

private:
    void run();
    void set_status(const std::string& state, const std::string& words);
    std::string device_;
    int baud_;
    std::function<void(std::string)> on_code_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    mutable std::mutex mu_;
    ScannerStatus status_;
};

// "serial:/dev/ttyACM0?baud=115200" → device and baud (9600 when not given). False for anything else.
bool parse_serial_scanner_uri(const std::string& uri, std::string& device, int& baud);

} // namespace kiosk
