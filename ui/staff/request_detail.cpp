// Request detail: masked by default. "Show full data" asks for a reason first; StaffDesk::unmask records
// it in the audit log before it returns the data, and the data is wiped again when the detail closes (or
// staff mode ends). Actions: clear with a reason, reprint, retry the upload, discard a dead letter.
#include "ui/staff/staff_ui.hpp"

namespace kiosk::ui::staff {

namespace {

constexpr const char* kUnmaskReasons[] = {"staff.reason.verify_identity", "staff.reason.resident_asked",
                                          "staff.reason.correct_error", "staff.reason.contact_resident"};
constexpr const char* kClearReasons[] = {"staff.reason.processed", "staff.reason.processed_paper",
                                         "staff.reason.duplicate", "staff.reason.withdrawn"};

// After an action the row's state changed: re-read that one row (a point lookup, not the day's list).
void refresh_summary(Ui& ui, StaffUi& st) {
    st.list.invalidate();
    st.counts_at = -1e9;
    st.dead_at = -1e9;
    auto r = ui.app.staff->peek_summary(st.detail.id);
    if (r) st.detail.summary = std::move(r.value());
}

// A stored choice value ("employment") in words, from the field's choices in the catalog.
std::string choice_words(Ui& ui, const FieldSpec* fs, const std::string& v) {
    if (fs)
        for (const auto& c : fs->choices)
            if (c.value == v) return ui.text(c.label);
    return v;
}

void full_data(Ui& ui, const StoredRequest& r, float lw, float w) {
    const Applicant& a = r.req.applicant;
    field_line(ui, ui.tr("staff.detail.name"), a.name, lw, w);
    field_line(ui, ui.tr("staff.detail.id_type"), choice_words(ui, ui.session.field(Session::kIdType), a.id_type), lw, w);
    field_line(ui, ui.tr("staff.detail.id_number"), a.id_number, lw, w);
    field_line(ui, ui.tr("staff.detail.phone"), a.phone, lw, w);
    const Service* svc = ui.app.catalog.find_service(r.req.service_id);
    for (const auto& [id, v] : r.req.fields) {
        const FieldSpec* spec = nullptr;
        if (svc)
            for (const auto& fs : svc->form)
                if (fs.id == id) spec = &fs;
        field_line(ui, spec ? ui.text(spec->label) : id, choice_words(ui, spec, v), lw, w);
    }
    field_line(ui, ui.tr("staff.detail.consent"), r.req.consent.notice_version + " · " + r.req.consent.accepted_at, lw, w);
}

void actions(Ui& ui, StaffUi& st, const RequestSummary& s, float w) {
    Detail& d = st.detail;
    StaffDesk& desk = *ui.app.staff;
    float gap = ui.px(em::gap), h = ui.px(em::tap_min);
    float bw = (w - 2 * gap) / 3;
    ImVec2 o = ImGui::GetCursorScreenPos();
    int i = 0;
    auto at = [&] { ImGui::SetCursorScreenPos(ImVec2(o.x + (i % 3) * (bw + gap), o.y + (i / 3) * (h + gap))); ++i; };
    bool purged = s.state == RequestState::purged;
    at();
    if (!d.full) {
        ImGui::BeginDisabled(purged);
        if (button(ui, std::string(ui.tr("staff.detail.show_full")) + "##show_full", ImVec2(bw, h))) { d.ask = Detail::Ask::unmask; d.reason.clear(); }
        ImGui::EndDisabled();
    } else if (button(ui, std::string(ui.tr("staff.detail.hide_full")) + "##hide_full", ImVec2(bw, h), ButtonKind::selected)) {
        Panel back = d.back_to;
        RequestSummary keep = s;
        open_detail(ui, st, keep, back);   // closes (wipes) and reopens masked
        return;
    }
    bool clearable = s.state != RequestState::cleared && s.state != RequestState::purged && s.state != RequestState::sending;
    at();
    ImGui::BeginDisabled(!clearable);
    if (button(ui, std::string(ui.tr("staff.detail.clear")) + "##clear", ImVec2(bw, h), clearable ? ButtonKind::primary : ButtonKind::secondary)) {
        d.ask = Detail::Ask::clear;
        d.reason.clear();
    }
    ImGui::EndDisabled();
    at();
    ImGui::BeginDisabled(purged);
    if (button(ui, std::string(ui.tr("staff.detail.reprint")) + "##reprint", ImVec2(bw, h), ButtonKind::secondary, nullptr, {}, "print"))
        say_status(ui, st, desk.reprint(d.id), ui.trf("staff.done.reprint", {s.ticket}));
    ImGui::EndDisabled();
    bool retryable = s.state == RequestState::retry_wait || s.state == RequestState::dead_letter || s.state == RequestState::queued;
    if (retryable) {
        at();
        if (button(ui, std::string(ui.tr("staff.detail.retry")) + "##retry", ImVec2(bw, h))) {
            say_status(ui, st, desk.retry_now(d.id), ui.trf("staff.done.retry", {s.ticket}));
            ui.app.wake();
            refresh_summary(ui, st);
        }
    }
    if (s.state == RequestState::dead_letter) {
        at();
        if (button(ui, std::string(ui.tr("staff.detail.discard")) + "##discard", ImVec2(bw, h), ButtonKind::danger)) {
            d.ask = Detail::Ask::discard;
            d.reason.clear();
        }
    }
    at();
    if (button(ui, std::string(ui.tr("staff.detail.back")) + "##detail_back", ImVec2(bw, h))) {
        Panel back = d.back_to;
        close_detail(st);
        st.panel = back;
        return;
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + ((i + 2) / 3) * (h + gap)));
}

void ask_reason(Ui& ui, StaffUi& st, ImVec2 size) {
    Detail& d = st.detail;
    StaffDesk& desk = *ui.app.staff;
    const RequestSummary& s = *d.summary;
    int r = 0;
    if (d.ask == Detail::Ask::unmask) {
        r = reason_picker(ui, d.reason, kUnmaskReasons, ui.tr("staff.detail.why_unmask"), size);
        if (r > 0) {
            auto full = desk.unmask(d.id, reason_text(ui, d.reason));
            if (full) d.full = std::move(full.value());
            else say(ui, st, error_words(ui, full.error()), true);
        }
    } else if (d.ask == Detail::Ask::clear) {
        r = reason_picker(ui, d.reason, kClearReasons, ui.tr("staff.detail.why_clear"), size);
        if (r > 0) {
            say_status(ui, st, desk.clear(d.id, reason_text(ui, d.reason)), ui.trf("staff.done.clear", {s.ticket}));
            refresh_summary(ui, st);
        }
    } else {
        r = discard_picker(ui, st, d.reason, s, ui.tr("staff.detail.why_discard"), size);
        if (r > 0) refresh_summary(ui, st);
    }
    if (r != 0) { d.ask = Detail::Ask::none; d.reason.clear(); }
}

} // namespace

void draw_request_detail(Ui& ui, StaffUi& st, ImVec2 size) {
    Detail& d = st.detail;
    if (!d.summary) { st.panel = d.back_to; return; }
    const RequestSummary s = *d.summary;   // a copy: actions below may refresh it
    ImVec2 o = ImGui::GetCursorScreenPos();
    text(ui, glyphs(ui, s.ticket + "  " + service_words(ui, s.service_id)), ui.fonts.title, ui.theme.text.im(), size.x);
    text(ui, state_words(ui, s.state), ui.fonts.bold,
         s.state == RequestState::dead_letter ? ui.theme.error_text.im() : ui.theme.muted.im(), size.x);
    ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    if (d.ask != Detail::Ask::none) {
        ask_reason(ui, st, ImVec2(size.x, o.y + size.y - ImGui::GetCursorScreenPos().y));
        return;
    }
    actions(ui, st, s, size.x);
    if (st.panel != Panel::detail || !d.summary) return;
    ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    float h = o.y + size.y - ImGui::GetCursorScreenPos().y;
    begin_touch_scroll(ui, "##detail_scroll", ImVec2(size.x, h));
    float lw = ui.px(8), w = size.x - ui.px(1);
    if (d.full) {
        text(ui, ui.tr("staff.detail.full_note"), ui.fonts.bold, ui.theme.error_text.im(), w);
        full_data(ui, *d.full, lw, w);
    } else {
        field_line(ui, ui.tr("staff.detail.name"), s.masked_name, lw, w);
        field_line(ui, ui.tr("staff.detail.id_number"), s.masked_id, lw, w);
        field_line(ui, ui.tr("staff.detail.phone"), s.masked_phone, lw, w);
        // Visit date, slot, purpose …: what staff need to act on, readable without unmasking.
        if (!d.answers && s.state != RequestState::purged) {
            auto a = ui.app.staff->answers(d.id, ui.app.catalog, ui.locale());
            d.answers = a ? std::move(a.value()) : std::vector<std::string>{};
        }
        if (d.answers && !d.answers->empty()) {
            ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
            text(ui, ui.tr("staff.detail.answers"), ui.fonts.bold, ui.theme.muted.im(), w);
            for (const auto& line : *d.answers) text(ui, glyphs(ui, line), ui.fonts.body, ui.theme.text.im(), w);
        }
    }
    ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    field_line(ui, ui.tr("staff.detail.created"), s.created_at, lw, w);
    field_line(ui, ui.tr("staff.detail.request_id"), s.request_id, lw, w);
    field_line(ui, ui.tr("staff.detail.server_ref"), s.server_ref, lw, w);
    field_line(ui, ui.tr("staff.detail.attempts"), std::to_string(s.attempts), lw, w);
    field_line(ui, ui.tr("staff.detail.last_error"), s.last_error, lw, w);
    field_line(ui, ui.tr("staff.detail.cleared_reason"), s.cleared_reason, lw, w);
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
