// [SECTION] Index
//   [SECTION] Gesture   — the hidden entry, fed from the same pointer state every resident screen gets
//   [SECTION] Session   — auto-logout, activity, leaving staff mode
//   [SECTION] Frame     — staff bar (who, auto-logout countdown, log out), panel buttons, the panel
#include "ui/staff/staff_ui.hpp"

#include <GLFW/glfw3.h>
#include <imgui_internal.h>

#include <cmath>
#include <cfloat>

namespace kiosk::ui {

namespace staff {

StaffUi::~StaffUi() {
    close_detail(*this);
    discard_reason.clear();
    wipe(pin.digits);
    if (pin.pending.valid()) pin.pending.wait();
}

namespace {

// [SECTION] Gesture
// HiddenEntry wants normalized coordinates and a monotonic clock: ImGui's time is one (and is fixed-step
// under --script, so a scripted `hold` is deterministic).
void feed_gesture(Ui& ui, StaffUi& st) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.MousePos.x > -FLT_MAX / 2 && ui.width > 0 && ui.height > 0) {
        st.last_x = io.MousePos.x / ui.width;
        st.last_y = io.MousePos.y / ui.height;
    }
    bool down = io.MouseDown[0];
    if (down && !st.mouse_was_down) st.entry.press(st.last_x, st.last_y, ui.time);
    if (!down && st.mouse_was_down) {
        bool was_armed = st.entry.armed();
        st.entry.release(st.last_x, st.last_y, ui.time);
        if (st.entry.armed() && !was_armed) st.armed_at = ui.time;
    }
    st.mouse_was_down = down;
    if (down && !st.entry.armed()) ui.keep_awake(2);   // a hold is timed: keep frames coming while held
}

// Once the hold is done, the three taps land in the bottom-right corner, where many resident screens have
// their "next" button. An invisible window over that corner catches them while the gesture is armed, so
// finishing the gesture never presses anything (and draws nothing: no hint to residents).
void shield_corner(Ui& ui, const StaffUi& st) {
    // HiddenEntry stays armed until the next press; the shield only for the taps' 5 s window.
    constexpr double kTapsWithinS = 5.0;
    if (!st.entry.armed() || ui.time - st.armed_at > kTapsWithinS) return;
    ui.wake_in(st.armed_at + kTapsWithinS - ui.time + 0.01);   // drop it on time even with no input
    float w = ui.width * 0.1f, h = ui.height * 0.1f;   // a little larger than HiddenEntry's 8 % zone
    ImGui::SetNextWindowPos(ImVec2(ui.width - w, ui.height - h));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    ImGui::Begin("##staff_corner", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::InvisibleButton("##staff_corner_catch", ImVec2(w, h));
    ImGui::End();
    ImGui::BringWindowToDisplayFront(ImGui::FindWindowByName("##staff_corner"));
}

// [SECTION] Session
bool any_touch(const ImGuiIO& io) {
    if (io.MouseClicked[0] || io.MouseReleased[0] || io.InputQueueCharacters.Size > 0) return true;
    if (io.MouseDown[0] && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) return true;
    for (int k = 0; k < 512; ++k) if (io.KeysDown[k]) return true;
    return false;
}

// [SECTION] Frame
void staff_bar(Ui& ui, StaffUi& st) {
    float bar_h = top_bar(ui, ui.trf("staff.bar.title", {glyphs(ui, ui.app.staff->display_name())}));
    ImDrawList* dl = ImGui::GetWindowDrawList();

    float btn_h = ui.px(em::tap_min), gap = ui.px(em::gap);
    float out_w = ui.px(7), lang_w = ui.px(5.5f);
    float x = ui.width - out_w - ui.px(0.5f);
    ImGui::SetCursorScreenPos(ImVec2(x, (bar_h - btn_h) * 0.5f));
    if (button(ui, std::string(ui.tr("staff.logout")) + "##staff_logout", ImVec2(out_w, btn_h), ButtonKind::danger)) {
        leave_staff_mode(ui, st, "manual");
        return;
    }
    x -= lang_w + gap;
    ImGui::SetCursorScreenPos(ImVec2(x, (bar_h - btn_h) * 0.5f));
    if (button(ui, std::string(st.locale == Locale::zh ? "English" : "中文") + "##staff_lang", ImVec2(lang_w, btn_h))) {
        st.locale = st.locale == Locale::zh ? Locale::en : Locale::zh;
        ui.session.set_locale(st.locale);
    }
    // A resident's call (呼叫工作人员) stays in the bar, red, until a member of staff taps it: entering
    // staff mode is not the same as having seen it.
    if (ui.app.status().staff_called) {
        std::string alert = ui.tr("staff.bar.resident_call");
        ImFont* bf = ui.fonts.bold;
        float aw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, alert.c_str()).x + ui.px(1.5f);
        x -= aw + gap;
        ImGui::SetCursorScreenPos(ImVec2(x, (bar_h - btn_h) * 0.5f));
        if (button(ui, alert + "##staff_call_ack", ImVec2(aw, btn_h), ButtonKind::danger, bf)) ui.app.acknowledge_staff_call();
    }
    // Auto-logout countdown: shown (and ticking every second) only in its last half minute, so an open staff
    // screen does not keep the event loop busy.
    if (auto left = ui.app.staff->seconds_to_auto_logout()) {
        int s = static_cast<int>(std::ceil(*left));
        if (*left <= 30) {
            std::string t = ui.trf("staff.bar.auto_logout", {std::to_string(s)});
            ImFont* f = ui.fonts.body;
            float tw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.c_str()).x;
            dl->AddText(f, f->FontSize, ImVec2(x - gap - tw, (bar_h - f->FontSize) * 0.5f), ui.theme.on_bar.im(), t.c_str());
            ui.wake_in(*left - std::floor(*left) + 0.01);
        } else {
            ui.wake_in(*left - 30 + 0.01);
        }
    }
}

void nav_column(Ui& ui, StaffUi& st, float x, float y, float w) {
    float h = ui.px(em::tap_min + 0.4f), gap = ui.px(em::gap);
    for (const PanelEntry& e : panels()) {
        if (!e.nav_key) continue;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        // A request opened from the list keeps the list's button lit.
        bool on = st.panel == e.panel || (e.panel == Panel::requests && st.panel == Panel::detail && st.detail.back_to == Panel::requests);
        std::string label = ui.tr(e.nav_key);
        if (int n = e.badge ? e.badge(st) : 0; n > 0) label += " (" + std::to_string(n) + ")";
        if (button(ui, label + "##nav_" + e.nav_key, ImVec2(w, h), on ? ButtonKind::selected : ButtonKind::secondary)) {
            if (st.panel == Panel::detail) close_detail(st);
            st.panel = e.panel;
            st.confirm.clear();
            if (e.on_open) e.on_open(st);
        }
        y += h + gap;
    }
}

void feedback_line(Ui& ui, StaffUi& st, ImVec2 at, float w) {
    if (st.note.empty() || ui.time > st.note_until) return;
    ImGui::SetCursorScreenPos(at);
    text(ui, glyphs(ui, st.note), ui.fonts.bold, st.note_error ? ui.theme.error_text.im() : ui.theme.ok_text.im(), w);
    ui.wake_in(st.note_until - ui.time + 0.01);
}

// The last 20 s before auto-logout: a modal over the staff screens, so an officer who looks up from the
// counter sees it before the screen goes back to the residents. Any tap counts as activity (any_touch),
// 继续使用 is the obvious one.
constexpr double kLogoutWarnS = 20;
void logout_warning(Ui& ui, double left) {
    (void)warning_modal(ui, "##staff_logout_warning", ui.tr("staff.logout_warning.title"),
                        ui.trf("staff.logout_warning.body", {std::to_string(static_cast<int>(std::ceil(left)))}),
                        ui.tr("staff.logout_warning.stay"));
}

void draw_staff_screens(Ui& ui, StaffUi& st) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::Begin("##staff", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::GetWindowDrawList()->PushClipRect(ImVec2(0, 0), ImVec2(ui.width, ui.height), false);
    staff_bar(ui, st);
    if (!ui.staff_mode) {   // logged out from the bar this frame
        ImGui::GetWindowDrawList()->PopClipRect();
        ImGui::End();
        return;
    }
    float pad = ui.px(em::pad), top = ui.px(em::bar_height) + ui.px(0.8f);
    float nav_w = ui.px(9);
    nav_column(ui, st, pad, top, nav_w);
    float note_h = ui.px(1.6f);
    float cx = pad + nav_w + pad;
    ImVec2 size(ui.width - cx - pad, ui.height - top - note_h - ui.px(0.6f));
    feedback_line(ui, st, ImVec2(cx, ui.height - note_h - ui.px(0.3f)), size.x);
    ImGui::SetCursorScreenPos(ImVec2(cx, top));
    ImGui::BeginChild("##staff_panel", size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (const PanelEntry* e = panel_for(st.panel)) e->draw(ui, st, size);
    ImGui::EndChild();
    ImGui::GetWindowDrawList()->PopClipRect();
    ImGui::End();
    if (auto left = ui.app.staff->seconds_to_auto_logout(); left && *left <= kLogoutWarnS) logout_warning(ui, *left);
}

} // namespace
} // namespace staff

StaffUiPtr new_staff_ui() { return StaffUiPtr(new staff::StaffUi); }
void StaffUiDelete::operator()(staff::StaffUi* st) const { delete st; }

bool draw_staff_mode(Ui& ui) {
    using namespace staff;
    StaffUi& st = *ui.staff_ui;
    StaffDesk* desk = ui.app.staff;
    ImGuiIO& io = ImGui::GetIO();

    if (ui.staff_mode) {
        if (!desk || desk->update() || !desk->logged_in()) {
            leave_staff_mode(ui, st, "auto");
        } else {
            if (any_touch(io)) desk->activity();
            // The resident session idles (and resets) underneath; staff mode keeps its own language.
            if (ui.session.locale() != st.locale) ui.session.set_locale(st.locale);
        }
    }

    if (!ui.staff_mode && !st.pin_open) {
        feed_gesture(ui, st);
        shield_corner(ui, st);
        if (st.entry.take_triggered()) {
            st.pin_open = true;
            st.pin = PinPad{};
            ui.keep_awake();
        } else {
            return false;
        }
    }
    if (!ui.staff_mode) {
        draw_pin_pad(ui, st);
    } else {
        draw_staff_screens(ui, st);
    }
    if (ui.fonts.dirty()) ui.keep_awake(2);   // data strings met this frame are baked before the next one
    return true;   // even on the frame staff mode ends: the resident screen starts with the next one
}

} // namespace kiosk::ui
