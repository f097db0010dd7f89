#pragma once
// [SECTION] Touch widgets — big buttons, drag-to-scroll areas, screen frame, keypads and keyboards.
// Every size is in em (Ui::px); every tappable thing goes through button() so taps are debounced, drags
// never click, and --script can find it by its label.
#include "ui/ui.hpp"

#include <imgui.h>

#include <string>

namespace kiosk::ui {

enum class ButtonKind { primary, secondary, selected, danger, bar };

// A large touch button. `label` may carry an ImGui id suffix ("下一步##next"); `sub` is an optional second,
// smaller line. Returns true once per accepted tap.
bool button(Ui& ui, const std::string& label, ImVec2 size, ButtonKind kind = ButtonKind::secondary,
            ImFont* font = nullptr, const std::string& sub = {});
// Registers a tap target for --script (button() does it for you).
void register_target(Ui& ui, const std::string& label, ImVec2 min, ImVec2 max);

// Wrapped text in a colour; `font` null = body.
void text(Ui& ui, const std::string& s, ImFont* font = nullptr, unsigned color = 0, float wrap_width = 0);
void text_centered(Ui& ui, const std::string& s, ImFont* font, unsigned color, float width);

// The bar across the top of the current full-screen window, `title` in bold at its left (the station's name
// on residents' screens, staff mode's own words on the PIN pad and the staff screens). Returns its height.
float top_bar(Ui& ui, const std::string& title);
// The frame of every screen: top bar (station, status mark, call-staff button), content area.
// Returns the content size available; close with end_screen().
ImVec2 begin_screen(Ui& ui, const std::string& title);
void end_screen(Ui& ui);
// Bottom row: back (optional) and a primary action. Returns -1 back, +1 next, 0 nothing.
int nav_row(Ui& ui, bool show_back, const std::string& next_label, bool next_enabled = true);
float nav_row_height(const Ui& ui);
// A countdown warning over the whole screen (the resident's idle warning, staff mode's auto-logout): the
// screen dimmed, a card with `title`, `body` and one large button. It is a window of its own, so a tap never
// reaches what lies under it. Returns true when the button was tapped; the caller decides what any tap means.
bool warning_modal(Ui& ui, const char* id, const std::string& title, const std::string& body, const std::string& button_label);

// Drag-to-scroll child region with inertia. A drag that starts on a button cancels that button (it never
// clicks); a flick keeps scrolling with decaying velocity. `id` must be stable per list.
void begin_touch_scroll(Ui& ui, const char* id, ImVec2 size);
void end_touch_scroll(Ui& ui);

// QR code of `data` drawn as rectangles, `side` px square with a quiet zone. False if encoding failed.
bool qr_code(Ui& ui, const std::string& data, float side);

} // namespace kiosk::ui
