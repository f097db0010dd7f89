#pragma once
// [SECTION] VoiceQueue — everything the kiosk says, one utterance at a time, on its own thread: the
// guidance prompts of the screens (ui/voice) and the station's calls (a chime, then the call twice in
// Mandarin). Two utterances never overlap: a call waits for the prompt being spoken, a prompt waits for the
// call being spoken; a newer prompt replaces a pending one and stops an older prompt mid-sentence (as the
// screens always did), but never a call. espeak-ng and aplay/paplay run as child processes (posix_spawn);
// without them the queue still runs and logs, silently. docs/EVENTS.md "Voice".
#include "app/text.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <sys/types.h>

namespace kiosk {

struct VoiceOptions {
    std::string espeak;                 // program; empty = speech off (the queue still logs)
    std::string player;                 // aplay / paplay for the chime; empty = no chime
    std::filesystem::path chime_wav;    // written by write_chime_wav()
    std::filesystem::path log;          // KIOSK_VOICE_LOG: one line per utterance started and finished
    // Asked when a call's turn comes: false (a resident is in a form) drops the spoken part.
    std::function<bool()> may_announce = [] { return true; };
};

// The defaults: KIOSK_ESPEAK or /usr/bin/espeak-ng; /usr/bin/aplay or /usr/bin/paplay; KIOSK_VOICE_LOG.
VoiceOptions default_voice_options(const std::filesystem::path& chime_wav);

// A short two-tone chime (16-bit mono PCM WAV, ~0.7 s), written by our code so nothing is downloaded.
bool write_chime_wav(const std::filesystem::path& file);

class VoiceQueue {
public:
    explicit VoiceQueue(VoiceOptions o);
    ~VoiceQueue();   // stops what is being said, joins
    VoiceQueue(const VoiceQueue&) = delete;
    VoiceQueue& operator=(const VoiceQueue&) = delete;

    void prompt(const std::string& text, Locale l);
    // A call: chime (if any), then `text` `times` times, never interrupted.
    void announce(const std::string& text, int times = 2);
    bool idle() const;                         // nothing pending, nothing being said
    std::vector<std::string> spoken() const;   // every utterance started, "call: …" / "prompt: …" (tests)

private:
    struct Item { bool call = false; std::string text; std::string voice; int times = 1; };
    void run();
    bool play(const std::vector<std::string>& argv);   // false: stopped or failed
    void log(const std::string& line);

    VoiceOptions o_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::optional<Item> pending_prompt_;
    std::deque<Item> calls_;
    bool busy_ = false, busy_is_prompt_ = false, stopping_ = false;
    pid_t child_ = -1;
    bool chime_failed_logged_ = false;
    std::vector<std::string> spoken_;
    std::thread thread_;
};

} // namespace kiosk
