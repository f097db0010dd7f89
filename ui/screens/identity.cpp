// Identity: name (pinyin keyboard), document type (big buttons), number (keypad with live checksum),
// mobile phone (keypad). Validation messages come from the core, one per error code.
#include "ui/screens/registry.hpp"
#include "ui/widgets/field_form.hpp"

namespace kiosk::ui {

void draw_identity(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("identity.title"));
    field_form(ui, s.current_fields(), avail);
    int nav = form_nav(ui, ui.tr("common.next"));
    if (nav < 0) s.back();
    if (nav > 0 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) (void)form_next(ui);
    end_screen(ui);
}

} // namespace kiosk::ui
