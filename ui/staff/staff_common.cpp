// [SECTION] Index
//   [SECTION] In and out — entering and leaving staff mode, opening and closing a request
//   [SECTION] Words      — states, services, errors, times and days in the staff member's language
//   [SECTION] Choosers   — reason buttons, "are you sure?", label/value lines
#include "ui/staff/staff_ui.hpp"
#include "ui/widgets/keys.hpp"

#include <ctime>
#include <cstdio>

namespace kiosk::ui::staff {

void ReasonPick::clear() {
    key.clear();
    wipe(extra);
    typing = false;
}

// [SECTION] In and out

void enter_staff_mode(Ui& ui, StaffUi& st) {
    st.locale = ui.session.locale();
    // Whatever a resident left half-done is abandoned now: wipe it rather than leave it under the staff screens.
    ui.session.reset();
    ui.session.set_locale(st.locale);
    ui.staff_mode = true;
    st.pin_open = false;
    st.panel = Panel::dashboard;
    st.counts.reset();
    st.counts_at = -1e9;
    st.list = ListCache{};
    st.list.day.clear();
    st.export_day = local_day();
    st.note.clear();
    ui.keep_awake();
}

void leave_staff_mode(Ui& ui, StaffUi& st, const std::string& why) {
    close_detail(st);
    st.discard_reason.clear();
    st.dead.clear();
    st.audit.clear();
    st.list = ListCache{};
    st.confirm.clear();
    if (ui.app.staff) ui.app.staff->logout(why);
    ui.staff_mode = false;
    st.pin_open = false;
    // Back to attract, as after a resident's visit: nothing of staff mode stays on screen.
    ui.session.reset();
    ui.keep_awake();
}

void open_detail(Ui& ui, StaffUi& st, const RequestSummary& row, Panel back_to) {
    close_detail(st);
    st.detail.id = row.request_id;
    st.detail.summary = row;
    st.detail.back_to = back_to;
    st.panel = Panel::detail;
    ui.keep_awake();
}

void close_detail(StaffUi& st) {
    if (st.detail.full) wipe(st.detail.full->req);
    st.detail.full.reset();
    st.detail.answers.reset();
    st.detail.summary.reset();
    st.detail.reason.clear();
    st.detail.ask = Detail::Ask::none;
    st.detail.id.clear();
}

void say(Ui& ui, StaffUi& st, const std::string& words, bool error) {
    st.note = words;
    st.note_error = error;
    st.note_until = ui.time + 8;
    ui.keep_awake();
}

void say_status(Ui& ui, StaffUi& st, const Status& s, const std::string& ok_words) {
    if (s.ok()) say(ui, st, ok_words, false);
    else say(ui, st, error_words(ui, s.error()), true);
}

// [SECTION] Words

std::string error_words(Ui& ui, const Error& e) {
    // Known codes in the staff member's language; anything else as the core wrote it (never PII).
    static const char* kKnown[] = {"staff.reason_required", "staff.not_logged_in", "staff.not_dead_letter", "printer.none",
                                   "store.bad_state", "store.purged", "store.full", "staff.export_failed"};
    for (const char* k : kKnown)
        if (e.code == k) return ui.tr(std::string("staff.error.") + k);
    return e.message.empty() ? e.code : e.message;
}

std::string state_words(Ui& ui, RequestState s) { return ui.tr(std::string("staff.state.") + state_name(s)); }

std::string service_words(Ui& ui, const std::string& id) {
    if (const Service* s = ui.app.catalog.find_service(id)) return ui.text(s->name);
    return id;
}

std::string short_time(const std::string& t) {
    // RFC 3339 "YYYY-MM-DDTHH:MM:SS+08:00": month-day and hour:minute are enough on a list row.
    if (t.size() < 16) return t;
    return t.substr(5, 5) + " " + t.substr(11, 5);
}

std::string shift_day(const std::string& day, int days) {
    std::tm tm{};
    if (std::sscanf(day.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return local_day(days);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;   // noon: a DST change can never move the date
    tm.tm_isdst = -1;
    std::mktime(&tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

std::string local_day(int offset_days) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return offset_days == 0 ? std::string(buf) : shift_day(buf, offset_days);
}

const std::string& glyphs(Ui& ui, const std::string& s) {
    ui.fonts.need(s);
    return s;
}

// [SECTION] Choosers

std::string reason_text(Ui& ui, const ReasonPick& p) {
    std::string r = p.key.empty() ? std::string() : ui.strings.get(p.key, Locale::zh);
    if (!p.extra.empty()) r += (r.empty() ? "" : ": ") + p.extra;
    return r;
}

int reason_picker(Ui& ui, ReasonPick& pick, std::span<const char* const> keys, const std::string& question, ImVec2 size) {
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    text(ui, question, ui.fonts.bold, ui.theme.text.im(), size.x);
    float y = ImGui::GetCursorScreenPos().y + ui.px(0.3f);
    int result = 0;
    if (pick.typing) {
        // Optional words on the pinyin/Latin keyboard (a physical keyboard works too).
        ImGui::SetCursorScreenPos(ImVec2(o.x, y));
        std::string shown = pick.extra.empty() ? std::string(ui.tr("staff.reason.type_here")) : pick.extra + "|";
        text(ui, glyphs(ui, shown), ui.fonts.title, ui.theme.text.im(), size.x);
        y = ImGui::GetCursorScreenPos().y + ui.px(0.3f);
        float kb_h = std::min(ui.px(16), o.y + size.y - y - h - gap);
        ImGui::SetCursorScreenPos(ImVec2(o.x, y));
        text_keyboard(ui, pick.extra, 60, true, ImVec2(size.x, kb_h));
        ImGui::SetCursorScreenPos(ImVec2(o.x, y + kb_h + gap));
        if (button(ui, std::string(ui.tr("staff.reason.done_typing")) + "##reason_done", ImVec2(ui.px(9), h), ButtonKind::primary))
            pick.typing = false;
        return 0;
    }
    float bw = ui.px(11);
    int cols = std::max(1, static_cast<int>((size.x + gap) / (bw + gap)));
    bw = (size.x - (cols - 1) * gap) / cols;
    int i = 0;
    for (const char* k : keys) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + (i % cols) * (bw + gap), y + (i / cols) * (h + gap)));
        if (button(ui, std::string(ui.tr(k)) + "##reason_" + k, ImVec2(bw, h), pick.key == k ? ButtonKind::selected : ButtonKind::secondary))
            pick.key = k;
        ++i;
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x + (i % cols) * (bw + gap), y + (i / cols) * (h + gap)));
    std::string more = pick.extra.empty() ? std::string(ui.tr("staff.reason.add_words")) : glyphs(ui, pick.extra);
    if (button(ui, more + "##reason_words", ImVec2(bw, h), pick.extra.empty() ? ButtonKind::secondary : ButtonKind::selected))
        pick.typing = true;
    ++i;
    y += ((i + cols - 1) / cols) * (h + gap) + gap;
    bool chosen = !reason_text(ui, pick).empty();
    ImGui::SetCursorScreenPos(ImVec2(o.x, y));
    if (button(ui, std::string(ui.tr("staff.cancel")) + "##reason_cancel", ImVec2(ui.px(8), h))) result = -1;
    ImGui::SetCursorScreenPos(ImVec2(o.x + ui.px(8) + gap, y));
    ImGui::BeginDisabled(!chosen);
    if (button(ui, std::string(ui.tr("staff.reason.confirm")) + "##reason_ok", ImVec2(ui.px(10), h),
               chosen ? ButtonKind::primary : ButtonKind::secondary))
        result = 1;
    ImGui::EndDisabled();
    ImGui::SetCursorScreenPos(ImVec2(o.x, y + h + gap));
    ImGui::Dummy(ImVec2(1, 1));
    return result;
}

int discard_picker(Ui& ui, StaffUi& st, ReasonPick& pick, const RequestSummary& row, const std::string& question, ImVec2 size) {
    static constexpr const char* kReasons[] = {"staff.reason.duplicate", "staff.reason.resident_reapplied",
                                               "staff.reason.processed_paper", "staff.reason.invalid"};
    int r = reason_picker(ui, pick, kReasons, question, size);
    if (r > 0) {
        say_status(ui, st, ui.app.staff->discard_dead_letter(row.request_id, reason_text(ui, pick)),
                   ui.trf("staff.done.discard", {row.ticket}));
        st.list.invalidate();
        st.dead_at = -1e9;
        st.counts_at = -1e9;
    }
    if (r != 0) pick.clear();
    return r;
}

int confirm_box(Ui& ui, const std::string& question, const std::string& yes_label, ImVec2 size) {
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float box_h = ui.px(2.2f) + h + gap * 3;
    dl->AddRectFilled(o, ImVec2(o.x + size.x, o.y + box_h), ui.theme.warn_bg.im(), ui.px(0.4f));
    ImGui::SetCursorScreenPos(ImVec2(o.x + gap, o.y + gap));
    text(ui, question, ui.fonts.bold, ui.theme.on_warn.im(), size.x - 2 * gap);
    float y = o.y + box_h - h - gap;
    int r = 0;
    ImGui::SetCursorScreenPos(ImVec2(o.x + gap, y));
    if (button(ui, std::string(ui.tr("staff.cancel")) + "##confirm_no", ImVec2(ui.px(8), h))) r = -1;
    ImGui::SetCursorScreenPos(ImVec2(o.x + gap * 2 + ui.px(8), y));
    if (button(ui, yes_label + "##confirm_yes", ImVec2(ui.px(11), h), ButtonKind::danger)) r = 1;
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + box_h + gap));
    ImGui::Dummy(ImVec2(1, 1));
    return r;
}

void field_line(Ui& ui, const std::string& label, const std::string& value, float label_w, float width) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    text(ui, label, ui.fonts.body, ui.theme.muted.im(), label_w - ui.px(0.5f));
    float h1 = ImGui::GetCursorScreenPos().y - p.y;
    ImGui::SetCursorScreenPos(ImVec2(p.x + label_w, p.y));
    text(ui, value.empty() ? std::string("—") : glyphs(ui, value), ui.fonts.body, ui.theme.text.im(), width - label_w);
    float h2 = ImGui::GetCursorScreenPos().y - p.y;
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + std::max(h1, h2) + ui.px(0.15f)));
}

} // namespace kiosk::ui::staff
