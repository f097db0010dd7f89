#pragma once
// [SECTION] Voice — spoken prompts through espeak-ng (cmn voice for Chinese, en for English).
// Never blocks the UI: espeak-ng runs as a child process (posix_spawn); a new prompt stops the previous
// one; finished children are reaped on the next call and in the destructor. No espeak-ng: silently off.
#include "app/text.hpp"

#include <functional>
#include <string>
#include <sys/types.h>

namespace kiosk::ui {

class Voice {
public:
    Voice();
    ~Voice();
    Voice(const Voice&) = delete;
    Voice& operator=(const Voice&) = delete;
    bool available() const { return !program_.empty() || static_cast<bool>(sink_); }
    void say(const std::string& text, Locale l);
    // Prompts go to `sink` instead (the kiosk's voice queue, AppState::speak_prompt), which orders them
    // with the station's calls; empty = spoken here as before.
    void set_sink(std::function<void(const std::string&, Locale)> sink) { sink_ = std::move(sink); }
    void stop();
    int spoken() const { return spoken_; }   // prompts started (tests)

private:
    void reap();
    std::string program_;
    std::function<void(const std::string&, Locale)> sink_;
    pid_t child_ = -1;
    int spoken_ = 0;
};

} // namespace kiosk::ui
