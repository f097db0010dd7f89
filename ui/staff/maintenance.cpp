// Maintenance: export a day's summary (no personal data) into the data dir's exports/ folder, purge
// personal data past its retention now (instead of waiting for the nightly housekeeping), and close the
// kiosk — the only way to end the application, hence behind staff mode and a confirmation.
#include "ui/staff/staff_ui.hpp"

namespace kiosk::ui::staff {

void draw_maintenance(Ui& ui, StaffUi& st, ImVec2 size) {
    StaffDesk& desk = *ui.app.staff;
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    if (st.export_day.empty()) st.export_day = local_day();
    // The whole panel scrolls when it does not fit (elderly mode on a small screen).
    begin_touch_scroll(ui, "##maint_scroll", size);
    size.x -= ui.px(0.6f);

    // Export
    text(ui, ui.tr("staff.maint.export_title"), ui.fonts.title, ui.theme.text.im(), size.x);
    text(ui, ui.tr("staff.maint.export_explain"), ui.fonts.body, ui.theme.muted.im(), size.x);
    ImVec2 o = ImGui::GetCursorScreenPos();
    float aw = ui.px(2.6f), dw = ui.px(7.5f);
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + gap));
    if (button(ui, "<##exp_prev", ImVec2(aw, h))) st.export_day = shift_day(st.export_day, -1);
    ImGui::SetCursorScreenPos(ImVec2(o.x + aw + gap, o.y + gap));
    button(ui, st.export_day + "##exp_day", ImVec2(dw, h), ButtonKind::selected, ui.fonts.small);
    ImGui::SetCursorScreenPos(ImVec2(o.x + aw + dw + 2 * gap, o.y + gap));
    if (button(ui, ">##exp_next", ImVec2(aw, h))) st.export_day = shift_day(st.export_day, 1);
    ImGui::SetCursorScreenPos(ImVec2(o.x + 2 * aw + dw + 4 * gap, o.y + gap));
    if (button(ui, std::string(ui.tr("staff.maint.export")) + "##export", ImVec2(ui.px(10), h), ButtonKind::primary)) {
        auto dir = ui.app.config.kiosk.data_dir / "exports";
        auto p = desk.export_day_summary(st.export_day, dir);
        if (p) say(ui, st, ui.trf("staff.done.export", {p->string()}), false);
        else say(ui, st, error_words(ui, p.error()), true);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h + 3 * gap));

    // Purge
    text(ui, ui.tr("staff.maint.purge_title"), ui.fonts.title, ui.theme.text.im(), size.x);
    text(ui, ui.trf("staff.maint.purge_explain", {std::to_string(ui.app.config.privacy.retention_days)}), ui.fonts.body,
         ui.theme.muted.im(), size.x);
    ImGui::Dummy(ImVec2(1, gap));
    if (st.confirm == "purge") {
        int a = confirm_box(ui, ui.tr("staff.maint.purge_confirm"), ui.tr("staff.maint.purge"), ImVec2(size.x, 0));
        if (a > 0) {
            auto n = desk.purge_now();
            if (n) say(ui, st, ui.trf("staff.done.purge", {std::to_string(n.value())}), false);
            else say(ui, st, error_words(ui, n.error()), true);
            st.counts_at = -1e9;
        }
        if (a != 0) st.confirm.clear();
    } else if (button(ui, std::string(ui.tr("staff.maint.purge")) + "##purge", ImVec2(ui.px(12), h))) {
        st.confirm = "purge";
    }
    ImGui::Dummy(ImVec2(1, 2 * gap));

    // Close the kiosk
    text(ui, ui.tr("staff.maint.close_title"), ui.fonts.title, ui.theme.text.im(), size.x);
    text(ui, ui.tr("staff.maint.close_explain"), ui.fonts.body, ui.theme.muted.im(), size.x);
    ImGui::Dummy(ImVec2(1, gap));
    if (st.confirm == "close") {
        int a = confirm_box(ui, ui.tr("staff.maint.close_confirm"), ui.tr("staff.maint.close"), ImVec2(size.x, 0));
        if (a > 0) {
            Status s = desk.allow_close();
            if (s) {
                ui.app.quit_requested = true;   // the runner ends its loop when it sees this
                ui.app.wake();
            } else {
                say(ui, st, error_words(ui, s.error()), true);
            }
        }
        if (a != 0) st.confirm.clear();
    } else if (button(ui, std::string(ui.tr("staff.maint.close")) + "##close_kiosk", ImVec2(ui.px(12), h), ButtonKind::danger)) {
        st.confirm = "close";
    }
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
