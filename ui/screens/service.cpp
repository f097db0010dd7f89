// Service detail: what it is, who may apply, materials as a checklist, fee and time. Services not done
// here say where to go instead, with a QR code of the online platform, and have no form.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_service(Ui& ui) {
    Session& s = ui.session;
    const Service* sv = s.service();
    if (!sv) { s.go_home(); return; }
    ImVec2 avail = begin_screen(ui, ui.text(sv->name));
    float bottom = nav_row_height(ui);
    float col_w = sv->on_site ? avail.x : avail.x * 0.62f;
    ImVec2 o = ImGui::GetCursorScreenPos();
    begin_touch_scroll(ui, "##service", ImVec2(col_w, avail.y - bottom - ui.px(0.4f)));
    float w = col_w - ui.px(1);
    text(ui, ui.text(sv->description), ui.fonts.body, ui.theme.text.im(), w);
    if (!sv->eligibility.empty()) text(ui, ui.tr("service.eligibility") + std::string(ui.text(sv->eligibility)), ui.fonts.body, ui.theme.muted.im(), w);
    text(ui, ui.trf("service.fee_time", {ui.text(sv->fee), ui.text(sv->processing_time)}), ui.fonts.bold, ui.theme.text.im(), w);
    if (!sv->materials.empty()) {
        ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
        text(ui, ui.tr("service.materials"), ui.fonts.bold, ui.theme.text.im(), w);
        // A checklist the resident can tick while checking their bag: taps only mark, nothing is stored.
        for (std::size_t i = 0; i < sv->materials.size(); ++i) {
            std::string key = sv->id + "#" + std::to_string(i);
            bool& on = ui.visit.checklist[key];
            std::string mark = on ? "\xE2\x9C\x93  " : "\xE2\x97\x8B  ";   // ✓ or ○
            if (button(ui, mark + ui.text(sv->materials[i]) + "##mat" + std::to_string(i), ImVec2(w, ui.px(em::tap_min)),
                       on ? ButtonKind::selected : ButtonKind::secondary, ui.fonts.body))
                on = !on;
        }
    }
    end_touch_scroll(ui);
    if (!sv->on_site) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + col_w + ui.px(1), o.y));
        ImGui::BeginGroup();
        float rw = avail.x - col_w - ui.px(1);
        text(ui, ui.tr("service.not_on_site"), ui.fonts.title, ui.theme.error_text.im(), rw);
        text(ui, ui.text(sv->elsewhere), ui.fonts.body, ui.theme.text.im(), rw);
        if (!sv->elsewhere_url.empty()) {
            float side = std::min(rw, ui.px(10));
            qr_code(ui, sv->elsewhere_url, side);
            text(ui, ui.tr("service.scan"), ui.fonts.small, ui.theme.muted.im(), rw);
        }
        ImGui::EndGroup();
    }
    int nav = nav_row(ui, true, sv->on_site ? ui.tr("service.start") : "");
    if (nav < 0) s.back();
    if (nav > 0) s.next();
    end_screen(ui);
}

} // namespace kiosk::ui
