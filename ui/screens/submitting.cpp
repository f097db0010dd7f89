// Submitting: shown while the store commits (milliseconds; the session submits synchronously).
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_submitting(Ui& ui) {
    begin_screen(ui, ui.tr("submitting.title"));
    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), ui.height * 0.4f));
    text_centered(ui, ui.tr("submitting.body"), ui.fonts.title, ui.theme.text.im(), ui.width - ui.px(4));
    ui.keep_awake(2);
    end_screen(ui);
}

} // namespace kiosk::ui
