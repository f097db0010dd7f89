// Rating (好差评): five levels, optional; the countdown still returns home by itself.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_rating(Ui& ui) {
    Session& s = ui.session;
    ui.wake_in(1.0);
    ImVec2 avail = begin_screen(ui, ui.tr("rating.title"));
    float gap = ui.px(em::gap);
    float bw = (avail.x - 4 * gap) / 5;
    if (auto r = s.rating()) {
        text(ui, ui.tr("rating.thanks"), ui.fonts.title, ui.theme.ok_text.im(), avail.x);
    } else {
        for (int i = 5; i >= 1; --i) {
            if (i != 5) ImGui::SameLine(0, gap);
            if (button(ui, ui.tr("rating.level" + std::to_string(i)) + std::string("##rate") + std::to_string(i), ImVec2(bw, ui.px(5)),
                       ButtonKind::secondary, ui.fonts.title))
                s.rate(i);
        }
    }
    text(ui, ui.trf("done.countdown", {std::to_string(s.seconds_left())}), ui.fonts.body, ui.theme.muted.im(), avail.x);
    if (nav_row(ui, false, ui.tr("done.finish")) > 0) s.finish();
    end_screen(ui);
}

} // namespace kiosk::ui
