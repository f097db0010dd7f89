#include "ui/input_queue.hpp"
#include "app/utf8.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cfloat>
#include <chrono>

namespace kiosk::ui {

double InputQueue::now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void InputQueue::text(const std::string& utf8) {
    utf8::for_each(utf8, utf8::OnBad::skip, [&](unsigned cp) { q_.push_back({Kind::chr, 0, 0, static_cast<int>(cp)}); });
}

// [SECTION] the scan filter (keyboard-wedge scanners)
void InputQueue::release_typing() {
    for (unsigned cp : burst_.take_released(ScanBurst::Clock::now())) q_.push_back({Kind::chr, 0, 0, static_cast<int>(cp)});
}

void InputQueue::chr(unsigned cp) {
    if (!on_scan_) { q_.push_back({Kind::chr, 0, 0, static_cast<int>(cp)}); return; }
    burst_.on_char(cp, ScanBurst::Clock::now());
    release_typing();
}

void InputQueue::key(int glfw_key, bool down) {
    const bool enter = glfw_key == GLFW_KEY_ENTER || glfw_key == GLFW_KEY_KP_ENTER;
    if (on_scan_ && enter) {
        if (!down && swallow_enter_release_) { swallow_enter_release_ = false; return; }
        if (down && burst_.holding()) {
            if (auto code = burst_.on_enter(ScanBurst::Clock::now())) {
                swallow_enter_release_ = true;
                on_scan_(std::move(*code));
                return;
            }
            release_typing();   // typing after all: its characters first, then its Enter
        }
    }
    q_.push_back({Kind::key, 0, 0, glfw_key, down});
}

void InputQueue::simulate_scan(const std::string& code) {
    if (!on_scan_) return;
    auto t = ScanBurst::Clock::now();
    for (unsigned char c : code) { burst_.on_char(c, t); t += std::chrono::milliseconds(2); }
    if (auto c = burst_.on_enter(t)) on_scan_(std::move(*c));
    release_typing();
}

bool InputQueue::any_down() const {
    for (bool b : mouse_) if (b) return true;
    return false;
}

bool InputQueue::apply(ImGuiIO& io) {
    if (on_scan_) release_typing();
    bool changed = false, button_changed = false, moved = false;
    std::array<bool, 512> key_changed{};
    while (!q_.empty()) {
        const Event e = q_.front();
        if (e.kind == Kind::move) {
            // A press must happen where the finger went down: no moves after a press in the same frame.
            if (button_changed) break;
            x_ = e.x; y_ = e.y; hover_valid_ = true; moved = true;
        } else if (e.kind == Kind::button) {
            if (button_changed || e.code < 0 || e.code >= 5) { if (!button_changed) q_.pop_front(); break; }
            // A release waits for the next frame when the finger moved in this one: a quick flick's last
            // moves and its release come in one batch, and ImGui must see the finger down where it went,
            // or the drag (and its scroll) is lost.
            if (!e.down && moved && any_down()) break;
            mouse_[static_cast<std::size_t>(e.code)] = e.down;
            last_button_t_ = e.t;
            button_changed = true;
            // A press is always at the pointer's last position, even when no motion came before it: a
            // touch panel reports a repeated tap on one key at the same coordinates, so X sends no motion,
            // and a press with the pointer "gone" would be lost.
            if (e.down) { hover_valid_ = x_ > -1e29f; clear_hover_next_ = false; }
            else clear_hover_next_ = true;
        } else if (e.kind == Kind::key) {
            if (e.code < 0 || e.code >= 512) { q_.pop_front(); continue; }
            if (key_changed[static_cast<std::size_t>(e.code)]) break;
            key_changed[static_cast<std::size_t>(e.code)] = true;
            keys_[static_cast<std::size_t>(e.code)] = e.down;
        } else {
            io.AddInputCharacter(static_cast<unsigned>(e.code));
        }
        q_.pop_front();
        changed = true;
    }
    // Touch screens have no hover: one frame after a finger lifts, the pointer leaves so no button stays
    // highlighted under where it was. A real mouse moving again brings it back.
    if (!moved && !button_changed && clear_hover_next_ && !any_down()) {
        hover_valid_ = false;
        clear_hover_next_ = false;
    }
    io.MousePos = hover_valid_ ? ImVec2(x_, y_) : ImVec2(-FLT_MAX, -FLT_MAX);
    for (std::size_t i = 0; i < mouse_.size(); ++i) io.MouseDown[i] = mouse_[i];
    for (std::size_t i = 0; i < keys_.size() && i < IM_ARRAYSIZE(io.KeysDown); ++i) io.KeysDown[i] = keys_[i];
    io.KeyCtrl = keys_[GLFW_KEY_LEFT_CONTROL] || keys_[GLFW_KEY_RIGHT_CONTROL];
    io.KeyShift = keys_[GLFW_KEY_LEFT_SHIFT] || keys_[GLFW_KEY_RIGHT_SHIFT];
    io.KeyAlt = keys_[GLFW_KEY_LEFT_ALT] || keys_[GLFW_KEY_RIGHT_ALT];
    io.KeySuper = false;
    return changed;
}

int key_from_name(const std::string& n) {
    static const struct { const char* name; int key; } k[] = {
        {"Enter", GLFW_KEY_ENTER}, {"Return", GLFW_KEY_ENTER}, {"Backspace", GLFW_KEY_BACKSPACE},
        {"Escape", GLFW_KEY_ESCAPE}, {"Tab", GLFW_KEY_TAB}, {"Space", GLFW_KEY_SPACE},
        {"Left", GLFW_KEY_LEFT}, {"Right", GLFW_KEY_RIGHT}, {"Up", GLFW_KEY_UP}, {"Down", GLFW_KEY_DOWN},
        {"Delete", GLFW_KEY_DELETE}, {"PageUp", GLFW_KEY_PAGE_UP}, {"PageDown", GLFW_KEY_PAGE_DOWN},
        {"F12", GLFW_KEY_F12},
    };
    for (auto& e : k) if (n == e.name) return e.key;
    if (n.size() == 1 && n[0] >= 'A' && n[0] <= 'Z') return GLFW_KEY_A + (n[0] - 'A');
    if (n.size() == 1 && n[0] >= 'a' && n[0] <= 'z') return GLFW_KEY_A + (n[0] - 'a');
    if (n.size() == 1 && n[0] >= '0' && n[0] <= '9') return GLFW_KEY_0 + (n[0] - '0');
    return -1;
}

} // namespace kiosk::ui
