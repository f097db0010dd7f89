// The kiosk's one voice. See voice_queue.hpp.
// [SECTION] Index: defaults and chime · queue · the worker · child processes
#include "app/voice_queue.hpp"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kiosk {

// [SECTION] defaults and chime
VoiceOptions default_voice_options(const std::filesystem::path& chime_wav) {
    VoiceOptions o;
    if (const char* e = std::getenv("KIOSK_ESPEAK")) o.espeak = e;
    else if (::access("/usr/bin/espeak-ng", X_OK) == 0) o.espeak = "/usr/bin/espeak-ng";
    if (::access("/usr/bin/aplay", X_OK) == 0) o.player = "/usr/bin/aplay";
    else if (::access("/usr/bin/paplay", X_OK) == 0) o.player = "/usr/bin/paplay";
    if (const char* p = std::getenv("KIOSK_CHIME_PLAYER")) o.player = p;
    if (const char* l = std::getenv("KIOSK_VOICE_LOG")) o.log = l;
    o.chime_wav = chime_wav;
    return o;
}

bool write_chime_wav(const std::filesystem::path& file) {
    constexpr int kRate = 16000;
    // Two soft tones (E6, C6), each with a quick attack and an exponential decay: a station "ding-dong".
    std::vector<std::int16_t> pcm;
    for (double f : {1318.5, 1046.5}) {
        const int n = kRate * 35 / 100;
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / kRate;
            const double env = std::min(1.0, t / 0.01) * std::exp(-t * 6.0);
            pcm.push_back(static_cast<std::int16_t>(std::lround(9000.0 * env * std::sin(2 * M_PI * f * t))));
        }
    }
    auto le = [](std::ofstream& o, std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) o.put(static_cast<char>((v >> (8 * i)) & 0xff));
    };
    std::ofstream o(file, std::ios::binary | std::ios::trunc);
    if (!o) return false;
    const std::uint32_t data = static_cast<std::uint32_t>(pcm.size() * 2);
    o.write("RIFF", 4); le(o, 36 + data, 4); o.write("WAVE", 4);
    o.write("fmt ", 4); le(o, 16, 4); le(o, 1, 2); le(o, 1, 2); le(o, kRate, 4); le(o, kRate * 2, 4); le(o, 2, 2); le(o, 16, 2);
    o.write("data", 4); le(o, data, 4);
    for (std::int16_t s : pcm) le(o, static_cast<std::uint16_t>(s), 2);
    return static_cast<bool>(o);
}

// [SECTION] queue
VoiceQueue::VoiceQueue(VoiceOptions o) : o_(std::move(o)) {
    if (!o_.may_announce) o_.may_announce = [] { return true; };
    thread_ = std::thread([this] { run(); });
}

VoiceQueue::~VoiceQueue() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        if (child_ > 0) ::kill(child_, SIGTERM);
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void VoiceQueue::prompt(const std::string& text, Locale l) {
    if (text.empty()) return;
    std::lock_guard lock(mu_);
    pending_prompt_ = Item{false, text, l == Locale::zh ? "cmn" : "en", 1};
    // The screen changed: the old prompt is stale. A call being announced is never cut.
    if (busy_ && busy_is_prompt_ && child_ > 0) ::kill(child_, SIGTERM);
    cv_.notify_all();
}

void VoiceQueue::announce(const std::string& text, int times) {
    if (text.empty()) return;
    std::lock_guard lock(mu_);
    calls_.push_back(Item{true, text, "cmn", std::max(1, times)});
    cv_.notify_all();
}

bool VoiceQueue::idle() const {
    std::lock_guard lock(mu_);
    return !busy_ && !pending_prompt_ && calls_.empty();
}

std::vector<std::string> VoiceQueue::spoken() const {
    std::lock_guard lock(mu_);
    return spoken_;
}

void VoiceQueue::log(const std::string& line) {
    if (o_.log.empty()) return;
    std::ofstream f(o_.log, std::ios::app);
    f << line << "\n";
}

// [SECTION] the worker
void VoiceQueue::run() {
    for (;;) {
        Item item;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || pending_prompt_ || !calls_.empty(); });
            if (stopping_) return;
            // The prompt belongs to the screen the resident is looking at now: it goes first.
            if (pending_prompt_) { item = *pending_prompt_; pending_prompt_.reset(); }
            else { item = calls_.front(); calls_.pop_front(); }
            busy_ = true;
            busy_is_prompt_ = !item.call;
        }
        if (item.call && !o_.may_announce()) {
            log("skip call: " + item.text + " (a resident is in a form)");
        } else {
            const std::string what = std::string(item.call ? "call: " : "prompt: ") + item.text;
            {
                std::lock_guard lock(mu_);
                spoken_.push_back(what);
            }
            log("start " + what);
            if (item.call && !o_.player.empty() && !o_.chime_wav.empty()) {
                if (!play({o_.player, "-q", o_.chime_wav.string()})) {
                    std::lock_guard lock(mu_);
                    if (!chime_failed_logged_)
                        std::fprintf(stderr, "kiosk voice: the chime did not play (no audio device?): calls go on without it\n");
                    chime_failed_logged_ = true;
                }
            }
            for (int i = 0; i < item.times && !o_.espeak.empty(); ++i)
                if (!play({o_.espeak, "-v", item.voice, "-s", item.call ? "140" : "150", "--", item.text})) break;
            log("end " + what);
        }
        std::lock_guard lock(mu_);
        busy_ = false;
    }
}

// [SECTION] child processes
bool VoiceQueue::play(const std::vector<std::string>& args) {
    std::vector<std::string> a = args;
    std::vector<char*> argv;
    for (auto& s : a) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    {
        std::lock_guard lock(mu_);
        if (stopping_) { posix_spawn_file_actions_destroy(&fa); return false; }
        if (::posix_spawn(&pid, a[0].c_str(), &fa, nullptr, argv.data(), environ) != 0) pid = -1;
        child_ = pid;
    }
    posix_spawn_file_actions_destroy(&fa);
    if (pid <= 0) return false;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    std::lock_guard lock(mu_);
    child_ = -1;
    return !stopping_ && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace kiosk
