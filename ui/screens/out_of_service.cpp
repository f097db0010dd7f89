// Out of service: drawn instead of every resident step while the kiosk cannot store requests (its data
// directory's file system is full at start: AppState::out_of_service). Large and plain — "go to the
// counter" and the station hotline — in the resident's language with the other one below; staff mode
// stays reachable through the hidden entry, as on every screen.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/config.hpp"

namespace kiosk::ui {

void draw_out_of_service(Ui& ui) {
    begin_screen(ui, "");
    const float w = ui.width - ui.px(4);
    const Locale other = ui.locale() == Locale::zh ? Locale::en : Locale::zh;
    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), ui.height * 0.2f));
    text_centered(ui, ui.tr("oos.title"), ui.fonts.title, ui.theme.error_text.im(), w);
    ImGui::Dummy(ImVec2(1, ui.px(0.6f)));
    text_centered(ui, ui.tr("oos.body"), ui.fonts.body, ui.theme.text.im(), w);
    ImGui::Dummy(ImVec2(1, ui.px(1.2f)));
    const std::string& hotline = ui.app.config.station.hotline;
    if (!hotline.empty()) {
        text_centered(ui, ui.tr("oos.hotline"), ui.fonts.bold, ui.theme.muted.im(), w);
        ImGui::PushFont(ui.fonts.huge);   // digits only: the huge font is ASCII
        ImGui::SetCursorPosX(ui.px(2) + (w - ImGui::CalcTextSize(hotline.c_str()).x) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, ui.theme.bar.im());
        ImGui::TextUnformatted(hotline.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    ImGui::Dummy(ImVec2(1, ui.px(1.2f)));
    text_centered(ui, ui.strings.get("oos.title", other), ui.fonts.bold, ui.theme.muted.im(), w);
    text_centered(ui, ui.strings.get("oos.body", other), ui.fonts.body, ui.theme.muted.im(), w);
    end_screen(ui);
}

} // namespace kiosk::ui
