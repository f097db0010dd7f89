// The keyboard-wedge scanner's burst told apart from a person typing, by timing alone (app/scanner).
#include "app/scanner/scan_burst.hpp"
#include "app/scanner/serial_scanner.hpp"
#include "app/config.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <pty.h>
#include <sys/stat.h>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
using Clock = ScanBurst::Clock;

// Feeds `s` with `gap` between characters; returns what a scan produced and what was released as typing.
struct Fed { std::optional<std::string> scan; std::string typed; };
Fed feed(ScanBurst& b, const std::string& s, std::chrono::milliseconds gap, std::chrono::milliseconds enter_gap) {
    Fed out;
    auto t = Clock::time_point{} + 1h;
    for (char c : s) {
        b.on_char(static_cast<unsigned char>(c), t);
        for (unsigned cp : b.take_released(t)) out.typed += static_cast<char>(cp);
        t += gap;
    }
    t += enter_gap - gap;
    out.scan = b.on_enter(t);
    for (unsigned cp : b.take_released(t + 1s)) out.typed += static_cast<char>(cp);
    return out;
}
} // namespace

TEST_CASE("a fast burst ending in Enter is a scan and none of it is typed") {
    ScanBurst b;
    const std::string code = "3f2a9c1e-7b4d-4e8a-9f00-1234567890ab";
    Fed f = feed(b, code, 3ms, 5ms);
    REQUIRE(f.scan.has_value());
    CHECK(*f.scan == code);
    CHECK(f.typed.empty());
    CHECK_FALSE(b.holding());
}

TEST_CASE("a person typing is never a scan: every character is handed on, in order") {
    ScanBurst b;
    Fed f = feed(b, "A023 8000", 120ms, 150ms);
    CHECK_FALSE(f.scan.has_value());
    CHECK(f.typed == "A023 8000");

    // A fast typist (60 ms) is still typing.
    ScanBurst b2;
    Fed g = feed(b2, "zhangsan", 60ms, 80ms);
    CHECK_FALSE(g.scan.has_value());
    CHECK(g.typed == "zhangsan");
}

TEST_CASE("a fast run that is too short, or whose Enter comes late, is typing") {
    ScanBurst b;
    Fed f = feed(b, "ab", 2ms, 3ms);            // two keys pressed together, then Enter
    CHECK_FALSE(f.scan.has_value());
    CHECK(f.typed == "ab");
    ScanBurst b2;
    Fed g = feed(b2, "abcdefgh", 2ms, 400ms);   // fast, but the Enter is a person's
    CHECK_FALSE(g.scan.has_value());
    CHECK(g.typed == "abcdefgh");
}

TEST_CASE("a scan with a few late keys (a loaded machine) is still one scan, steady 80 ms typing is not") {
    ScanBurst b;
    auto t = Clock::time_point{} + 1h;
    const std::string code = "3f2a9c1e-7b4d-4e8a-9f00-1234567890ab";
    for (std::size_t i = 0; i < code.size(); ++i) {
        b.on_char(static_cast<unsigned char>(code[i]), t);
        t += (i % 12 == 5) ? 90ms : 3ms;   // three hiccups of 90 ms
    }
    CHECK(b.take_released(t).empty());
    auto scan = b.on_enter(t);
    REQUIRE(scan.has_value());
    CHECK(*scan == code);
    ScanBurst b2;
    Fed f = feed(b2, "13800138000", 80ms, 80ms);
    CHECK_FALSE(f.scan.has_value());
    CHECK(f.typed == "13800138000");
}

TEST_CASE("typing, then a scan: the typed part is released, the scan stays whole") {
    ScanBurst b;
    auto t = Clock::time_point{} + 1h;
    std::string typed;
    for (char c : std::string("xy")) { b.on_char(static_cast<unsigned char>(c), t); t += 200ms; }
    for (char c : std::string("CODE12345")) { b.on_char(static_cast<unsigned char>(c), t); t += 2ms; }
    for (unsigned cp : b.take_released(t)) typed += static_cast<char>(cp);
    auto scan = b.on_enter(t);
    REQUIRE(scan.has_value());
    CHECK(*scan == "CODE12345");
    CHECK(typed == "xy");
}

TEST_CASE("a held run goes quiet: it is released as typing once hold_gap has passed, not before") {
    ScanBurst b;
    auto t = Clock::time_point{} + 1h;
    b.on_char('q', t);
    CHECK(b.take_released(t + 10ms).empty());
    CHECK(b.holding());
    auto r = b.take_released(t + 130ms);
    REQUIRE(r.size() == 1);
    CHECK(r[0] == 'q');
    CHECK_FALSE(b.holding());
    // Non-ASCII (an IME's 汉字) is never held.
    b.on_char(0x5F20, t);
    auto r2 = b.take_released(t);
    REQUIRE(r2.size() == 1);
    CHECK(r2[0] == 0x5F20u);
}

TEST_CASE("scanner uris: serial with an optional baud, anything else refused") {
    std::string dev;
    int baud = 0;
    CHECK(parse_serial_scanner_uri("serial:/dev/ttyACM0", dev, baud));
    CHECK(dev == "/dev/ttyACM0");
    CHECK(baud == 9600);
    CHECK(parse_serial_scanner_uri("serial:/dev/ttyUSB1?baud=115200", dev, baud));
    CHECK(baud == 115200);
    for (const char* bad : {"serial:", "serial:dev/tty", "serial:/dev/x?baud=12", "serial:/dev/x?speed=9600", "hid", "usb:/dev/x"})
        CHECK_FALSE(parse_serial_scanner_uri(bad, dev, baud));
}

TEST_CASE("a serial scanner reads lines from a pty, a device that is not there is reported absent") {
    int master = -1, slave = -1;
    char name[128] = {};
    REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
    std::mutex mu;
    std::vector<std::string> codes;
    SerialScanner s(name, 9600, [&](std::string c) { std::lock_guard l(mu); codes.push_back(std::move(c)); });
    s.start();
    auto wait_for = [&](std::size_t n) {
        for (int i = 0; i < 300; ++i) {
            { std::lock_guard l(mu); if (codes.size() >= n) return true; }
            std::this_thread::sleep_for(10ms);
        }
        return false;
    };
    for (int i = 0; i < 100 && s.status().state != "ok"; ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(s.status().state == "ok");
    const std::string lines = "3f2a9c1e-7b4d-4e8a-9f00-1234567890ab\r\nSECOND\n\n";
    REQUIRE(::write(master, lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
    REQUIRE(wait_for(2));
    {
        std::lock_guard l(mu);
        CHECK(codes[0] == "3f2a9c1e-7b4d-4e8a-9f00-1234567890ab");
        CHECK(codes[1] == "SECOND");
        CHECK(codes.size() == 2);
    }
    s.stop();
    ::close(master);
    ::close(slave);
    // Gone for good: the status says so (the device path no longer opens).
    SerialScanner gone("/dev/kiosk-no-such-scanner", 9600, [](std::string) {});
    gone.start();
    for (int i = 0; i < 100 && gone.status().words.empty(); ++i) std::this_thread::sleep_for(10ms);
    CHECK(gone.status().state == "absent");
    CHECK(gone.status().words.find("/dev/kiosk-no-such-scanner") != std::string::npos);
}

TEST_CASE("a serial scanner whose line dropped opens it again and reads on (a FIFO plays the device)") {
    char tmpl[] = "/tmp/kiosk-scanner-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    const std::string fifo = std::string(tmpl) + "/tty";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::mutex mu;
    std::vector<std::string> codes;
    SerialScanner s(fifo, 9600, [&](std::string c) { std::lock_guard l(mu); codes.push_back(std::move(c)); });
    s.start();
    // Each writer opens, writes one code and closes: the scanner sees the line end (EOF), reconnects,
    // and must read the next writer's code too.
    for (const char* code : {"FIRST-CODE", "SECOND-CODE"}) {
        const int w = ::open(fifo.c_str(), O_WRONLY);   // blocks until the scanner has the FIFO open
        REQUIRE(w >= 0);
        const std::string line = std::string(code) + "\r\n";
        REQUIRE(::write(w, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        ::close(w);
        for (int i = 0; i < 400; ++i) {
            { std::lock_guard l(mu); if (!codes.empty() && codes.back() == code) break; }
            std::this_thread::sleep_for(10ms);
        }
    }
    s.stop();
    std::lock_guard l(mu);
    REQUIRE(codes.size() == 2);
    CHECK(codes[0] == "FIRST-CODE");
    CHECK(codes[1] == "SECOND-CODE");
    ::unlink(fifo.c_str());
    ::rmdir(tmpl);
}

TEST_CASE("[scanner] uri: none, hid and serial are read, anything else is one clear error naming file and key") {
    auto ok = kiosk::parse_config("[scanner]\nuri = \"hid\"\n", "kiosk.toml");
    REQUIRE(ok.ok());
    CHECK(ok->scanner.uri == "hid");
    auto def = kiosk::parse_config("", "kiosk.toml");
    REQUIRE(def.ok());
    CHECK(def->scanner.uri == "none");
    CHECK(kiosk::parse_config("[scanner]\nuri = \"serial:/dev/ttyACM0?baud=115200\"\n", "kiosk.toml").ok());
    for (const char* bad : {"[scanner]\nuri = \"usb\"\n", "[scanner]\nuri = \"serial:ttyACM0\"\n", "[scanner]\nuri = \"\"\n",
                            "[scanner]\nuri = 3\n", "[scanner]\nport = \"/dev/ttyACM0\"\n"}) {
        INFO(bad);
        auto r = kiosk::parse_config(bad, "kiosk.toml");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "config.invalid");
        CHECK(r.error().message.find("kiosk.toml: key 'scanner.") == 0);
    }
}
