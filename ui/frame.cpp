#include "ui/frame.hpp"
#include "ui/screens/registry.hpp"
#include "ui/staff/staff_mode.hpp"

#include <imgui.h>

namespace kiosk::ui {

bool apply_font_sizes(Ui& ui, const FontSizes& want, bool partial_ok, const std::function<void()>& upload) {
    if (!ui.fonts.rebuild_if_needed(want, partial_ok)) return false;
    upload();
    ui.theme.apply(ImGui::GetStyle(), want.body);
    ui.em = want.body;
    return true;
}

bool begin_frame(Ui& ui, InputQueue& input, bool fixed_step) {
    Session& s = ui.session;
    ImGuiIO& io = ImGui::GetIO();
    const bool any_input = input.apply(io);
    // Headless and tour runs step a fixed clock that has nothing to do with when events were queued.
    ui.tap_time = fixed_step ? -1 : input.last_button_time();
    if (fixed_step) io.DeltaTime = 1.0f / 30.0f;
    if (any_input) {
        ui.keep_awake(3);
        // Any touch or key restarts the idle timer, except where a screen decides itself: attract (the
        // tap that wakes it must not also press a home button) and the idle warning (its overlay does).
        if (s.step() != Step::attract && s.idle_state() == IdleState::active) s.activity();
    }
    ImGui::NewFrame();
    ui.width = io.DisplaySize.x;
    ui.height = io.DisplaySize.y;
    ui.time = ImGui::GetTime();
    ui.targets.clear();
    ui.form_nav = {};
    ui.frames_wanted = 0;
    ui.wake_in_s = -1;
    if (s.generation() != ui.visit_generation) {
        ui.visit = VisitState{};
        ui.visit_generation = s.generation();
    }
    return any_input;
}

void draw_screens(Ui& ui) {
    Session& s = ui.session;
    // Hidden entry, PIN pad, staff screens, auto-logout (ui/staff/): when they draw, residents' screens don't.
    handle_scans(ui);   // before staff mode, which ignores them, so none waits for the resident's screens
    if (draw_staff_mode(ui)) return;
    if (!ui.app.out_of_service.empty()) { draw_out_of_service(ui); return; }
    // The calling banner's band is reserved at the bottom: the screen lays itself out above it, so the
    // banner never covers a button (call_banner.cpp).
    const float band = call_band_height(ui);
    ui.height -= band;
    if (const ScreenEntry* e = screen_for(s.step())) e->draw(ui);
    ui.height += band;
    if (band > 0) draw_call_banner(ui, ui.height - band, band);
    if (s.idle_state() == IdleState::warning) draw_idle_overlay(ui);
    else if (ui.visit.confirm_home) draw_home_confirm(ui);
}

} // namespace kiosk::ui
