// Consent (PIPL 个人信息保护法): purpose, what is collected, who receives it, how long it is kept, the
// resident's rights; an explicit tick, and a separate tick where sensitive personal information is asked.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_consent(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("consent.title"));
    float bottom = nav_row_height(ui);
    bool sensitive = s.needs_sensitive_consent();
    float ticks_h = ui.px(em::tap_min + 0.6f) * (sensitive ? 2 : 1) + (s.submit_error() ? ui.px(2) : 0);
    begin_touch_scroll(ui, "##notice", ImVec2(avail.x, avail.y - bottom - ticks_h - ui.px(0.8f)));
    float w = avail.x - ui.px(1);
    std::string days = std::to_string(ui.app.config.privacy.retention_days);
    for (const char* k : {"consent.purpose", "consent.collected", "consent.recipients", "consent.retention", "consent.rights"}) {
        text(ui, ui.tr(std::string(k) + ".h"), ui.fonts.bold, ui.theme.text.im(), w);
        text(ui, ui.trf(std::string(k) + ".b", {ui.text(ui.app.config.station.name), days, ui.app.config.station.hotline}), ui.fonts.body, ui.theme.text.im(), w);
        ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    }
    text(ui, ui.trf("consent.version", {s.notice_version()}), ui.fonts.small, ui.theme.muted.im(), w);
    end_touch_scroll(ui);

    auto tick = [&](const char* key, bool on) {
        std::string mark = on ? "\xE2\x9C\x93  " : "\xE2\x97\x8B  ";
        return button(ui, mark + ui.tr(key) + "##" + key, ImVec2(avail.x, ui.px(em::tap_min + 0.2f)),
                      on ? ButtonKind::selected : ButtonKind::secondary, ui.fonts.bold);
    };
    if (tick("consent.agree", s.consent())) s.set_consent(!s.consent());
    if (sensitive && tick("consent.agree_sensitive", s.sensitive_consent())) s.set_sensitive_consent(!s.sensitive_consent());
    if (s.submit_error()) text(ui, ui.tr("consent.submit_failed"), ui.fonts.bold, ui.theme.error_text.im(), w);

    bool ready = s.consent() && (!sensitive || s.sensitive_consent());
    int nav = nav_row(ui, true, ui.tr("consent.submit"), ready);
    if (nav < 0) s.back();
    if (nav > 0 && !s.next() && s.submit_error()) ui.app.call_staff("submit failed");
    end_screen(ui);
}

} // namespace kiosk::ui
