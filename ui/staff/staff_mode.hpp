#pragma once
// [SECTION] Staff mode — the one entry point the runner calls (issue 6, "Getting in and out" and "Screens").
// Everything else in ui/staff/ is internal to it.
#include "ui/ui.hpp"

namespace kiosk::ui {

// Call once per frame, after ImGui::NewFrame() and before the resident screen. It feeds the hidden entry
// gesture from the mouse/touch state, runs staff mode's auto-logout, and draws the PIN pad or the staff
// screens. Returns true when it drew the frame: the runner must then draw neither the resident screen nor
// its idle overlay. Entering and leaving staff mode set ui.staff_mode, the one staff-mode flag (window close
// is allowed only while it is set).
bool draw_staff_mode(Ui& ui);

} // namespace kiosk::ui
