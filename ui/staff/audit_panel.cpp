// Audit panel: the newest entries of the hash-chained audit log (who did what, never personal data) and a
// button that re-checks the whole chain, as `kiosk audit verify` does, naming the first broken row. Rows
// read as staff speak: local time, the officer's name, the action in words, the request's ticket.
#include "ui/staff/staff_ui.hpp"

#include <imgui_internal.h>

namespace kiosk::ui::staff {

namespace {
// "2026-12-02T09:30:05+08:00" (the kiosk's local time, as stored) → "12-02 09:30:05".
std::string audit_time(const std::string& at) {
    if (at.size() < 19) return at;
    return at.substr(5, 5) + " " + at.substr(11, 8);
}
} // namespace

void draw_audit_panel(Ui& ui, StaffUi& st, ImVec2 size) {
    StaffDesk& desk = *ui.app.staff;
    if (!st.audit_loaded) {
        auto r = desk.audit_lines(200);
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
    ImFont* f = ui.fonts.small;
    float row_h = f->FontSize * 1.5f;
    float w = size.x - ui.px(0.6f);
    // Columns as shares of the width (the panel is narrower in portrait and in elderly mode).
    const float cx[] = {0.005f, 0.15f, 0.27f, 0.43f, 0.51f}, cw[] = {0.14f, 0.11f, 0.15f, 0.07f, 0.49f};
    auto put_at = [&](ImDrawList* dl, ImVec2 p, ImFont* font, int col, const std::string& t, unsigned color) {
        ui.fonts.need(t);
        float x = p.x + cx[col] * w, mw = cw[col] * w;
        dl->PushClipRect(ImVec2(x, p.y), ImVec2(x + mw, p.y + row_h), true);
        dl->AddText(font, font->FontSize, ImVec2(x, p.y + row_h * 0.17f), color, t.c_str());
        dl->PopClipRect();
    };
    {
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const char* heads[] = {"staff.audit.col.time", "staff.audit.col.actor", "staff.audit.col.action",
                               "staff.audit.col.ticket", "staff.audit.col.detail"};
        for (int c = 0; c < 5; ++c) put_at(dl, p, ui.fonts.bold, c, ui.tr(heads[c]), ui.theme.text.im());
        ImGui::Dummy(ImVec2(w, row_h));
    }
    float list_h = o.y + size.y - ImGui::GetCursorScreenPos().y;
    begin_touch_scroll(ui, "##audit_scroll", ImVec2(size.x, list_h));
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(st.audit.size()), row_h);
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const AuditLine& line = st.audit[static_cast<std::size_t>(i)];
            const AuditEntry& e = line.entry;
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            if (i % 2) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), ui.theme.card.im());
            const std::string key = "staff.audit.action." + e.action;
            const std::string action = ui.strings.has(key, ui.locale()) ? ui.tr(key.c_str()) : e.action;
            put_at(dl, p, f, 0, audit_time(e.at), ui.theme.muted.im());
            put_at(dl, p, f, 1, line.actor_name, ui.theme.text.im());
            put_at(dl, p, f, 2, action, ui.theme.text.im());
            put_at(dl, p, f, 3, line.ticket, ui.theme.text.im());
            put_at(dl, p, f, 4, e.detail, ui.theme.muted.im());
            ImGui::Dummy(ImVec2(w, row_h));
        }
    }
    clip.End();
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
