#pragma once
// [SECTION] Runtime — the runner's state that automation (--script, --tour, --screenshot) drives between
// frames. A Player is asked before every frame what to do next; it queues input, changes the session, or
// asks for the frame to be captured.
#include "ui/input_queue.hpp"
#include "ui/ui.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace kiosk::ui {

struct Runtime {
    Ui& ui;
    InputQueue& input;
    std::filesystem::path capture;   // set: the next rendered frame is written here as PNG
    long long frame = 0;
    // Benchmarks: a player may let the kiosk run its ordinary event-driven loop until glfwGetTime()
    // reaches idle_until; rendered counts frames actually drawn; frame CPU is the UI thread's.
    double idle_until = 0;
    long long rendered = 0;
    long long frame_start_cpu_ns = 0, last_frame_cpu_ns = 0;
    // Benchmarks (KIOSK_BENCH): from the input that changes the screen to the new screen on the display.
    double input_seen_at = -1;       // glfwGetTime() when the frame's input was first seen
    double step_input_at = -1;       // ≥ 0: a step change is waiting for its first frame
};

class Player {
public:
    virtual ~Player() = default;
    // Called before each frame. Returns false when done; exit_code() then says how it went.
    virtual bool before_frame(Runtime& rt) = 0;
    virtual int exit_code() const { return 0; }
};

// --script FILE. Errors in the file are reported before the window opens (empty = fine).
std::unique_ptr<Player> make_script_player(const std::filesystem::path& file, std::string& error);
// --tour DIR: every screen, zh and en, normal and elderly.
std::unique_ptr<Player> make_tour_player(const std::filesystem::path& dir);
// --screenshot FILE --quit-after-frames N.
std::unique_ptr<Player> make_screenshot_player(const std::filesystem::path& file, int frames);

// Writes the current back buffer (w×h) as PNG. Returns an empty string or the error.
std::string save_framebuffer_png(const std::filesystem::path& file, int w, int h);

// The steady clock the session runs on, advanced by the script's advance_clock (see kiosk_ui.hpp).
void advance_steady_clock(double seconds);

} // namespace kiosk::ui
