// kiosk-reader-sim: plays a second-generation ID-card reader on a pty (default) or a Unix socket, for the
// demo and the tests (docs/READER.md, "The simulator").
//
//   kiosk-reader-sim [--link PATH] [--path-file FILE] [--socket PATH] [--control FIFO]
//                    [--card FILE] [--fault MODE] [--slow]
//
// Commands, one per line on stdin or written to the control FIFO:
//   on FILE        put the card in FILE (JSON) on the reader     off        take it off
//   fault MODE     none | no-sam | bad-checksum | wrong-length | removed-mid-read | auth-fail
//   slow on|off    real 115200-baud timing                       unplug / plug   the device goes away / back
//   status         prints the state                              quit
// Each command answers one line on stdout ("ok …" or "error …"), so tests can wait for it.
#include "tools/reader-sim/sim_reader.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

using namespace kiosk;
using namespace kiosk::reader_sim;

namespace {

struct Options {
    std::string link, path_file, socket_path, control, card;
    Fault fault = Fault::none;
    bool slow = false;
};

int usage(const std::string& why) {
    std::cerr << "kiosk-reader-sim: " << why << "\n"
              << "usage: kiosk-reader-sim [--link PATH] [--path-file FILE] [--socket PATH] [--control FIFO]\n"
                 "                        [--card FILE] [--fault MODE] [--slow]\n";
    return 2;
}

// The device side: a pty master (the kiosk opens the slave) or a connected socket client.
struct Device {
    int fd = -1;         // what we read commands from and write answers to
    int slave = -1;      // pty: held open so the master never sees a hang-up while the kiosk reconnects
    int listener = -1;   // socket mode
    std::string path;    // pty slave path or socket path

    void close_all() {
        for (int* f : {&fd, &slave, &listener}) if (*f >= 0) { ::close(*f); *f = -1; }
    }
};

bool replace_link(const std::string& link, const std::string& target) {
    if (link.empty()) return true;
    const std::string tmp = link + ".tmp";
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) != 0) return false;
    return ::rename(tmp.c_str(), link.c_str()) == 0;
}

bool plug(Device& d, const Options& o) {
    if (!o.socket_path.empty()) {
        ::unlink(o.socket_path.c_str());
        d.listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, o.socket_path.c_str(), sizeof a.sun_path - 1);
        if (d.listener < 0 || ::bind(d.listener, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(d.listener, 1) != 0)
            return false;
        d.path = o.socket_path;
        return true;
    }
    d.fd = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (d.fd < 0 || ::grantpt(d.fd) != 0 || ::unlockpt(d.fd) != 0) return false;
    const char* name = ::ptsname(d.fd);
    if (!name) return false;
    d.path = name;
    d.slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (d.slave < 0) return false;
    termios t{};
    ::tcgetattr(d.slave, &t);
    ::cfmakeraw(&t);   // no echo of the kiosk's commands before it sets raw mode itself
    ::tcsetattr(d.slave, TCSANOW, &t);
    return replace_link(o.link, d.path);
}

void unplug(Device& d, const Options& o) {
    d.close_all();
    if (!o.link.empty()) ::unlink(o.link.c_str());
    if (!o.socket_path.empty()) ::unlink(o.socket_path.c_str());
}

// Writes all of `b`; with `slow`, paced as 115200 baud 8N1 sends it (10 bits a byte, 86.8 µs).
void send(int fd, const reader::Bytes& b, bool slow) {
    std::size_t done = 0;
    const auto start = std::chrono::steady_clock::now();
    while (done < b.size()) {
        std::size_t chunk = slow ? std::min<std::size_t>(32, b.size() - done) : b.size() - done;
        const ssize_t n = ::send(fd, b.data() + done, chunk, MSG_NOSIGNAL);
        const ssize_t w = (n < 0 && errno == ENOTSOCK) ? ::write(fd, b.data() + done, chunk) : n;
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        done += static_cast<std::size_t>(w);
        if (slow) std::this_thread::sleep_until(start + std::chrono::microseconds(done * 1000000 * 10 / 115200));
    }
}

struct Sim {
    Options opt;
    SimReader reader;
    Device dev;
    reader::Bytes rx;
    bool plugged = true;

    std::string command(const std::string& line) {
        const auto sp = line.find(' ');
        const std::string verb = line.substr(0, sp);
        const std::string arg = sp == std::string::npos ? "" : line.substr(sp + 1);
        if (verb == "on") {
            auto c = load_card(arg);
            if (!c) return "error " + c.error().message;
            reader.put_card(std::move(c.value()));
            return "ok card on";
        }
        if (verb == "off") { reader.take_card(); return "ok card off"; }
        if (verb == "fault") {
            Fault f;
            if (!parse_fault(arg, f)) return "error unknown fault '" + arg + "'";
            reader.set_fault(f);
            return std::string("ok fault ") + fault_name(f);
        }
        if (verb == "slow") { opt.slow = arg != "off"; return std::string("ok slow ") + (opt.slow ? "on" : "off"); }
        if (verb == "unplug") { unplug(dev, opt); plugged = false; rx.clear(); return "ok unplugged"; }
        if (verb == "plug") {
            if (plugged) return "ok plugged " + dev.path;
            plugged = plug(dev, opt);
            return plugged ? "ok plugged " + dev.path : "error cannot create the device";
        }
        if (verb == "status")
            return std::string("ok ") + (reader.has_card() ? "card-on" : "card-off") + " fault=" + fault_name(reader.fault()) +
                   " texts=" + std::to_string(reader.texts_sent()) + " path=" + dev.path;
        if (verb == "quit") return "quit";
        return "error unknown command '" + verb + "' (on FILE | off | fault MODE | slow on|off | unplug | plug | status | quit)";
    }

    void serve_bytes() {
        for (;;) {
            const reader::FrameResult f = reader::decode_frame(rx, 2);
            if (f.status == reader::FrameStatus::need_more) {
                rx.erase(rx.begin(), rx.begin() + static_cast<long>(f.consumed));
                return;
            }
            reader::Bytes out = f.status == reader::FrameStatus::frame ? reader.answer(f.body) : reader.answer_bad_frame(f.status);
            rx.erase(rx.begin(), rx.begin() + static_cast<long>(f.consumed));
            send(dev.fd, out, opt.slow);
        }
    }
};

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

} // namespace

int main(int argc, char** argv) {
    Sim sim;
    Options& o = sim.opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto val = [&](std::string& out) { if (i + 1 >= argc) return false; out = argv[++i]; return true; };
        std::string fault;
        if (a == "--link") { if (!val(o.link)) return usage("--link needs a path"); }
        else if (a == "--path-file") { if (!val(o.path_file)) return usage("--path-file needs a path"); }
        else if (a == "--socket") { if (!val(o.socket_path)) return usage("--socket needs a path"); }
        else if (a == "--control") { if (!val(o.control)) return usage("--control needs a path"); }
        else if (a == "--card") { if (!val(o.card)) return usage("--card needs a JSON file"); }
        else if (a == "--fault") { if (!val(fault) || !parse_fault(fault, o.fault)) return usage("--fault needs none|no-sam|bad-checksum|wrong-length|removed-mid-read|auth-fail"); }
        else if (a == "--slow") o.slow = true;
        else if (a == "--help" || a == "-h") { usage("plays an ID-card reader"); return 0; }
        else return usage("unknown argument '" + a + "'");
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    sim.reader.set_fault(o.fault);
    if (!o.card.empty()) {
        auto c = load_card(o.card);
        if (!c) { std::cerr << "kiosk-reader-sim: " << c.error().message << "\n"; return 2; }
        sim.reader.put_card(std::move(c.value()));
    }
    if (!plug(sim.dev, o)) { std::cerr << "kiosk-reader-sim: cannot create the device: " << std::strerror(errno) << "\n"; return 1; }
    int control = -1;
    if (!o.control.empty()) {
        if (::mkfifo(o.control.c_str(), 0600) != 0 && errno != EEXIST) { std::cerr << "kiosk-reader-sim: cannot make " << o.control << "\n"; return 1; }
        control = ::open(o.control.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);   // RDWR: never an EOF between writers
    }
    if (!o.path_file.empty()) std::ofstream(o.path_file) << sim.dev.path << "\n";
    std::cout << "reader-sim: device " << sim.dev.path << (o.link.empty() ? "" : " (link " + o.link + ")") << std::endl;

    std::string stdin_buf, control_buf;
    bool stdin_open = true;
    while (!g_stop) {
        pollfd p[4];
        int n = 0;
        const int dev_fd = sim.dev.fd >= 0 ? sim.dev.fd : sim.dev.listener;
        if (sim.plugged && dev_fd >= 0) p[n++] = {dev_fd, POLLIN, 0};
        const int i_stdin = stdin_open ? n : -1;
        if (stdin_open) p[n++] = {0, POLLIN, 0};
        const int i_ctl = control >= 0 ? n : -1;
        if (control >= 0) p[n++] = {control, POLLIN, 0};
        if (::poll(p, static_cast<nfds_t>(n), 500) < 0) { if (errno == EINTR) continue; break; }
        auto lines = [&](int fd, std::string& buf, bool& open) {
            char tmp[512];
            const ssize_t r = ::read(fd, tmp, sizeof tmp);
            if (r == 0) { open = false; return; }
            if (r < 0) return;
            buf.append(tmp, static_cast<std::size_t>(r));
            for (std::size_t nl; (nl = buf.find('\n')) != std::string::npos;) {
                std::string line = buf.substr(0, nl);
                buf.erase(0, nl + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                const std::string answer = sim.command(line);
                if (answer == "quit") { g_stop = 1; return; }
                std::cout << answer << std::endl;
            }
        };
        if (i_stdin >= 0 && (p[i_stdin].revents & (POLLIN | POLLHUP))) lines(0, stdin_buf, stdin_open);
        if (i_ctl >= 0 && (p[i_ctl].revents & POLLIN)) { bool dummy = true; lines(control, control_buf, dummy); }
        if (sim.plugged && dev_fd >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            if (sim.dev.fd < 0) {   // socket mode: a kiosk connects
                sim.dev.fd = ::accept4(sim.dev.listener, nullptr, nullptr, SOCK_CLOEXEC);
                continue;
            }
            std::uint8_t buf[512];
            const ssize_t r = ::read(sim.dev.fd, buf, sizeof buf);
            if (r > 0) {
                sim.rx.insert(sim.rx.end(), buf, buf + r);
                sim.serve_bytes();
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                if (!o.socket_path.empty()) { ::close(sim.dev.fd); sim.dev.fd = -1; sim.rx.clear(); }
                else std::this_thread::sleep_for(std::chrono::milliseconds(20));   // pty: the kiosk closed its side
            }
        }
    }
    unplug(sim.dev, o);
    if (control >= 0) ::close(control);
    return 0;
}
