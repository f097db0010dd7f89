#pragma once
// [SECTION] Staff mode — the one entry point the runner calls (issue 6, "Getting in and out" and "Screens").
// Everything else in ui/staff/ is internal to it.
#include "ui/ui.hpp"

namespace kiosk::ui {

// Call once per frame, after ImGui::NewFrame() and before the resident screen. It feeds the hidden entry
// gesture from the mouse/touch state, runs staff mode's auto-logout, and draws the PIN pad or the staff
// screens. Returns true when it drew the frame: the runner must then draw neither the resident screen nor
// its idle overlay. Keeps ui.staff_mode in step with app.staff_mode (window close is allowed only then).
bool draw_staff_mode(Ui& ui);

} // namespace kiosk::ui
