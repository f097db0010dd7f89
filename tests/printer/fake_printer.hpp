#pragma once
// A fake ESC/POS printer for tests: listens on 127.0.0.1 (ephemeral port), parses what it receives with the
// library's parser, answers DLE EOT like a real printer in the chosen condition, and records what it saw.
// Its loop is bounded (stop flag, or 60 s at most) so a broken test can never hang the suite.
#include "printer/escpos_parse.hpp"
#include "printer/gb18030.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace kiosk::printer::test {

enum class FakeMode {
    ok,
    paper_near_end,
    paper_out,
    cover_open,
    offline,
    slow,       // answers status queries only after `slow_ms` (longer than the client's timeout)
    mute,       // never answers status queries (still prints)
    garbage,    // answers with bytes that are not status bytes
    stuck,      // stops reading after the first status queries (a jammed printer): sends time out
};

class FakePrinter {
public:
    explicit FakePrinter(FakeMode mode = FakeMode::ok) : mode_(mode) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (mode == FakeMode::stuck) {   // a jammed printer has no room to buffer either
            int rcvbuf = 4096;
            ::setsockopt(listen_fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        }
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(listen_fd_, 4);
        socklen_t len = sizeof a;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakePrinter() {
        stop_ = true;
        thread_.join();
        ::close(listen_fd_);
    }

    int port() const { return port_; }
    std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
    void set_mode(FakeMode m) { mode_ = m; }
    int slow_ms = 1500;

    int cuts() const { std::lock_guard l(mu_); return cuts_; }
    int status_queries() const { std::lock_guard l(mu_); return queries_; }
    int connections() const { std::lock_guard l(mu_); return connections_; }
    std::string chinese_text() const { std::lock_guard l(mu_); return chinese_; }
    std::vector<std::string> qr_payloads() const { std::lock_guard l(mu_); return qrs_; }

private:
    int answer(int n) const {
        switch (mode_.load()) {
        case FakeMode::paper_near_end: return n == 4 ? 0x1E : 0x12;
        case FakeMode::paper_out: return n == 1 ? 0x1A : n == 2 ? 0x32 : 0x72;
        case FakeMode::cover_open: return n == 1 ? 0x1A : n == 2 ? 0x16 : 0x12;
        case FakeMode::offline: return n == 1 ? 0x1A : n == 2 ? 0x52 : 0x12;
        case FakeMode::garbage: return 0xFF;
        default: return 0x12;
        }
    }

    void serve() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!stop_ && std::chrono::steady_clock::now() < deadline) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            { std::lock_guard l(mu_); ++connections_; }
            handle(fd, deadline);
            ::close(fd);
        }
    }

    void handle(int fd, std::chrono::steady_clock::time_point deadline) {
        std::string qr_data;
        int queries_here = 0;
        Parser parser([&](const Command& c) {
            std::unique_lock l(mu_);
            switch (c.kind) {
            case Command::Kind::status_query: {
                ++queries_;
                ++queries_here;
                FakeMode m = mode_;
                l.unlock();
                if (m == FakeMode::mute) break;
                if (m == FakeMode::slow) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms));
                char b = static_cast<char>(answer(c.n));
                ::send(fd, &b, 1, MSG_NOSIGNAL);
                break;
            }
            case Command::Kind::text:
                if (c.chinese) { auto u = gb18030_to_utf8(c.data); if (u) chinese_ += *u; }
                break;
            case Command::Kind::line_feed: chinese_ += '\n'; break;
            case Command::Kind::cut: ++cuts_; break;
            case Command::Kind::qr:
                if (c.n == 80) qr_data = c.data.substr(1);
                if (c.n == 81) qrs_.push_back(qr_data);
                break;
            default: break;
            }
        });
        char buf[4096];
        while (!stop_ && std::chrono::steady_clock::now() < deadline) {
            // A jammed printer: after answering the first status round it never reads again.
            if (mode_ == FakeMode::stuck && queries_here >= 3) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); continue; }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            parser.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        }
        parser.finish();
    }

    std::atomic<FakeMode> mode_;
    std::atomic<bool> stop_{false};
    int listen_fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mu_;
    int cuts_ = 0, queries_ = 0, connections_ = 0;
    std::string chinese_;
    std::vector<std::string> qrs_;
};

} // namespace kiosk::printer::test
