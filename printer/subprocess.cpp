#include "printer/subprocess.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kiosk::printer {

Result<ProcessResult> run_process(const std::vector<std::string>& argv, std::string_view input, int timeout_ms) {
    if (argv.empty()) return make_error("printer.spawn", "no command");
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return make_error("printer.spawn", std::strerror(errno));
    if (::pipe2(out, O_CLOEXEC) != 0) { ::close(in[0]); ::close(in[1]); return make_error("printer.spawn", std::strerror(errno)); }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, out[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    if (rc != 0) {
        ::close(in[1]);
        ::close(out[0]);
        return make_error("printer.spawn", "cannot run " + argv[0] + ": " + std::strerror(rc));
    }
    ::fcntl(in[1], F_SETFL, O_NONBLOCK);
    ::fcntl(out[0], F_SETFL, O_NONBLOCK);

    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    ProcessResult res;
    std::size_t off = 0;
    int wfd = in[1];
    bool out_open = true, timed_out = false;
    if (input.empty()) { ::close(wfd); wfd = -1; }
    while (wfd >= 0 || out_open) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) { timed_out = true; break; }
        pollfd p[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {wfd, POLLOUT, 0}};
        int r = ::poll(p, 2, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        if (out_open && (p[0].revents & (POLLIN | POLLHUP))) {
            char buf[512];
            ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n > 0) { if (res.output.size() < 4096) res.output.append(buf, static_cast<std::size_t>(n)); }
            else if (n == 0 || (errno != EAGAIN && errno != EINTR)) out_open = false;
        }
        if (wfd >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = ::write(wfd, input.data() + off, input.size() - off);
            if (n > 0) off += static_cast<std::size_t>(n);
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || off == input.size()) { ::close(wfd); wfd = -1; }
        }
    }
    if (wfd >= 0) ::close(wfd);
    ::close(out[0]);
    if (timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (timed_out) return make_error("printer.timeout", argv[0] + " did not finish within " + std::to_string(timeout_ms) + " ms");
    res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return res;
}

} // namespace kiosk::printer
