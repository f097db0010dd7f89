// Idle warning: "需要更多时间吗？" with the seconds left, over an opaque page (the personal data on the screen
// under it stays hidden from whoever walks up), with 继续办理 and 结束办理. Any other tap also extends the
// visit. The overlay is a window above the screen, so the tap never reaches the button underneath.
// The same card asks before 首页 wipes a form under way (ask_home()).
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_idle_overlay(Ui& ui) {
    ui.wake_in(1.0);
    int tapped = choice_modal(ui, "##idle", ui.tr("idle.title"), ui.trf("idle.countdown", {std::to_string(ui.session.seconds_left())}),
                              ui.tr("idle.more"), ui.tr("idle.end"), true);
    if (tapped == 2) { ui.session.reset(); ui.keep_awake(); return; }
    if (tapped == 1 || ImGui::IsMouseReleased(0)) { ui.session.activity(); ui.keep_awake(); }
}

void draw_home_confirm(Ui& ui) {
    int tapped = choice_modal(ui, "##home_confirm", ui.tr("home_confirm.title"), ui.tr("home_confirm.body"), ui.tr("idle.more"),
                              ui.tr("home_confirm.leave"), true);
    if (tapped == 1) ui.visit.confirm_home = false;
    if (tapped == 2) { ui.visit.confirm_home = false; ui.session.go_home(); }
    if (tapped) ui.keep_awake();
}

} // namespace kiosk::ui
