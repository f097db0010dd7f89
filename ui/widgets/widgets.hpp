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
// `icon`, when given, is a pictogram name (pictogram()) drawn on the button's left, the text centred in
// the rest.
bool button(Ui& ui, const std::string& label, ImVec2 size, ButtonKind kind = ButtonKind::secondary,
            ImFont* font = nullptr, const std::string& sub = {}, const std::string& icon = {});
// Registers a tap target for --script (button() does it for you).
void register_target(Ui& ui, const std::string& label, ImVec2 min, ImVec2 max);

// Wrapped text in a colour; `font` null = body.
void text(Ui& ui, const std::string& s, ImFont* font = nullptr, unsigned color = 0, float wrap_width = 0);
void text_centered(Ui& ui, const std::string& s, ImFont* font, unsigned color, float width);

// The bar across the top of the current full-screen window, `title` in bold at its left (the station's name
// on residents' screens, staff mode's own words on the PIN pad and the staff screens). Returns its height.
// `max_title_w` > 0: a title wider than that is drawn in the small size (narrow portrait bars).
float top_bar(Ui& ui, const std::string& title, float max_title_w = 0);
// The frame of every screen: top bar (station, status mark, call-staff button), content area.
// Returns the content size available; close with end_screen().
ImVec2 begin_screen(Ui& ui, const std::string& title);
void end_screen(Ui& ui);
// Bottom row: back (optional) and a primary action. Returns -1 back, +1 next, 0 nothing.
// With back, 首页 beside it on every resident step from a category on; 返回 and 首页 stand in the same
// places on every screen (bottom left, nav_back_width() each).
int nav_row(Ui& ui, bool show_back, const std::string& next_label, bool next_enabled = true);
float nav_row_height(const Ui& ui);
float nav_back_width(const Ui& ui);
// 返回 at `at` and 首页 to its right (when offers_home()); returns -1 for back. 首页 calls ask_home().
int nav_back_home(Ui& ui, ImVec2 at);
bool offers_home(const Ui& ui);
// 首页: straight home, or — with a form under way — a question first (VisitState::confirm_home, drawn by
// draw_screens: 继续办理 / 结束办理).
void ask_home(Ui& ui);
// A countdown warning over the whole screen (the resident's idle warning, staff mode's auto-logout): the
// screen dimmed, a card with `title`, `body` and one large button. It is a window of its own, so a tap never
// reaches what lies under it. Returns true when the button was tapped; the caller decides what any tap means.
bool warning_modal(Ui& ui, const char* id, const std::string& title, const std::string& body, const std::string& button_label);
// The same card with one or two buttons (`second` empty: one); `opaque` hides the screen under it instead
// of dimming it. Returns 0, or 1/2 for the button tapped.
int choice_modal(Ui& ui, const char* id, const std::string& title, const std::string& body, const std::string& first,
                 const std::string& second, bool opaque);

// A pictogram for a catalog icon name (Category::icon), `size` px square centred at `center`
// (ui/widgets/pictogram.cpp).
void pictogram(Ui& ui, const std::string& icon, ImVec2 center, float size, unsigned color);
// The pictogram of the forward button on the current step: a tick where it confirms, else an arrow.
const char* next_icon(const Ui& ui);

// Where the ID-card reader is (ui/widgets/reader_hint.cpp): a card onto the reader's pad and "感应区在屏幕下方"
// with an arrow, centred at the cursor across `width`; the cursor moves below it. Nothing when no reader is
// configured. Both return the height it takes (0 then); `compact` is the home screen's smaller row.
float reader_hint(Ui& ui, float width, bool compact);
float reader_hint_height(const Ui& ui, bool compact);
// Home's row: the compact hint, left out when the category tiles would lose their room (elderly, small screens).
float reader_hint_home(Ui& ui, float width);
// "请取走您的身份证" across the screen at `top` while Session::take_card_band() (attract, after a visit).
void take_card_band(Ui& ui, float top);

// The step indicator (ui/widgets/step_indicator.cpp): resident_stage() is 1..kResidentStages for the
// steps that show it (service 2 … consent 5), 0 elsewhere. step_indicator() draws it right-aligned at
// `top_right` (one bold line, "第 3 步 / 共 6 步 · 填写信息", and six segments under it) and returns its width
// (0 when the step has none). begin_screen() puts it on the title line.
constexpr int kResidentStages = 6;
int resident_stage(Step s);
float step_indicator(Ui& ui, ImVec2 top_right);

// Drag-to-scroll child region with inertia. A drag that starts on a button cancels that button (it never
// clicks); a flick keeps scrolling with decaying velocity. `id` must be stable per list.
void begin_touch_scroll(Ui& ui, const char* id, ImVec2 size);
void end_touch_scroll(Ui& ui);

// QR code of `data` drawn as rectangles, `side` px square with a quiet zone. False if encoding failed.
bool qr_code(Ui& ui, const std::string& data, float side);

} // namespace kiosk::ui
