// Identity: name (pinyin keyboard), document type (big buttons), number (keypad with live checksum),
// mobile phone (keypad). Validation messages come from the core, one per error code.
#include "ui/screens/registry.hpp"
#include "ui/widgets/field_form.hpp"

namespace kiosk::ui {

void draw_identity(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("identity.title"));
    float bottom = nav_row_height(ui);
    field_form(ui, s.current_fields(), ImVec2(avail.x, avail.y - bottom - ui.px(0.4f)));
    int nav = nav_row(ui, true, ui.tr("common.next"));
    if (nav < 0) s.back();
    if (nav > 0 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) (void)form_next(ui);
    end_screen(ui);
}

} // namespace kiosk::ui
