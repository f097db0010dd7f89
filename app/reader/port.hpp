#pragma once
// [SECTION] The reader's byte pipe: a serial tty (termios raw 8N1, exclusive) or the simulator's pty or
// Unix socket. Reads wait with poll() up to a deadline, so no call can hang the driver thread.
#include "app/reader/frame.hpp"
#include "app/reader/reader_uri.hpp"
#include "app/result.hpp"

#include <chrono>

namespace kiosk::reader {

class Port {
public:
    // Opens `uri` (serial or sim). Errors: "reader.absent" (no such device: unplugged, wrong path),
    // "reader.busy" (another program holds it), "reader.denied" (permissions: docs/ADMIN.md, dialout),
    // "reader.open" (anything else). Messages name the path and the OS's reason.
    static Result<Port> open(const ReaderUri& uri);
    Port(Port&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Port& operator=(Port&& o) noexcept;
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;
    ~Port();

    // Drops whatever the reader sent that nobody asked for (a late answer to a timed-out command).
    void discard_input();
    // Whole frame out. Errors "reader.gone" when the device went away (EIO, ENXIO, EPIPE, hang-up).
    Status write_all(ByteView bytes);
    enum class ReadOutcome { data, timeout, gone };
    // Appends what arrives before `deadline` (at least one byte unless timeout/gone).
    ReadOutcome read_some(Bytes& into, std::chrono::steady_clock::time_point deadline);

private:
    explicit Port(int fd) : fd_(fd) {}
    int fd_ = -1;
};

} // namespace kiosk::reader
