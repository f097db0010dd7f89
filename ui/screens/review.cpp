// Review: the service, then every value the resident gave at body size, each with 修改 (Session::edit
// jumps to that field's screen and next() comes back here). 确认无误 is enabled only once the list has
// been scrolled to its last row (VisitState::review_seen_all): nobody confirms rows never shown; until
// then a line beside it says to scroll.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/mask.hpp"

namespace kiosk::ui {

void draw_review(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("review.title"));
    float bottom = nav_row_height(ui);
    // Until the last row has been seen, a line under the list says to scroll (the list gives it room).
    const bool seen_before = ui.visit.review_seen_all;
    const float hint_h = seen_before ? 0 : ui.fonts.small->FontSize * 2 + ui.px(0.3f);
    begin_touch_scroll(ui, "##review", ImVec2(avail.x, avail.y - bottom - ui.px(0.4f) - hint_h));
    float change_w = ui.px(6);
    float w = avail.x - change_w - ui.px(1.6f);
    if (const Service* sv = s.service()) {
        text(ui, ui.trf("review.service", {ui.text(sv->name)}), ui.fonts.bold, ui.theme.text.im(), w);
        ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    }
    std::string edit_id;
    float last_bottom = ImGui::GetCursorScreenPos().y;
    for (const FieldSpec* f : s.all_fields()) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        std::string v = s.display_value(*f);
        if (v.empty()) v = ui.tr("field.empty");
        text(ui, ui.text(f->label), ui.fonts.small, ui.theme.muted.im(), w);
        text(ui, v, ui.fonts.bold, ui.theme.text.im(), w);
        if (const ValidationError* e = s.error(f->id)) text(ui, ui.text(e->message), ui.fonts.small, ui.theme.error_text.im(), w);
        float bottom_y = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(p.x + w + ui.px(0.6f), p.y));
        if (button(ui, std::string(ui.tr("review.change")) + "##edit_" + f->id, ImVec2(change_w, ui.px(em::tap_min)),
                   ButtonKind::secondary, nullptr, {}, "edit"))
            edit_id = f->id;
        last_bottom = std::max(bottom_y, p.y + ui.px(em::tap_min));
        ImGui::SetCursorScreenPos(ImVec2(p.x, last_bottom + ui.px(0.5f)));
        ImGui::Dummy(ImVec2(1, 1));
    }
    // The last row's bottom within the list's visible part (whole pixels: a coast stops on fractions).
    if (last_bottom <= ImGui::GetWindowPos().y + ImGui::GetWindowHeight() + 1.0f) ui.visit.review_seen_all = true;
    end_touch_scroll(ui);
    const bool seen = ui.visit.review_seen_all;
    if (!seen && !seen_before) {
        ImGui::SetCursorScreenPos(ImVec2(ui.px(em::pad), ImGui::GetCursorScreenPos().y));
        text(ui, ui.tr("review.scroll_hint"), ui.fonts.small, ui.theme.muted.im(), avail.x);
    }
    int nav = nav_row(ui, true, ui.tr("review.confirm"), seen);
    if (!edit_id.empty()) { ui.visit.focus_field = edit_id; s.edit(edit_id); }
    else if (nav < 0) s.back();
    else if (nav > 0 && seen) s.next();
    end_screen(ui);
}

} // namespace kiosk::ui
