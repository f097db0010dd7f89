// The frame every screen shares: top bar with the station's name, a small upload/printer status mark and
// the "call staff" button (on every screen, as the issue asks), then the screen's title.
#include "ui/widgets/widgets.hpp"

#include <imgui_internal.h>

namespace kiosk::ui {

namespace {
// Status mark: one dot and a word. Green = online and printer fine; amber = working offline (requests are
// kept and sent later); red = staff needed (printer, certificate, disk).
void status_mark(Ui& ui, ImVec2 at) {
    StatusSnapshot st = ui.app.status();
    const char* key = "status.ok";
    unsigned dot = IM_COL32(0x4C, 0xD9, 0x64, 255);
    bool printer_bad = !printer_can_print(st.printer_state);
    if (printer_bad || st.upload_config_error || (st.disk_free_mb >= 0 && st.disk_free_mb < 200)) {
        key = "status.staff_needed"; dot = IM_COL32(0xFF, 0x6B, 0x6B, 255);
    } else if (st.upload_enabled && !st.online) {
        key = "status.offline"; dot = IM_COL32(0xFF, 0xC8, 0x3D, 255);
    } else if (!st.upload_enabled) {
        key = "status.local";   // no intake configured: requests are kept here for staff, not "online"
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* f = ui.fonts.small;
    float r = ui.px(0.3f);
    dl->AddCircleFilled(ImVec2(at.x + r, at.y + f->FontSize * 0.5f), r, dot);
    dl->AddText(f, f->FontSize, ImVec2(at.x + 3 * r, at.y), ui.theme.on_bar.im(), ui.tr(key));
}
} // namespace

float nav_row_height(const Ui& ui) { return ui.px(em::tap_min + 0.6f); }

float top_bar(Ui& ui, const std::string& title) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float bar_h = ui.px(em::bar_height);
    // The bar spans the window edge to edge: outside the padding-inset clip rect every window has.
    dl->PushClipRect(ImVec2(0, 0), ImVec2(ui.width, ui.height), false);
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, bar_h), ui.theme.bar.im());
    ImFont* bf = ui.fonts.bold;
    dl->AddText(bf, bf->FontSize, ImVec2(ui.px(1), (bar_h - bf->FontSize) * 0.5f), ui.theme.on_bar.im(), title.c_str());
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
    float bar_h = top_bar(ui, ui.text(ui.app.config.station.name));
    ImFont* bf = ui.fonts.bold;

    // Right side of the bar: status mark, then the call-staff button.
    std::string call = ui.tr("common.call_staff");
    float call_w = std::max(ui.px(7), bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, call.c_str()).x + ui.px(1.5f));
    float btn_h = ui.px(em::tap_min);
    ImGui::SetCursorScreenPos(ImVec2(ui.width - call_w - ui.px(0.5f), (bar_h - btn_h) * 0.5f));
    if (button(ui, call + "##call_staff", ImVec2(call_w, btn_h), ButtonKind::danger)) ui.app.call_staff("resident");
    status_mark(ui, ImVec2(ui.width - call_w - ui.px(7.5f), (bar_h - ui.fonts.small->FontSize) * 0.5f));

    ImGui::SetCursorScreenPos(ImVec2(ui.px(em::pad), bar_h + ui.px(0.6f)));
    if (!title.empty()) {
        text(ui, title, ui.fonts.title, ui.theme.text.im(), ui.width - ui.px(2 * em::pad));
        ImGui::Dummy(ImVec2(1, ui.px(0.2f)));
    }
    ImVec2 avail = ImGui::GetContentRegionAvail();
    return avail;
}

void end_screen(Ui&) { ImGui::End(); }

int nav_row(Ui& ui, bool show_back, const std::string& next_label, bool next_enabled) {
    float h = ui.px(em::tap_min);
    float w = ui.px(9);
    float y = ui.height - h - ui.px(0.6f);
    int r = 0;
    if (show_back) {
        ImGui::SetCursorScreenPos(ImVec2(ui.px(em::pad), y));
        if (button(ui, std::string(ui.tr("common.back")) + "##nav_back", ImVec2(w, h), ButtonKind::secondary)) r = -1;
    }
    if (!next_label.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(ui.width - w - ui.px(em::pad), y));
        ImGui::BeginDisabled(!next_enabled);
        if (button(ui, next_label + "##nav_next", ImVec2(w, h), next_enabled ? ButtonKind::primary : ButtonKind::secondary)) r = 1;
        ImGui::EndDisabled();
    }
    return r;
}

} // namespace kiosk::ui
