#pragma once
// Runs kiosk-reader-sim as a child process on a pty in a scratch folder, for the integration tests:
// commands go to its stdin, and each waits for the simulator's one-line answer on its stdout.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace test_reader {

inline std::filesystem::path cards_dir() {
    const char* a = std::getenv("KIOSK_ASSETS");
    return std::filesystem::path(a ? a : "assets") / "reader" / "cards";
}

class SimProcess {
public:
    explicit SimProcess(const std::filesystem::path& dir, const std::string& extra = "") : link_(dir / "reader") {
        const char* bin = std::getenv("KIOSK_READER_SIM");
        if (!bin) bin = KIOSK_READER_SIM_PATH;
        int in[2], out[2];
        if (!bin || ::pipe(in) != 0 || ::pipe(out) != 0) return;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, in[1]);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        std::string link = link_.string();
        std::vector<std::string> args = {bin, "--link", link};
        if (!extra.empty()) { args.push_back("--fault"); args.push_back(extra); }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, bin, &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&fa);
        ::close(in[0]);
        ::close(out[1]);
        to_ = in[1];
        from_ = out[0];
        first_line_ = read_line(std::chrono::seconds(5));   // "reader-sim: device /dev/pts/N (link …)"
    }
    ~SimProcess() {
        if (to_ >= 0) ::close(to_);   // EOF on stdin does not stop it: SIGTERM does
        if (pid_ > 0) { ::kill(pid_, SIGTERM); int st; ::waitpid(pid_, &st, 0); }
        if (from_ >= 0) ::close(from_);
    }
    bool started() const { return pid_ > 0 && first_line_.rfind("reader-sim: device", 0) == 0; }
    std::string uri() const { return "sim:" + link_.string(); }
    // Sends one command and returns the simulator's answer line ("" on timeout).
    std::string command(const std::string& line) {
        const std::string l = line + "\n";
        if (::write(to_, l.data(), l.size()) != static_cast<ssize_t>(l.size())) return "";
        return read_line(std::chrono::seconds(5));
    }
    std::string card_on(const std::string& file) { return command("on " + (cards_dir() / file).string()); }

private:
    std::string read_line(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (auto nl = buf_.find('\n'); nl != std::string::npos) {
                std::string l = buf_.substr(0, nl);
                buf_.erase(0, nl + 1);
                return l;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return "";
            pollfd p{from_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
            char tmp[256];
            const ssize_t n = ::read(from_, tmp, sizeof tmp);
            if (n <= 0) return "";
            buf_.append(tmp, static_cast<std::size_t>(n));
        }
    }
    std::filesystem::path link_;
    pid_t pid_ = -1;
    int to_ = -1, from_ = -1;
    std::string buf_, first_line_;
};

} // namespace test_reader
