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
    field_form(ui, s.current_fields(), avail);
    int nav = form_nav(ui, ui.tr("common.next"));
    if (nav < 0) { s.back(); ui.visit.focus_field.clear(); }
    if (nav > 0 && form_next(ui)) ui.visit.focus_field.clear();
    end_screen(ui);
}

} // namespace kiosk::ui
