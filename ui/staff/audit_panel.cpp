// Audit panel: the newest entries of the hash-chained audit log (who did what, never personal data) and a
// button that re-checks the whole chain, as `kiosk audit verify` does, naming the first broken row.
#include "ui/staff/staff_ui.hpp"

#include <imgui_internal.h>

namespace kiosk::ui::staff {

void draw_audit_panel(Ui& ui, StaffUi& st, ImVec2 size) {
    StaffDesk& desk = *ui.app.staff;
    if (!st.audit_loaded) {
        auto r = desk.audit_tail(200);
        if (r) st.audit = std::move(r.value());
        else say(ui, st, error_words(ui, r.error()), true);
        st.audit_loaded = true;
    }
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    text(ui, ui.tr("staff.audit.title"), ui.fonts.title, ui.theme.text.im(), size.x * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(o.x + size.x - 2 * ui.px(8) - gap, o.y));
    if (button(ui, std::string(ui.tr("staff.audit.reload")) + "##audit_reload", ImVec2(ui.px(8), h))) st.audit_loaded = false;
    ImGui::SetCursorScreenPos(ImVec2(o.x + size.x - ui.px(8), o.y));
    if (button(ui, std::string(ui.tr("staff.audit.verify")) + "##audit_verify", ImVec2(ui.px(8), h), ButtonKind::primary)) {
        auto v = desk.verify_audit();
        if (v) st.verdict = v.value();
        else say(ui, st, error_words(ui, v.error()), true);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h + gap));
    if (st.verdict) {
        const AuditVerdict& v = *st.verdict;
        if (v.ok) text(ui, ui.trf("staff.audit.ok", {std::to_string(v.rows)}), ui.fonts.bold, ui.theme.ok_text.im(), size.x);
        else
            text(ui, glyphs(ui, ui.trf("staff.audit.broken", {std::to_string(v.first_broken.value_or(0)), v.why})), ui.fonts.bold,
                 ui.theme.error_text.im(), size.x);
    }
    float list_h = o.y + size.y - ImGui::GetCursorScreenPos().y;
    begin_touch_scroll(ui, "##audit_scroll", ImVec2(size.x, list_h));
    ImFont* f = ui.fonts.small;
    float row_h = f->FontSize * 1.5f;
    float w = size.x - ui.px(0.6f);
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(st.audit.size()), row_h);
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const AuditEntry& e = st.audit[static_cast<std::size_t>(i)];
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), ui.theme.card.im());
            auto put = [&](float x, float maxw, const std::string& t, unsigned col) {
                ui.fonts.need(t);
                dl->PushClipRect(ImVec2(p.x + x, p.y), ImVec2(p.x + x + maxw, p.y + row_h), true);
                dl->AddText(f, f->FontSize, ImVec2(p.x + x, p.y + row_h * 0.17f), col, t.c_str());
                dl->PopClipRect();
            };
            put(ui.px(0.3f), ui.px(3), std::to_string(e.seq), ui.theme.muted.im());
            put(ui.px(3.3f), ui.px(7.5f), short_time(e.at), ui.theme.muted.im());
            put(ui.px(10.8f), ui.px(4.5f), e.actor, ui.theme.text.im());
            put(ui.px(15.3f), ui.px(8), e.action, ui.theme.text.im());
            put(ui.px(23.3f), w - ui.px(23.3f), e.detail, ui.theme.muted.im());
            ImGui::Dummy(ImVec2(w, row_h));
        }
    }
    clip.End();
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
