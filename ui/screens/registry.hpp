#pragma once
// [SECTION] Screen registry — one screen per file, registered in one line each in registry.cpp (ImHex
// style). Each entry says which Step it draws and which i18n key is its spoken prompt (voice guidance).
#include "ui/ui.hpp"

#include <span>
#include <string>
#include <vector>

namespace kiosk::ui {

struct ScreenEntry {
    Step step;
    void (*draw)(Ui&);
    const char* prompt_key;   // i18n key spoken on entering the screen (voice.*)
};

std::span<const ScreenEntry> screens();
const ScreenEntry* screen_for(Step s);
// Drawn above every screen while the session is in its idle warning.
void draw_idle_overlay(Ui& ui);
// Drawn above a form step after 首页 was tapped there (VisitState::confirm_home): 继续办理 / 结束办理.
void draw_home_confirm(Ui& ui);

// One function per file in ui/screens/.
void draw_attract(Ui&);
// Every string the attract screen can draw, in both languages: the kiosk starts (and every reset lands)
// there, so start-up bakes exactly these characters before the first frame (Fonts::prebuild).
std::vector<const std::string*> attract_strings(const Strings& strings, const Config& cfg);
void draw_home(Ui&);
// Home's large shortcuts (home_shortcuts.cpp): drawn at the cursor across `width`; returns the height used.
float draw_home_shortcuts(Ui& ui, float width);
std::vector<const Service*> home_shortcut_services(const Ui& ui);
void draw_service_list(Ui&);   // category and search results
void draw_service(Ui&);
void draw_identity(Ui&);
void draw_fields(Ui&);
void draw_review(Ui&);
void draw_consent(Ui&);
void draw_done(Ui&);
void draw_rating(Ui&);
void draw_progress(Ui&);       // 查询办理进度 (progress.cpp)
// Every frame, on any screen: codes from the scanner (progress.cpp decides what a scan means where).
void handle_scans(Ui&);
// The calling banner (call_banner.cpp): the band's height this frame (0: no band), reserved below every
// resident screen by draw_screens, and the banner drawn in it.
float call_band_height(Ui&);
void draw_call_banner(Ui&, float y, float h);
// Not a step: drawn instead of every resident step while AppState::out_of_service is set.
void draw_out_of_service(Ui&);

} // namespace kiosk::ui
