#include "ui/voice.hpp"

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace kiosk::ui {

Voice::Voice() {
    // KIOSK_ESPEAK lets tests point at a stand-in that records what would be spoken.
    if (const char* e = std::getenv("KIOSK_ESPEAK")) program_ = e;
    else if (::access("/usr/bin/espeak-ng", X_OK) == 0) program_ = "/usr/bin/espeak-ng";
}

Voice::~Voice() { stop(); }

void Voice::reap() {
    if (child_ > 0 && ::waitpid(child_, nullptr, WNOHANG) == child_) child_ = -1;
}

void Voice::stop() {
    if (child_ > 0) {
        ::kill(child_, SIGTERM);
        ::waitpid(child_, nullptr, 0);   // it was just signalled: returns at once
        child_ = -1;
    }
}

void Voice::say(const std::string& text, Locale l) {
    if (sink_ && !text.empty()) {
        ++spoken_;
        return sink_(text, l);
    }
    if (program_.empty() || text.empty()) return;
    reap();
    stop();
    std::string voice = l == Locale::zh ? "cmn" : "en";
    std::vector<std::string> args = {program_, "-v", voice, "-s", "150", "--", text};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    if (::posix_spawn(&pid, program_.c_str(), &fa, nullptr, argv.data(), environ) == 0) {
        child_ = pid;
        ++spoken_;
    }
    posix_spawn_file_actions_destroy(&fa);
}

} // namespace kiosk::ui
