// Port: the only file of the reader that makes system calls on the device.
#include "app/reader/port.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

namespace kiosk::reader {
namespace {

speed_t speed_for(int baud) {
    switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    default: return B115200;
    }
}

Error open_error(const std::string& path, int err) {
    const std::string why = path + ": " + std::strerror(err);
    if (err == ENOENT || err == ENODEV || err == ENXIO || err == ECONNREFUSED) return make_error("reader.absent", "no reader at " + why);
    if (err == EBUSY || err == EWOULDBLOCK) return make_error("reader.busy", "reader in use by another program: " + why);
    if (err == EACCES || err == EPERM) return make_error("reader.denied", "no permission for the reader (see docs/ADMIN.md, group dialout): " + why);
    return make_error("reader.open", "cannot open the reader: " + why);
}

bool gone_errno(int e) { return e == EIO || e == ENXIO || e == EPIPE || e == ENODEV || e == ECONNRESET || e == EBADF; }

} // namespace

Result<Port> Port::open(const ReaderUri& uri) {
    if (uri.kind == ReaderUri::Kind::none) return make_error("reader.absent", "no reader configured ([reader] uri = none)");
    struct stat st{};
    if (::stat(uri.path.c_str(), &st) != 0) return open_error(uri.path, errno);
    if (S_ISSOCK(st.st_mode)) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) return open_error(uri.path, errno);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        if (uri.path.size() >= sizeof a.sun_path) { ::close(fd); return open_error(uri.path, ENAMETOOLONG); }
        std::memcpy(a.sun_path, uri.path.c_str(), uri.path.size() + 1);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 && errno != EINPROGRESS) {
            const int e = errno;
            ::close(fd);
            return open_error(uri.path, e);
        }
        return Port(fd);
    }
    const int fd = ::open(uri.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return open_error(uri.path, errno);
    Port p(fd);
    // Exclusive: a second kiosk process (or a stray `cat`) must not steal half of each answer. TIOCEXCL
    // refuses later opens of the tty; flock covers programs that open it before us and lock (minicom, ...).
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) return open_error(uri.path, EBUSY);
    if (::isatty(fd)) {
        if (::ioctl(fd, TIOCEXCL) != 0) return open_error(uri.path, errno);
        termios t{};
        if (::tcgetattr(fd, &t) != 0) return open_error(uri.path, errno);
        ::cfmakeraw(&t);                       // no echo, no line editing, no CR/LF mapping, 8 bits
        t.c_cflag &= ~static_cast<tcflag_t>(PARENB | CSTOPB | CSIZE | CRTSCTS);
        t.c_cflag |= CS8 | CLOCAL | CREAD;     // 8N1, no modem lines, no flow control
        t.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        ::cfsetispeed(&t, speed_for(uri.baud));
        ::cfsetospeed(&t, speed_for(uri.baud));
        if (::tcsetattr(fd, TCSANOW, &t) != 0) return open_error(uri.path, errno);
        ::tcflush(fd, TCIOFLUSH);
    }
    return p;
}

Port& Port::operator=(Port&& o) noexcept {
    if (this != &o) {
        Port dying(fd_);   // the destructor's release of TIOCEXCL
        fd_ = o.fd_;
        o.fd_ = -1;
    }
    return *this;
}

Port::~Port() {
    if (fd_ < 0) return;
    // TIOCEXCL stays on the tty until its last close; whoever else holds it open (a pty's other side) would
    // otherwise keep our own reconnect out.
    if (::isatty(fd_)) ::ioctl(fd_, TIOCNXCL);
    ::close(fd_);
}

void Port::discard_input() {
    if (::isatty(fd_)) { ::tcflush(fd_, TCIFLUSH); return; }
    std::uint8_t junk[256];
    while (::read(fd_, junk, sizeof junk) > 0) {}
}

Status Port::write_all(ByteView bytes) {
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        const ssize_t w = (n < 0 && errno == ENOTSOCK) ? ::write(fd_, bytes.data() + done, bytes.size() - done) : n;
        if (w > 0) { done += static_cast<std::size_t>(w); continue; }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLOUT, 0};
            ::poll(&p, 1, 50);
            continue;
        }
        return make_error("reader.gone", std::string("the reader went away while writing: ") + std::strerror(errno));
    }
    return ok_status();
}

Port::ReadOutcome Port::read_some(Bytes& into, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() < 0) return ReadOutcome::timeout;
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return ReadOutcome::gone;
        if (r == 0) return ReadOutcome::timeout;
        std::uint8_t buf[512];
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n > 0) {
            into.insert(into.end(), buf, buf + n);
            OPENSSL_cleanse(buf, sizeof buf);   // raw frames hold the card's text and photo: no stale copy
            return ReadOutcome::data;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        // 0 = end of file (socket closed), or EIO/hang-up on a tty whose other side is gone (USB unplugged,
        // the simulator's pty closed).
        if (n == 0 || gone_errno(errno) || (p.revents & (POLLHUP | POLLERR))) return ReadOutcome::gone;
        return ReadOutcome::gone;
    }
}

} // namespace kiosk::reader
