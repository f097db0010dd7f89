// Idle warning: "需要更多时间吗？" with the seconds left; a tap anywhere extends the visit. The overlay is a
// window above the screen, so the tap never reaches the button underneath.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_idle_overlay(Ui& ui) {
    ui.wake_in(1.0);
    bool more = warning_modal(ui, "##idle", ui.tr("idle.title"), ui.trf("idle.countdown", {std::to_string(ui.session.seconds_left())}),
                              ui.tr("idle.more"));
    if (more || ImGui::IsMouseReleased(0)) { ui.session.activity(); ui.keep_awake(); }
}

} // namespace kiosk::ui
