#pragma once
// The one entry point the composition root (kiosk/kiosk_app.cpp) calls into ui/. Everything behind it (runner, fonts, theme, widgets,
// screens) is ui/'s business; nothing here includes ImGui so kiosk/ stays free of it too.
#include "app/app_state.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace kiosk::ui {

struct UiOptions {
    int width = 1280, height = 800;  // window size when not full screen
    bool fullscreen = false;          // borderless full screen on the primary monitor
    bool hide_cursor = false;         // touch input: no pointer on screen (kiosk/: [kiosk] cursor)
    bool elderly = false;             // start in elderly mode (大字模式)
    std::filesystem::path assets_dir; // i18n, images
    std::filesystem::path screenshot; // --screenshot FILE: render, save PNG, exit
    int quit_after_frames = 0;        // with --screenshot: frames to render first
    std::filesystem::path tour_dir;   // --tour DIR: every screen, zh/en, normal/elderly
    std::filesystem::path script;     // --script FILE: replay taps/drags/text/waits/screenshots
    // Lifecycle hooks, on the UI thread. after_first_frames: once, when the first frame is on screen and
    // the atlas is complete (start background loads here, not beside the two largest start-up
    // allocations). before_frame: every loop turn, before the frame (apply what workers finished).
    std::function<void()> after_first_frames = [] {};
    std::function<void()> before_frame = [] {};
};

// Connects to the display (glfwInit) ahead of run(), so that it overlaps with loading the catalog and
// opening the store, which main() does on a worker meanwhile. Main thread only. Optional: run() connects
// itself if this was not called, and reports a missing display in either case.
void preinit_display();

// Runs the UI until the app should exit. Returns the process exit code (0 ok, 1 runtime failure such as
// no display or no OpenGL 3, with one clear line on stderr).
int run(AppState& app, const UiOptions& opts);

} // namespace kiosk::ui

namespace kiosk::ui {

// The session's steady clock: std::chrono::steady_clock plus an offset that `--script`'s
// `advance_clock S` moves forward (fake idle time without waiting). kiosk/kiosk_app.cpp passes it as
// SessionClocks::steady so scripted idle timeouts are deterministic.
std::chrono::steady_clock::time_point steady_now();

} // namespace kiosk::ui
