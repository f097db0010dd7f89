#pragma once
// [SECTION] Ui — what every screen and widget is handed each frame (internal to ui/).
// Screens read the Session and AppState through it and send intents; UI-only state that belongs to one
// visit (keyboard composition, scroll positions) lives in VisitState and is dropped whenever the session's
// generation changes, so nothing a resident typed survives a reset.
#include "app/app_state.hpp"
#include "app/config.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "ui/fonts.hpp"
#include "ui/i18n.hpp"
#include "ui/theme.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiosk { class PinyinEngine; }

namespace kiosk::ui {

class Voice;

// Staff mode's own state (ui/staff/staff_ui.hpp): its type is private to ui/staff/, so the Ui holds it
// through a pointer whose deleter is defined there, where the type is complete.
namespace staff { struct StaffUi; }
struct StaffUiDelete { void operator()(staff::StaffUi* st) const; };
using StaffUiPtr = std::unique_ptr<staff::StaffUi, StaffUiDelete>;
StaffUiPtr new_staff_ui();

// A labelled tap target drawn this frame: lets `--script` say tap_text "下一步" instead of coordinates.
struct TapTarget {
    std::string label;
    float x0, y0, x1, y1;
};

// Where field_form() put the form's nav buttons this frame (form_nav() draws them).
struct FormNav {
    bool set = false;
    float back_x = 0, back_y = 0, next_x = 0, next_y = 0, next_w = 0;
};

struct VisitState {
    std::string focus_field;             // field the on-screen keyboard types into
    std::string composing;               // pinyin letters not yet turned into hanzi
    std::string unconverted_warning;     // 下一步 was refused while these letters waited for their 汉字
    int candidate_page = 0;
    bool latin_keyboard = false;         // letter keyboard: pinyin (false) or Latin letters …
    bool keyboard_chosen = false;        // … once the resident chose; until then Latin in English mode
    int date_year = 0, date_month = 0;   // date picker's shown month
    std::map<std::string, bool> checklist;   // service materials ticked by the resident
    int attract_notice = 0;
    bool confirm_home = false;           // 首页 was tapped mid-form: ask before the visit is wiped
    bool review_seen_all = false;        // the review list has been scrolled to its last row
};

struct Ui {
    AppState& app;
    Session& session;
    Strings& strings;
    Fonts& fonts;
    const Theme& theme;
    Voice* voice = nullptr;

    float width = 0, height = 0;         // display size in px
    float em = 26;                       // body font size in px: every layout size is a multiple of it
    double time = 0;                     // ImGui time (s): animation and debounce clock
    VisitState visit;
    std::uint64_t visit_generation = 0;
    std::vector<TapTarget> targets;      // this frame's labelled tap targets
    FormNav form_nav;                    // set by field_form(), read by form_nav()
    int frames_wanted = 0;               // frames still to render after this one (inertia, fades)
    double wake_in_s = -1;               // next timed redraw in seconds (countdowns); -1 = none
    // KIOSK_BENCH: what this frame drew for the first time ("call_drawn A001", "card_drawn"); the runner
    // prints each with the time the frame was on the display (ui/bench_probe).
    std::vector<std::string> bench_marks;
    double last_tap_time = -1;           // debounce: arrival time (InputQueue) of the last accepted tap
    double tap_time = -1;                // arrival time of this frame's last button event (begin_frame)
    // The one staff-mode flag: staff screens instead of the resident's (set by ui/staff/); the runner allows
    // window close / Alt-F4 only while it is set.
    bool staff_mode = false;
    // Hidden-entry gesture, PIN pad, caches, the open request: one per Ui, so every run (and every test's
    // Ui) starts with a fresh one, and it is wiped when the Ui goes.
    StaffUiPtr staff_ui = new_staff_ui();

    Locale locale() const { return session.locale(); }
    const char* tr(const std::string& key) const { return strings.get(key, locale()).c_str(); }
    std::string trf(const std::string& key, const std::vector<std::string>& args) const { return format(strings.get(key, locale()), args); }
    const std::string& text(const LocalText& t) const { return t.get(locale()); }
    float px(float ems) const { return ems * em; }
    void keep_awake(int frames = 3) { if (frames > frames_wanted) frames_wanted = frames; }
    void wake_in(double seconds) { if (wake_in_s < 0 || seconds < wake_in_s) wake_in_s = seconds; }
};

} // namespace kiosk::ui
