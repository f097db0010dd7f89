// The frame every screen shares: top bar with the station's name, a small upload/printer status mark and
// the "call staff" button (on every screen, as the issue asks), then the screen's title.
#include "ui/widgets/widgets.hpp"
#include "ui/voice.hpp"

#include <imgui_internal.h>

namespace kiosk::ui {

namespace {
constexpr int kCountdownS = 15;   // seconds before the idle warning during which the bar counts down
// Status mark: one dot and a word. Green = online and printer fine; amber = working offline (requests are
// kept and sent later); red = staff needed (printer, certificate, disk).
const char* status_key(const StatusSnapshot& st);
float status_mark_width(Ui& ui, const StatusSnapshot& st) {
    ImFont* f = ui.fonts.small;
    return ui.px(0.9f) + f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, ui.tr(status_key(st))).x;
}
void status_mark(Ui& ui, const StatusSnapshot& st, ImVec2 at) {
    // No intake configured: status.local — requests are kept here for staff, not "online".
    const std::string key = status_key(st);
    unsigned dot = IM_COL32(0x4C, 0xD9, 0x64, 255);
    if (key == "status.staff_needed") dot = IM_COL32(0xFF, 0x6B, 0x6B, 255);
    else if (key == "status.offline") dot = IM_COL32(0xFF, 0xC8, 0x3D, 255);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* f = ui.fonts.small;
    float r = ui.px(0.3f);
    dl->AddCircleFilled(ImVec2(at.x + r, at.y + f->FontSize * 0.5f), r, dot);
    dl->AddText(f, f->FontSize, ImVec2(at.x + 3 * r, at.y), ui.theme.on_bar.im(), ui.tr(key));
}
const char* status_key(const StatusSnapshot& st) {
    if (!printer_can_print(st.printer_state) || st.upload_config_error || (st.disk_free_mb >= 0 && st.disk_free_mb < 200))
        return "status.staff_needed";
    if (st.upload_enabled && !st.online) return "status.offline";
    return st.upload_enabled ? "status.ok" : "status.local";
}
// "还剩 15 秒": a chip in the idle warning's colours, right-aligned to `right_bar.x` in a bar `right_bar.y` tall.
float idle_countdown_width(Ui& ui, int seconds) {
    ImFont* f = ui.fonts.small;
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, ui.trf("idle.soon", {std::to_string(seconds)}).c_str()).x + ui.px(1.0f);
}
void idle_countdown(Ui& ui, int seconds, ImVec2 right_bar) {
    ImFont* f = ui.fonts.small;
    const std::string msg = ui.trf("idle.soon", {std::to_string(seconds)});
    ui.fonts.need(msg);
    ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, msg.c_str());
    float h = f->FontSize + ui.px(0.5f), w = ts.x + ui.px(1.0f);
    ImVec2 p(right_bar.x - w, (right_bar.y - h) * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(ImVec2(0, 0), ImVec2(ui.width, ui.height), false);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme.warn_bg.im(), ui.px(0.3f));
    dl->AddText(f, f->FontSize, ImVec2(p.x + ui.px(0.5f), p.y + ui.px(0.25f)), ui.theme.on_warn.im(), msg.c_str());
    dl->PopClipRect();
}
// "已为您呼叫工作人员，请稍候": a full-width band under the bar, in the idle warning's colours, large.
// Returns its height.
float staff_called_banner(Ui& ui, float y) {
    ImFont* f = ui.fonts.title;
    const std::string msg = ui.tr("common.staff_called");
    ui.fonts.need(msg);
    float h = f->FontSize + ui.px(0.8f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(ImVec2(0, 0), ImVec2(ui.width, ui.height), false);
    dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, y + h), ui.theme.warn_bg.im());
    ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, msg.c_str());
    dl->AddText(f, f->FontSize, ImVec2((ui.width - ts.x) * 0.5f, y + (h - f->FontSize) * 0.5f), ui.theme.on_warn.im(), msg.c_str());
    dl->PopClipRect();
    return h;
}

} // namespace

float nav_row_height(const Ui& ui) { return ui.px(em::tap_min + 0.6f); }
// 3.8 em: 返回, 首页 and 下一步 fit side by side under a form's rows (field_form), in the same places as here.
float nav_back_width(const Ui& ui) { return ui.px(3.8f); }

bool offers_home(const Ui& ui) {
    switch (ui.session.step()) {
    case Step::category: case Step::search: case Step::service: case Step::identity: case Step::fields:
    case Step::review: case Step::consent: return true;
    default: return false;
    }
}

int nav_back_home(Ui& ui, ImVec2 at) {
    const float h = ui.px(em::tap_min), w = nav_back_width(ui);
    int r = 0;
    ImGui::SetCursorScreenPos(at);
    if (button(ui, std::string(ui.tr("common.back")) + "##nav_back", ImVec2(w, h), ButtonKind::secondary, nullptr, {}, "back")) r = -1;
    if (offers_home(ui)) {
        ImGui::SetCursorScreenPos(ImVec2(at.x + w + ui.px(em::gap), at.y));
        if (button(ui, std::string(ui.tr("common.home")) + "##nav_home", ImVec2(w, h), ButtonKind::secondary, nullptr, {}, "home"))
            ask_home(ui);
    }
    return r;
}

void ask_home(Ui& ui) {
    // With a form under way, 首页 asks first (a slip of the finger must not wipe an elderly resident's
    // typing); before that it simply goes home.
    switch (ui.session.step()) {
    case Step::identity: case Step::fields: case Step::review: case Step::consent: ui.visit.confirm_home = true; break;
    default: ui.session.go_home(); break;
    }
}

float top_bar(Ui& ui, const std::string& title, float max_title_w) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float bar_h = ui.px(em::bar_height);
    // The bar spans the window edge to edge: outside the padding-inset clip rect every window has.
    dl->PushClipRect(ImVec2(0, 0), ImVec2(ui.width, ui.height), false);
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, bar_h), ui.theme.bar.im());
    ImFont* bf = ui.fonts.bold;
    // Narrow bars (portrait in elderly mode): the title in the smaller size rather than under the status.
    float wrap = 0;
    if (max_title_w > 0 && bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, title.c_str()).x > max_title_w) {
        bf = ui.fonts.small;
        wrap = max_title_w;   // and on two lines if need be (a long English station name)
    }
    const float th = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, wrap, title.c_str()).y;
    dl->AddText(bf, bf->FontSize, ImVec2(ui.px(1), (bar_h - th) * 0.5f), ui.theme.on_bar.im(), title.c_str(), nullptr, wrap);
    dl->PopClipRect();
    return bar_h;
}

ImVec2 begin_screen(Ui& ui, const std::string& title) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    // NoBackground: the runner clears to the page colour (= WindowBg) already; a second full-screen fill
    // costs fill rate on every frame, which a software renderer (and a low-power GPU) feels.
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);
    ImFont* bf = ui.fonts.bold;
    // Right side of the bar: status mark, then the call-staff button. Once staff have been called the
    // button says so (and a second tap only repeats the call), and a banner under the bar tells the
    // resident to wait, on every screen, until staff acknowledge the call in staff mode.
    const StatusSnapshot st = ui.app.status();
    std::string call = ui.tr(st.staff_called ? "common.staff_called_short" : "common.call_staff");
    float call_w = std::max(ui.px(7), bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, call.c_str()).x + ui.px(1.5f) + ui.px(2.0f));
    const int to_warning = ui.session.seconds_to_warning();
    const bool counting = to_warning >= 0 && to_warning <= kCountdownS;
    // 大字模式 beside it on every resident screen, in the same place: it keeps the form (Session::switch_elderly).
    // Filled while on, like the other toggles: the label names the mode, the colour shows the state.
    const std::string large = ui.tr("common.large_text");
    const float icon_room = ui.px(2.0f);   // the pictogram on each bar button (button(), icon)
    float btn_h = ui.px(em::tap_min);
    float large_w = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, large.c_str()).x + ui.px(1.2f) + icon_room;
    const float right_w = std::max(status_mark_width(ui, st), idle_countdown_width(ui, kCountdownS));
    // A narrow bar (portrait in elderly mode) keeps room for the station's name: 大字模式 as its pictogram
    // alone, a square key (still named 大字模式 for flows and the probe).
    const bool compact = ui.width - call_w - large_w - ui.px(1.6f) - right_w - ui.px(2.0f) < ui.px(10);
    if (compact) large_w = btn_h * 1.1f;
    const float mark_right = ui.width - call_w - large_w - ui.px(1.6f);
    float bar_h = top_bar(ui, ui.text(ui.app.config.station.name), mark_right - right_w - ui.px(2.0f));
    const ImVec2 large_at(ui.width - call_w - large_w - ui.px(1.0f), (bar_h - btn_h) * 0.5f);
    ImGui::SetCursorScreenPos(large_at);
    if (compact) register_target(ui, large, large_at, ImVec2(large_at.x + large_w, large_at.y + btn_h));
    // On: the light key framed in the call banner's yellow. A filled key (the other toggles' "on") would be
    // the bar's own blue here and could not be told from off.
    if (button(ui, (compact ? std::string() : large) + "##elderly", ImVec2(large_w, btn_h), ButtonKind::secondary, nullptr, {}, "large-text"))
        ui.session.switch_elderly(!ui.session.elderly());
    if (ui.session.elderly()) {
        const float t = ui.px(0.22f);
        ImGui::GetWindowDrawList()->AddRect(ImVec2(large_at.x - t * 0.5f, large_at.y - t * 0.5f),
                                            ImVec2(large_at.x + large_w + t * 0.5f, large_at.y + btn_h + t * 0.5f),
                                            IM_COL32(0xFF, 0xE0, 0x66, 255), ui.px(0.5f), 0, t);
    }
    ImGui::SetCursorScreenPos(ImVec2(ui.width - call_w - ui.px(0.5f), (bar_h - btn_h) * 0.5f));
    if (button(ui, call + "##call_staff", ImVec2(call_w, btn_h), st.staff_called ? ButtonKind::secondary : ButtonKind::danger,
               nullptr, {}, "call")) {
        ui.app.call_staff("resident");
        if (ui.voice && ui.session.voice()) ui.voice->say(ui.tr("common.staff_called"), ui.locale());
    }
    // The last seconds before the idle warning: a countdown where the status mark stands (the same spot
    // every screen, and nothing else in the bar moves), so the warning does not come out of nowhere.
    if (counting) {
        idle_countdown(ui, to_warning, ImVec2(mark_right, bar_h));
        ui.wake_in(1.0);
    } else {
        status_mark(ui, st, ImVec2(mark_right - status_mark_width(ui, st), (bar_h - ui.fonts.small->FontSize) * 0.5f));
        if (to_warning > kCountdownS) ui.wake_in(to_warning - kCountdownS + 0.05);
    }

    float top = bar_h;
    if (st.staff_called) top += staff_called_banner(ui, bar_h);
    ImGui::SetCursorScreenPos(ImVec2(ui.px(em::pad), top + ui.px(0.6f)));
    if (!title.empty()) {
        const ImVec2 line = ImGui::GetCursorScreenPos();
        float indicator_w = step_indicator(ui, ImVec2(ui.width - ui.px(em::pad), line.y));
        float indicator_h = indicator_w > 0 ? ui.fonts.bold->FontSize + ui.px(0.45f) : 0;
        text(ui, title, ui.fonts.title, ui.theme.text.im(), ui.width - ui.px(2 * em::pad) - (indicator_w > 0 ? indicator_w + ui.px(1) : 0));
        if (ImGui::GetCursorScreenPos().y < line.y + indicator_h) ImGui::SetCursorScreenPos(ImVec2(line.x, line.y + indicator_h));
        ImGui::Dummy(ImVec2(1, ui.px(0.2f)));
    }
    ImVec2 avail = ImGui::GetContentRegionAvail();
    return avail;
}

void end_screen(Ui&) { ImGui::End(); }

const char* next_icon(const Ui& ui) {
    switch (ui.session.step()) {
    case Step::review: case Step::consent: return "confirm";   // 确认无误 / 确认提交
    default: return "next";
    }
}

int nav_row(Ui& ui, bool show_back, const std::string& next_label, bool next_enabled) {
    float h = ui.px(em::tap_min);
    float w = ui.px(9);
    float y = ui.height - h - ui.px(0.6f);
    int r = 0;
    if (show_back) r = nav_back_home(ui, ImVec2(ui.px(em::pad), y));
    if (!next_label.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(ui.width - w - ui.px(em::pad), y));
        ImGui::BeginDisabled(!next_enabled);
        if (button(ui, next_label + "##nav_next", ImVec2(w, h), next_enabled ? ButtonKind::primary : ButtonKind::secondary, nullptr,
                   {}, next_icon(ui))) r = 1;
        ImGui::EndDisabled();
    }
    return r;
}

bool warning_modal(Ui& ui, const char* id, const std::string& title, const std::string& body, const std::string& button_label) {
    return choice_modal(ui, id, title, body, button_label, {}, false) == 1;
}

int choice_modal(Ui& ui, const char* id, const std::string& title, const std::string& body, const std::string& first,
                 const std::string& second, bool opaque) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    // Opaque: the page colour hides what lies under the card (a resident's name and ID number must not
    // stay readable to whoever walks up while the kiosk waits).
    ImGui::PushStyleColor(ImGuiCol_WindowBg, opaque ? ui.theme.page.im() : IM_COL32(0, 0, 0, 150));
    ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    const float w = std::min(ui.width - ui.px(2), ui.px(30));
    const float inner = w - ui.px(2);
    // The card's height follows its text: titles and bodies wrap in elderly mode and in English.
    ImFont* tf = ui.fonts.title;
    ImFont* bf = ui.fonts.body;
    float text_h = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, inner, title.c_str()).y + ui.px(0.5f) +
                   bf->CalcTextSizeA(bf->FontSize, FLT_MAX, inner, body.c_str()).y;
    const int buttons = second.empty() ? 1 : 2;
    const float bh = ui.px(em::tap_min);
    float h = ui.px(1) + text_h + ui.px(1) + buttons * bh + (buttons - 1) * ui.px(em::gap) + ui.px(1);
    ImVec2 p((ui.width - w) / 2, (ui.height - h) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme.warn_bg.im(), ui.px(0.6f));
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1), p.y + ui.px(1)));
    text_centered(ui, title, tf, ui.theme.on_warn.im(), inner);
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1), ImGui::GetCursorScreenPos().y + ui.px(0.2f)));
    text_centered(ui, body, bf, ui.theme.on_warn.im(), inner);
    int pressed = 0;
    float y = p.y + h - ui.px(1) - buttons * bh - (buttons - 1) * ui.px(em::gap);
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1), y));
    if (button(ui, first + "##" + id + "_1", ImVec2(inner, bh), ButtonKind::primary)) pressed = 1;
    if (buttons == 2) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1), y + bh + ui.px(em::gap)));
        if (button(ui, second + "##" + id + "_2", ImVec2(inner, bh), ButtonKind::secondary)) pressed = 2;
    }
    ImGui::End();
    return pressed;
}

} // namespace kiosk::ui
