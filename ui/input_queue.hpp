#pragma once
// [SECTION] InputQueue — GLFW and --script events, applied to ImGui at most one transition per button/key
// per frame. Why: ImGui 1.86 reads io.KeysDown/io.MouseDown once per frame, so a key (or a quick tap, or
// a barcode scanner's burst) pressed and released between two frames would be lost. Our GLFW callbacks
// (installed before ImGui's so ImGui chains to them) push here; apply() then overrides what the backend
// wrote, spreading the events over as many frames as they need.
#include "app/scanner/scan_burst.hpp"

#include <array>
#include <deque>
#include <functional>
#include <string>

struct ImGuiIO;

namespace kiosk::ui {

class InputQueue {
public:
    enum class Kind { move, button, key, chr };
    // `t`: when the event arrived (steady clock, seconds). A tap's debounce compares arrival times, not
    // frame times: under load the queue replays a backlog one transition per frame, so two taps a person
    // made 300 ms apart can reach ImGui two fast frames apart — and a frame-time debounce dropped the second.
    struct Event { Kind kind; float x = 0, y = 0; int code = 0; bool down = false; double t = now_s(); };
    static double now_s();

    void move(float x, float y) { q_.push_back({Kind::move, x, y}); has_position_ = true; }
    void button(int b, bool down) { q_.push_back({Kind::button, 0, 0, b, down}); }
    void button(int b, bool down, double arrived_s) { q_.push_back({Kind::button, 0, 0, b, down, arrived_s}); }   // tests
    void key(int glfw_key, bool down);
    void chr(unsigned cp);
    // [scanner] uri = hid: characters from the keyboard pass a ScanBurst first (app/scanner/scan_burst.hpp);
    // a wedge scanner's burst + Enter goes to `on_scan` and never reaches ImGui (nor a form field), a
    // person's typing is handed on at most 120 ms late. Scripted text() is never held.
    void watch_for_scans(std::function<void(std::string)> on_scan) { on_scan_ = std::move(on_scan); }
    // --script `scan "CODE"`: a wedge burst as the scanner types it (2 ms apart, then Enter).
    void simulate_scan(const std::string& code);
    // Scripted helpers: a tap is move + press + release (two frames at least).
    void tap(float x, float y) { move(x, y); button(0, true); button(0, false); }
    void text(const std::string& utf8);

    bool pending() const { return !q_.empty() || burst_.holding(); }
    // A wedge burst is being collected: the runner then takes keys as they come instead of drawing a frame,
    // so their gaps are the scanner's and not the renderer's (a 50 ms frame would split a burst in two).
    bool collecting_scan() const { return on_scan_ && burst_.holding() && ScanBurst::Clock::now() <= burst_.release_at(); }
    bool any_down() const;
    // Consumes events for one frame and writes the resulting state into io. Returns true if anything
    // changed (the runner then renders a few more frames).
    bool apply(ImGuiIO& io);
    // Arrival time of the last mouse-button event apply() consumed (-1 before any): what button() debounces on.
    // Headless tests push a whole tap sequence in microseconds and step their own clock: they turn arrival
    // times off, and button() then debounces on frame time as it always did.
    double last_button_time() const { return arrival_times ? last_button_t_ : -1; }
    bool arrival_times = true;
    float mouse_x() const { return x_; }
    bool has_position() const { return has_position_; }   // a move has been queued at least once
    float mouse_y() const { return y_; }

private:
    void release_typing();   // the scan filter's held characters that turned out to be typing
    std::deque<Event> q_;
    std::function<void(std::string)> on_scan_;
    ScanBurst burst_;
    bool swallow_enter_release_ = false;
    float x_ = -1e30f, y_ = -1e30f;
    double last_button_t_ = -1;
    bool hover_valid_ = false, clear_hover_next_ = false, has_position_ = false;
    std::array<bool, 5> mouse_{};
    std::array<bool, 512> keys_{};
};

// "Enter", "Backspace", "A" … → GLFW key code, or -1.
int key_from_name(const std::string& name);

} // namespace kiosk::ui
