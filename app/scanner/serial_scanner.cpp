// Serial line scanner. See serial_scanner.hpp.
#include "app/scanner/serial_scanner.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace kiosk {

bool parse_serial_scanner_uri(const std::string& uri, std::string& device, int& baud) {
    const std::string p = "serial:";
    if (uri.rfind(p, 0) != 0 || uri.size() <= p.size()) return false;
    std::string rest = uri.substr(p.size());
    baud = 9600;
    const auto q = rest.find('?');
    if (q != std::string::npos) {
        const std::string opt = rest.substr(q + 1);
        rest = rest.substr(0, q);
        if (opt.rfind("baud=", 0) != 0) return false;
        const std::string v = opt.substr(5);
        if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos) return false;
        baud = std::stoi(v);
        if (baud != 9600 && baud != 19200 && baud != 38400 && baud != 57600 && baud != 115200) return false;
    }
    if (rest.empty() || rest[0] != '/') return false;
    device = rest;
    return true;
}

namespace {
speed_t speed_for(int baud) {
    switch (baud) {
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return B9600;
    }
}
} // namespace

SerialScanner::SerialScanner(std::string device, int baud, std::function<void(std::string)> on_code)
    : device_(std::move(device)), baud_(baud), on_code_(std::move(on_code)) {}

SerialScanner::~SerialScanner() { stop(); }

void SerialScanner::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void SerialScanner::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

ScannerStatus SerialScanner::status() const {
    std::lock_guard lock(mu_);
    return status_;
}

void SerialScanner::set_status(const std::string& state, const std::string& words) {
    std::lock_guard lock(mu_);
    status_.state = state;
    status_.words = words;
}

void SerialScanner::run() {
    using namespace std::chrono_literals;
    while (!stopping_) {
        const int fd = ::open(device_.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            set_status("absent", device_ + ": " + std::strerror(errno));
            for (int i = 0; i < 20 && !stopping_; ++i) std::this_thread::sleep_for(100ms);   // ~2 s, stop stays prompt
            continue;
        }
        termios tio{};
        if (::tcgetattr(fd, &tio) == 0) {   // a pty or a real tty; a plain file (tests) has none
            ::cfmakeraw(&tio);
            ::cfsetispeed(&tio, speed_for(baud_));
            ::cfsetospeed(&tio, speed_for(baud_));
            tio.c_cflag |= CLOCAL | CREAD;
            (void)::tcsetattr(fd, TCSANOW, &tio);
        }
        set_status("ok", device_);
        std::string line;
        bool gone = false;
        while (!stopping_ && !gone) {
            pollfd p{fd, POLLIN, 0};
            const int r = ::poll(&p, 1, 200);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) { gone = true; break; }
            if (r == 0) continue;
            char buf[256];
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) { gone = true; break; }   // unplugged (EIO) or the other end closed
            for (ssize_t i = 0; i < n; ++i) {
                const char c = buf[i];
                if (c == '\r' || c == '\n') {
                    if (!line.empty()) {
                        {
                            std::lock_guard lock(mu_);
                            ++status_.codes;
                        }
                        on_code_(line);
                    }
                    line.clear();
                } else if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f && line.size() < 512) {
                    line += c;
                }
            }
        }
        ::close(fd);
        if (gone && !stopping_) {
            set_status("absent", device_ + ": disconnected, trying again");
            for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(100ms);
        }
    }
}

} // namespace kiosk
