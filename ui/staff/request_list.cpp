// [SECTION] Index
//   [SECTION] Cache   — pages of 100 rows fetched as they scroll into view, re-read every few seconds
//   [SECTION] Filters — state buttons, service chooser, day stepper, search box
//   [SECTION] Rows    — ImGuiListClipper inside the touch scroller: only visible rows are laid out
// Applicant data is masked here (the store masks it before it leaves the core); a tap opens the detail.
#include "ui/staff/staff_ui.hpp"
#include "ui/widgets/keys.hpp"

#include <imgui_internal.h>

#include <cfloat>

namespace kiosk::ui::staff {

namespace {

constexpr double kRefreshS = 5;

// [SECTION] Cache
const std::vector<RequestSummary>* page(Ui& ui, StaffUi& st, int p) {
    ListCache& c = st.list;
    if (auto it = c.pages.find(p); it != c.pages.end()) return &it->second;
    RequestFilter f;
    f.state = c.state;
    f.service_id = c.service_id;
    f.day = c.day;
    f.query = c.query;
    f.limit = ListCache::kPage;
    f.offset = p * ListCache::kPage;
    auto r = ui.app.staff->peek_list(f);   // scrolling is activity already: the touch itself counted
    if (!r) {
        c.error = error_words(ui, r.error());
        c.end_reached = true;
        return nullptr;
    }
    c.error.clear();
    auto& rows = c.pages[p] = std::move(r.value());
    int n = static_cast<int>(rows.size());
    if (n < ListCache::kPage) {
        c.end_reached = true;
        c.known = p * ListCache::kPage + n;
    } else if (c.known < (p + 1) * ListCache::kPage) {
        c.known = (p + 1) * ListCache::kPage;
    }
    return &rows;
}

const RequestSummary* row(Ui& ui, StaffUi& st, int i) {
    const auto* rows = page(ui, st, i / ListCache::kPage);
    int k = i % ListCache::kPage;
    if (!rows || k >= static_cast<int>(rows->size())) return nullptr;
    return &(*rows)[static_cast<std::size_t>(k)];
}

// [SECTION] Filters
void state_buttons(Ui& ui, StaffUi& st, float w) {
    static const std::optional<RequestState> kStates[] = {
        std::nullopt, RequestState::queued, RequestState::sending, RequestState::retry_wait, RequestState::dead_letter,
        RequestState::uploaded, RequestState::cleared, RequestState::purged};
    constexpr int n = static_cast<int>(std::size(kStates));
    float gap = ui.px(0.3f), bw = (w - (n - 1) * gap) / n, h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    for (int i = 0; i < n; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + i * (bw + gap), o.y));
        const auto& s = kStates[i];
        std::string label = s ? state_words(ui, *s) : std::string(ui.tr("staff.list.all_states"));
        std::string id = std::string("##filter_") + (s ? state_name(*s) : "all");
        if (button(ui, label + id, ImVec2(bw, h), st.list.state == s ? ButtonKind::selected : ButtonKind::secondary, ui.fonts.small)) {
            st.list.state = s;
            st.list.invalidate();
            st.list.known = 0;
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h + gap));
}

void service_and_day(Ui& ui, StaffUi& st, float w) {
    ListCache& c = st.list;
    float gap = ui.px(0.3f), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    auto refilter = [&] { c.invalidate(); c.known = 0; };
    // Shares of the row rather than em widths: the row must fit at 1280 px in elderly mode too.
    float u = (w - 6 * gap) / 100;
    float sw = 34 * u, aw = 7 * u, dw = 19 * u, tw = 16.5f * u;
    std::string svc = c.service_id.empty() ? std::string(ui.tr("staff.list.all_services")) : service_words(ui, c.service_id);
    if (button(ui, svc + "##filter_service", ImVec2(sw, h), c.service_id.empty() ? ButtonKind::secondary : ButtonKind::selected, ui.fonts.small))
        c.choosing_service = true;
    float x = o.x + sw + gap * 2;
    auto at = [&](float ww) { ImGui::SetCursorScreenPos(ImVec2(x, o.y)); x += ww + gap; };
    std::string day = c.day.empty() ? std::string(ui.tr("staff.list.day")) : c.day;
    at(aw);
    if (button(ui, "<##day_prev", ImVec2(aw, h))) { c.day = shift_day(c.day.empty() ? local_day() : c.day, -1); refilter(); }
    at(dw);
    if (button(ui, day + "##day_shown", ImVec2(dw, h), c.day.empty() ? ButtonKind::secondary : ButtonKind::selected, ui.fonts.small)) {}
    at(aw);
    if (button(ui, ">##day_next", ImVec2(aw, h))) { c.day = shift_day(c.day.empty() ? local_day() : c.day, 1); refilter(); }
    at(tw);
    if (button(ui, std::string(ui.tr("staff.list.today")) + "##day_today", ImVec2(tw, h), ButtonKind::secondary, ui.fonts.small)) { c.day = local_day(); refilter(); }
    at(tw);
    if (button(ui, std::string(ui.tr("staff.list.any_day")) + "##day_any", ImVec2(tw, h), ButtonKind::secondary, ui.fonts.small)) { c.day.clear(); refilter(); }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h + gap));
}

// The search row: what is being searched for (or how to start), and a way back to the whole list.
void search_row(Ui& ui, StaffUi& st, float w) {
    ListCache& c = st.list;
    float gap = ui.px(0.3f), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    float cw = c.query.empty() ? 0 : ui.px(8);
    std::string label = c.query.empty() ? std::string(ui.tr("staff.list.search")) : ui.trf("staff.list.search_for", {c.query});
    if (button(ui, glyphs(ui, label) + "##search_open", ImVec2(w - (cw > 0 ? cw + gap : 0), h),
               c.query.empty() ? ButtonKind::secondary : ButtonKind::selected, ui.fonts.small)) {
        c.typing = c.query;
        c.searching = true;
    }
    if (cw > 0) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + w - cw, o.y));
        if (button(ui, std::string(ui.tr("staff.list.search_clear")) + "##search_clear", ImVec2(cw, h), ButtonKind::secondary, ui.fonts.small)) {
            wipe(c.query);
            c.query.clear();
            c.invalidate();
            c.known = 0;
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h + gap));
}

// The search box's keyboard replaces the list while open: pinyin for names, digits and letters for tickets.
void search_panel(Ui& ui, StaffUi& st, ImVec2 size) {
    ListCache& c = st.list;
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    text(ui, ui.tr("staff.list.search_hint"), ui.fonts.bold, ui.theme.text.im(), size.x);
    text(ui, glyphs(ui, c.typing + "|"), ui.fonts.title, ui.theme.text.im(), size.x);
    float y = ImGui::GetCursorScreenPos().y + ui.px(0.3f);
    float kb_h = std::min(ui.px(16), o.y + size.y - y - h - gap);
    ImGui::SetCursorScreenPos(ImVec2(o.x, y));
    text_keyboard(ui, c.typing, 20, true, ImVec2(size.x, kb_h));
    ImGui::SetCursorScreenPos(ImVec2(o.x, y + kb_h + gap));
    auto close = [&] {
        wipe(c.typing);
        c.typing.clear();
        c.searching = false;
    };
    if (button(ui, std::string(ui.tr("staff.cancel")) + "##search_cancel", ImVec2(ui.px(8), h))) close();
    ImGui::SetCursorScreenPos(ImVec2(o.x + ui.px(8) + gap, y + kb_h + gap));
    if (button(ui, std::string(ui.tr("staff.list.search_go")) + "##search_go", ImVec2(ui.px(10), h), ButtonKind::primary)) {
        wipe(c.query);
        c.query = c.typing;
        if (!c.query.empty()) (void)ui.app.staff->note_search(c.query);
        c.invalidate();
        c.known = 0;
        close();
    }
}

// The service chooser replaces the list while open: every service in the catalog, drag to scroll.
void service_chooser(Ui& ui, StaffUi& st, ImVec2 size) {
    float h = ui.px(em::tap_min), gap = ui.px(0.3f);
    if (button(ui, std::string(ui.tr("staff.list.all_services")) + "##svc_any", ImVec2(size.x, h), ButtonKind::primary)) {
        st.list.service_id.clear();
        st.list.choosing_service = false;
        st.list.invalidate();
        st.list.known = 0;
    }
    ImGui::Dummy(ImVec2(1, gap));
    begin_touch_scroll(ui, "##svc_scroll", ImVec2(size.x, ImGui::GetContentRegionAvail().y));
    for (const auto& s : ui.app.catalog.services) {
        if (!s.on_site) continue;
        if (button(ui, ui.text(s.name) + "##svc_" + s.id, ImVec2(size.x - ui.px(0.6f), h), ButtonKind::secondary, ui.fonts.body)) {
            st.list.service_id = s.id;
            st.list.choosing_service = false;
            st.list.invalidate();
            st.list.known = 0;
        }
    }
    end_touch_scroll(ui);
}

// [SECTION] Rows
void draw_row(Ui& ui, StaffUi& st, const RequestSummary& r, int i, float w, float h) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(i);
    // InvisibleButton: the touch scroller clears the active id once a drag starts, so a drag never opens a row.
    bool tapped = ImGui::InvisibleButton("##row", ImVec2(w, h - ui.px(0.15f)));
    bool held = ImGui::IsItemActive();
    ImGui::PopID();
    register_target(ui, r.ticket, p, ImVec2(p.x + w, p.y + h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h - ui.px(0.15f)), held ? ui.theme.secondary_down.im() : ui.theme.card.im(), ui.px(0.3f));
    ImFont* b = ui.fonts.bold;
    ImFont* f = ui.fonts.body;
    ImFont* s = ui.fonts.small;
    float ty = p.y + (h - ui.px(0.15f) - f->FontSize) * 0.5f;
    auto put = [&](ImFont* font, float x, const std::string& t, unsigned col, float maxw) {
        ui.fonts.need(t);
        dl->PushClipRect(ImVec2(x, p.y), ImVec2(x + maxw, p.y + h), true);
        dl->AddText(font, font->FontSize, ImVec2(x, ty + (f->FontSize - font->FontSize) * 0.5f), col, t.c_str());
        dl->PopClipRect();
    };
    float x = p.x + ui.px(0.6f);
    put(b, x, r.ticket, ui.theme.text.im(), ui.px(3.5f));
    put(s, x + ui.px(3.6f), short_time(r.created_at), ui.theme.muted.im(), ui.px(5.5f));
    float rest = w - ui.px(10.2f);
    put(f, x + ui.px(9.4f), service_words(ui, r.service_id), ui.theme.text.im(), rest * 0.36f);
    std::string who = r.masked_name + "  " + r.masked_id;
    put(f, x + ui.px(9.6f) + rest * 0.37f, who, ui.theme.text.im(), rest * 0.43f);
    unsigned sc = r.state == RequestState::dead_letter ? ui.theme.error_text.im()
                                                       : r.state == RequestState::uploaded || r.state == RequestState::cleared ? ui.theme.ok_text.im()
                                                                                                                             : ui.theme.muted.im();
    put(b, x + ui.px(9.6f) + rest * 0.81f, state_words(ui, r.state), sc, rest * 0.19f);
    if (tapped) open_detail(ui, st, r, Panel::requests);
}

} // namespace

void draw_request_list(Ui& ui, StaffUi& st, ImVec2 size) {
    ListCache& c = st.list;
    if (c.choosing_service) { service_chooser(ui, st, size); return; }
    if (c.searching) { search_panel(ui, st, size); return; }
    if (ui.time - c.fetched_at >= kRefreshS && ui.time - c.scrolled_at > 1.0) {
        // Re-read lazily: only the pages on screen are fetched again, this frame. Never mid-scroll: a fetch
        // then would be a visible hitch in the drag.
        c.pages.clear();
        c.end_reached = false;
        c.fetched_at = ui.time;
    }
    ui.wake_in(c.fetched_at + kRefreshS - ui.time + 0.01);

    state_buttons(ui, st, size.x);
    service_and_day(ui, st, size.x);
    search_row(ui, st, size.x);
    float list_h = ImGui::GetContentRegionAvail().y;
    float row_h = ui.px(2.4f);
    begin_touch_scroll(ui, "##req_scroll", ImVec2(size.x, list_h));
    if (float y = ImGui::GetScrollY(); y != c.scroll_y) { c.scroll_y = y; c.scrolled_at = ui.time; }
    float w = size.x - ui.px(0.6f);
    if (c.known == 0 && !c.end_reached) page(ui, st, 0);   // the first page decides whether there is anything
    if (c.end_reached && c.known == 0) {
        text(ui, c.error.empty() ? std::string(ui.tr("staff.list.empty")) : c.error, ui.fonts.body, ui.theme.muted.im(), w);
    } else {
        ImGuiListClipper clip;
        clip.Begin(c.rows_shown(), row_h);
        while (clip.Step()) {
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const RequestSummary* r = i < c.known || !c.end_reached ? row(ui, st, i) : nullptr;
                if (r) {
                    draw_row(ui, st, *r, i, w, row_h);
                } else {
                    // The "more" row: reaching it fetched the next page above; shown only until it arrives.
                    ImGui::Dummy(ImVec2(w, row_h));
                    ui.keep_awake(2);
                }
            }
        }
        clip.End();
    }
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
