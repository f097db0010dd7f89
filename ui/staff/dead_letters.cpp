// Dead letters: requests the intake refused (4xx other than the retryable ones). They are never dropped
// silently: staff see the error in words, then retry (after fixing what the error says) or discard with a
// reason (e.g. the resident re-applied). The first 200 are shown; the request list pages through the rest.
#include "ui/staff/staff_ui.hpp"

namespace kiosk::ui::staff {

namespace {

constexpr double kRefreshS = 5;

void card(Ui& ui, StaffUi& st, const RequestSummary& r, float w) {
    StaffDesk& desk = *ui.app.staff;
    float gap = ui.px(em::gap), h = ui.px(em::tap_min), bw = ui.px(7);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    float tw = w - 3 * bw - 5 * gap;
    float ty = p.y + gap;
    // Each line placed on its own: ImGui returns the cursor to the window's left edge after a line.
    auto line = [&](const std::string& s, ImFont* f, unsigned col) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + gap, ty));
        text(ui, glyphs(ui, s), f, col, tw);
        ty = ImGui::GetCursorScreenPos().y;
    };
    line(r.ticket + "  " + service_words(ui, r.service_id) + "  " + short_time(r.created_at), ui.fonts.bold, ui.theme.text.im());
    line(r.masked_name + "  " + r.masked_id + "  " + ui.trf("staff.dead.attempts", {std::to_string(r.attempts)}), ui.fonts.body,
         ui.theme.muted.im());
    line(r.last_error.empty() ? std::string("—") : r.last_error, ui.fonts.body, ui.theme.error_text.im());
    float bottom = std::max(ImGui::GetCursorScreenPos().y, p.y + gap + h) + gap;
    float x = p.x + w - 3 * bw - 3 * gap;
    float by = p.y + (bottom - p.y - h) * 0.5f;
    ImGui::PushID(r.request_id.c_str());
    ImGui::SetCursorScreenPos(ImVec2(x, by));
    if (button(ui, std::string(ui.tr("staff.detail.retry")) + "##dl_retry", ImVec2(bw, h), ButtonKind::primary)) {
        say_status(ui, st, desk.retry_now(r.request_id), ui.trf("staff.done.retry", {r.ticket}));
        ui.app.wake();
        st.dead_at = -1e9;
        st.counts_at = -1e9;
    }
    ImGui::SetCursorScreenPos(ImVec2(x + bw + gap, by));
    if (button(ui, std::string(ui.tr("staff.detail.discard")) + "##dl_discard", ImVec2(bw, h), ButtonKind::danger)) {
        st.discard_id = r.request_id;
        st.discard_reason.clear();
    }
    ImGui::SetCursorScreenPos(ImVec2(x + 2 * (bw + gap), by));
    bool open = button(ui, std::string(ui.tr("staff.dead.open")) + "##dl_open", ImVec2(bw, h));
    ImGui::PopID();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(p, ImVec2(p.x + w, bottom), ui.theme.card.im(), ui.px(0.3f));
    dl->AddRect(p, ImVec2(p.x + w, bottom), ui.theme.danger.im(0.6f), ui.px(0.3f));
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(p.x, bottom + gap));
    ImGui::Dummy(ImVec2(1, 1));
    if (open) open_detail(ui, st, r, Panel::dead_letters);
}

} // namespace

void draw_dead_letters(Ui& ui, StaffUi& st, ImVec2 size) {
    StaffDesk& desk = *ui.app.staff;
    if (ui.time - st.dead_at >= kRefreshS) {
        RequestFilter f;
        f.state = RequestState::dead_letter;
        f.limit = 200;
        auto r = desk.peek_list(f);
        if (r) st.dead = std::move(r.value());
        else say(ui, st, error_words(ui, r.error()), true);
        st.dead_at = ui.time;
    }
    ui.wake_in(st.dead_at + kRefreshS - ui.time + 0.01);

    text(ui, ui.tr("staff.dead.title"), ui.fonts.title, ui.theme.text.im(), size.x);
    text(ui, ui.tr("staff.dead.explain"), ui.fonts.body, ui.theme.muted.im(), size.x);
    ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    if (!st.discard_id.empty()) {
        const RequestSummary* r = nullptr;
        for (const auto& d : st.dead) if (d.request_id == st.discard_id) r = &d;
        if (!r) { st.discard_id.clear(); return; }
        if (discard_picker(ui, st, st.discard_reason, *r, ui.trf("staff.dead.why_discard", {r->ticket}), ImGui::GetContentRegionAvail()) != 0)
            st.discard_id.clear();
        return;
    }
    if (st.dead.empty()) {
        text(ui, ui.tr("staff.dead.none"), ui.fonts.bold, ui.theme.ok_text.im(), size.x);
        return;
    }
    begin_touch_scroll(ui, "##dead_scroll", ImGui::GetContentRegionAvail());
    std::vector<RequestSummary> rows = st.dead;   // actions below may refresh st.dead
    for (const auto& r : rows) {
        card(ui, st, r, size.x - ui.px(0.6f));
        if (st.panel != Panel::dead_letters || !st.discard_id.empty()) break;
    }
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
