// Two-way transports over a file descriptor: usb:/dev/usb/lpN and tcp://HOST:PORT. Every wait is a poll()
// with a deadline, so a printer that stops answering costs at most the configured timeout.
#include "printer/transport_impl.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kiosk::printer {

namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

class FdTransport final : public Transport {
public:
    FdTransport(int fd, bool socket, std::string name, Timeouts t) : fd_(fd), socket_(socket), name_(std::move(name)), t_(t) {}
    ~FdTransport() override { if (fd_ >= 0) ::close(fd_); }

    bool two_way() const override { return true; }

    Status send(std::string_view bytes, const JobInfo&) override { return send_raw(bytes, t_.send_ms); }

    Status send_raw(std::string_view bytes, int timeout_ms) override {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        std::size_t off = 0;
        while (off < bytes.size()) {
            pollfd p{fd_, POLLOUT, 0};
            int r = ::poll(&p, 1, ms_left(deadline));
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) return make_error("printer.timeout", name_ + ": the printer stopped taking data (sent " +
                                                                 std::to_string(off) + " of " + std::to_string(bytes.size()) + " bytes)");
            if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
                return make_error("printer.io", name_ + ": connection lost while sending");
            ssize_t n = socket_ ? ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL)
                                : ::write(fd_, bytes.data() + off, bytes.size() - off);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
                return make_error("printer.io", name_ + ": " + std::strerror(errno));
            }
            off += static_cast<std::size_t>(n);
        }
        return ok_status();
    }

    Result<std::string> read(std::size_t max, int timeout_ms) override {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            int r = ::poll(&p, 1, ms_left(deadline));
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) return std::string{};
            if (r < 0 || (p.revents & (POLLERR | POLLNVAL))) return make_error("printer.io", name_ + ": read failed");
            std::string buf(max, '\0');
            ssize_t n = ::read(fd_, buf.data(), max);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
                    if (ms_left(deadline) == 0) return std::string{};
                    continue;
                }
                return make_error("printer.io", name_ + ": " + std::strerror(errno));
            }
            if (n == 0) {
                if (socket_) return make_error("printer.io", name_ + ": the printer closed the connection");
                return std::string{};   // usblp reads 0 when the printer has nothing to say
            }
            buf.resize(static_cast<std::size_t>(n));
            return buf;
        }
    }

    void discard_input() override {
        char junk[256];
        for (int i = 0; i < 64; ++i) {   // bounded: a babbling device cannot keep us here
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)) return;
            if (::read(fd_, junk, sizeof junk) <= 0) return;
        }
    }

private:
    int fd_;
    bool socket_;
    std::string name_;
    Timeouts t_;
};

} // namespace

Result<std::unique_ptr<Transport>> open_usb_transport(const PrinterUri& uri, const Timeouts& t) {
    int fd = ::open(uri.path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return make_error("printer.unreachable", "cannot open " + uri.text + ": " + std::strerror(errno) +
                                                     (errno == EACCES ? " (is the kiosk user in group lp?)" : ""));
    return std::unique_ptr<Transport>(new FdTransport(fd, false, uri.text, t));
}

Result<std::unique_ptr<Transport>> open_tcp_transport(const PrinterUri& uri, const Timeouts& t) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    std::string port = std::to_string(uri.port);
    // getaddrinfo has no timeout of its own; printers are normally configured by address.
    if (int rc = ::getaddrinfo(uri.host.c_str(), port.c_str(), &hints, &res); rc != 0)
        return make_error("printer.unreachable", "cannot resolve " + uri.text + ": " + ::gai_strerror(rc));
    std::string why = "no address";
    const auto deadline = Clock::now() + std::chrono::milliseconds(t.connect_ms);
    for (addrinfo* a = res; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) { why = std::strerror(errno); continue; }
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            int r;
            do r = ::poll(&p, 1, ms_left(deadline)); while (r < 0 && errno == EINTR);
            if (r == 0) { ::close(fd); why = "connect timed out after " + std::to_string(t.connect_ms) + " ms"; continue; }
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 && r > 0 ? 0 : -1;
            errno = err;
        }
        if (rc != 0) { why = std::strerror(errno); ::close(fd); continue; }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   // status queries are 3 bytes
        // A small send buffer: with the kernel's megabytes a jammed printer would "accept" a whole receipt
        // and the send timeout would never fire. 64 KiB is still far ahead of any thermal head.
        int sndbuf = 64 * 1024;
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        ::freeaddrinfo(res);
        return std::unique_ptr<Transport>(new FdTransport(fd, true, uri.text, t));
    }
    ::freeaddrinfo(res);
    return make_error("printer.unreachable", "cannot connect to " + uri.text + ": " + why);
}

} // namespace kiosk::printer
