// Review: every value the resident gave, each with "change" (Session::edit jumps to its screen and
// next() comes back here).
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/mask.hpp"

namespace kiosk::ui {

void draw_review(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("review.title"));
    float bottom = nav_row_height(ui);
    begin_touch_scroll(ui, "##review", ImVec2(avail.x, avail.y - bottom - ui.px(0.4f)));
    float change_w = ui.px(6);
    float w = avail.x - change_w - ui.px(1.6f);
    std::string edit_id;
    for (const FieldSpec* f : s.all_fields()) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        std::string v = s.display_value(*f);
        if (v.empty()) v = ui.tr("field.empty");
        text(ui, ui.text(f->label), ui.fonts.small, ui.theme.muted.im(), w);
        text(ui, v, ui.fonts.bold, ui.theme.text.im(), w);
        if (const ValidationError* e = s.error(f->id)) text(ui, ui.text(e->message), ui.fonts.small, ui.theme.error_text.im(), w);
        float bottom_y = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(p.x + w + ui.px(0.6f), p.y));
        if (button(ui, std::string(ui.tr("review.change")) + "##edit_" + f->id, ImVec2(change_w, ui.px(em::tap_min)))) edit_id = f->id;
        ImGui::SetCursorScreenPos(ImVec2(p.x, std::max(bottom_y, p.y + ui.px(em::tap_min)) + ui.px(0.5f)));
        ImGui::Dummy(ImVec2(1, 1));
    }
    end_touch_scroll(ui);
    int nav = nav_row(ui, true, ui.tr("review.confirm"));
    if (!edit_id.empty()) { ui.visit.focus_field = edit_id; s.edit(edit_id); }
    else if (nav < 0) s.back();
    else if (nav > 0) s.next();
    end_screen(ui);
}

} // namespace kiosk::ui
