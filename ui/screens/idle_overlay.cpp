// Idle warning: "需要更多时间吗？" with the seconds left; a tap anywhere extends the visit. The overlay is a
// window above the screen, so the tap never reaches the button underneath.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_idle_overlay(Ui& ui) {
    ui.wake_in(1.0);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 150));
    ImGui::Begin("##idle", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    float w = std::min(ui.width * 0.8f, ui.px(30)), h = ui.px(12);
    ImVec2 p((ui.width - w) / 2, (ui.height - h) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme.warn_bg.im(), ui.px(0.6f));
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1), p.y + ui.px(1)));
    text_centered(ui, ui.tr("idle.title"), ui.fonts.title, ui.theme.on_warn.im(), w - ui.px(2));
    text_centered(ui, ui.trf("idle.countdown", {std::to_string(ui.session.seconds_left())}), ui.fonts.body, ui.theme.on_warn.im(), w - ui.px(2));
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(2), p.y + h - ui.px(em::tap_min + 1)));
    bool more = button(ui, std::string(ui.tr("idle.more")) + "##idle_more", ImVec2(w - ui.px(4), ui.px(em::tap_min)), ButtonKind::primary);
    ImGui::End();
    if (more || ImGui::IsMouseReleased(0)) { ui.session.activity(); ui.keep_awake(); }
}

} // namespace kiosk::ui
