// Form steps: one group of fields per screen ("2 / 3" shows where the resident is).
#include "ui/screens/registry.hpp"
#include "ui/widgets/field_form.hpp"

namespace kiosk::ui {

void draw_fields(Ui& ui) {
    Session& s = ui.session;
    const Service* sv = s.service();
    std::string title = sv ? ui.text(sv->name) : std::string();
    if (s.group_count() > 1)
        title += "  " + ui.trf("fields.progress", {std::to_string(s.group_index() + 1), std::to_string(s.group_count())});
    ImVec2 avail = begin_screen(ui, title);
    float bottom = nav_row_height(ui);
    field_form(ui, s.current_fields(), ImVec2(avail.x, avail.y - bottom - ui.px(0.4f)));
    int nav = nav_row(ui, true, ui.tr("common.next"));
    if (nav < 0) { s.back(); ui.visit.focus_field.clear(); }
    if (nav > 0 && form_next(ui)) ui.visit.focus_field.clear();
    end_screen(ui);
}

} // namespace kiosk::ui
