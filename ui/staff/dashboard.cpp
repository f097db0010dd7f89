// Dashboard: the queue by state in big numbers (a tap opens the list filtered to that state), then upload,
// printer and disk status in words, versions and ids. Counts are re-read every few seconds without
// counting as staff activity (StaffDesk::peek_counts), so an open dashboard still logs itself out.
#include "ui/staff/staff_ui.hpp"

#include <cfloat>

namespace kiosk::ui::staff {

namespace {

constexpr double kRefreshS = 3;

struct Tile { RequestState state; int QueueCounts::*count; bool alarm; };
constexpr Tile kTiles[] = {
    {RequestState::queued, &QueueCounts::queued, false},     {RequestState::sending, &QueueCounts::sending, false},
    {RequestState::retry_wait, &QueueCounts::retry_wait, false}, {RequestState::dead_letter, &QueueCounts::dead_letter, true},
    {RequestState::uploaded, &QueueCounts::uploaded, false}, {RequestState::cleared, &QueueCounts::cleared, false},
    {RequestState::purged, &QueueCounts::purged, false},
};

void tile(Ui& ui, StaffUi& st, const Tile& t, int n, ImVec2 size) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    std::string id = std::string("##tile_") + state_name(t.state);
    // The whole tile is the tap target; the number and the word are drawn over it.
    bool tapped = button(ui, state_words(ui, t.state) + id, size, ButtonKind::secondary, ui.fonts.small);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ui.theme.card.im(), ui.px(0.4f));
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), (t.alarm && n > 0 ? ui.theme.danger : ui.theme.outline).im(0.8f), ui.px(0.4f),
                0, t.alarm && n > 0 ? ui.px(0.15f) : ui.px(0.05f));
    std::string num = std::to_string(n);
    ImFont* hf = ui.fonts.huge;
    float nsz = ui.px(2.4f);
    ImVec2 ns = hf->CalcTextSizeA(nsz, FLT_MAX, 0, num.c_str());
    unsigned col = t.alarm && n > 0 ? ui.theme.error_text.im() : ui.theme.text.im();
    dl->AddText(hf, nsz, ImVec2(p.x + (size.x - ns.x) * 0.5f, p.y + ui.px(0.35f)), col, num.c_str());
    std::string w = state_words(ui, t.state);
    ImFont* f = ui.fonts.body;
    ImVec2 ws = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, w.c_str());
    dl->AddText(f, f->FontSize, ImVec2(p.x + (size.x - ws.x) * 0.5f, p.y + size.y - ws.y - ui.px(0.35f)), ui.theme.muted.im(), w.c_str());
    if (tapped) {
        st.list = ListCache{};
        st.list.state = t.state;
        st.panel = Panel::requests;
    }
}

std::string upload_words(Ui& ui, const StatusSnapshot& s) {
    if (!s.upload_enabled) return ui.tr("staff.dash.upload_off");
    if (s.upload_config_error) return ui.trf("staff.dash.upload_config", {s.last_upload_error});
    if (s.online) return ui.trf("staff.dash.upload_online", {s.last_upload_ok_at.empty() ? "—" : short_time(s.last_upload_ok_at)});
    return ui.trf("staff.dash.upload_offline", {s.last_upload_error.empty() ? "—" : s.last_upload_error});
}

// The station's event stream (calls, desk statuses): docs/EVENTS.md.
std::string events_words(Ui& ui, const StatusSnapshot& s) {
    const EventsStatus& e = s.events;
    if (!e.enabled) return ui.tr("staff.dash.events_off");
    if (e.connected) return ui.trf("staff.dash.events_on", {std::to_string(e.cursor), e.last_event_at.empty() ? "—" : short_time(e.last_event_at)});
    return ui.trf("staff.dash.events_offline", {std::to_string(e.cursor), e.last_error.empty() ? "—" : e.last_error});
}

std::string printer_words(Ui& ui, const StatusSnapshot& s) {
    std::string w = ui.tr(std::string("staff.printer.") + printer_state_name(s.printer_state));
    if (!s.printer_message.empty() && s.printer_message != w) w += " — " + s.printer_message;
    return w;
}

// The ID-card reader (docs/READER.md): its state, what the driver says, and the last failure with its time.
std::string reader_words(Ui& ui) {
    const AppState::ReaderView r = ui.app.reader();
    std::string w = ui.tr("staff.reader." + r.staff_state);
    if (r.staff_state != "none" && !r.staff_text.empty()) w += " — " + r.staff_text;
    if (!r.last_error.empty() && r.last_error != r.staff_text)
        w += "\n" + ui.trf("staff.reader.last_error", {short_time(r.last_error_at), r.last_error});
    return w;
}

} // namespace

void draw_dashboard(Ui& ui, StaffUi& st, ImVec2 size) {
    StaffDesk& desk = *ui.app.staff;
    if (ui.time - st.counts_at >= kRefreshS) {
        auto c = desk.peek_counts();
        if (c) st.counts = c.value();
        else say(ui, st, error_words(ui, c.error()), true);
        st.counts_at = ui.time;
    }
    ui.wake_in(st.counts_at + kRefreshS - ui.time + 0.01);
    QueueCounts q = st.counts.value_or(QueueCounts{});

    float gap = ui.px(em::gap);
    ImVec2 o = ImGui::GetCursorScreenPos();
    text(ui, ui.tr("staff.dash.queue"), ui.fonts.title, ui.theme.text.im(), size.x);
    float y = ImGui::GetCursorScreenPos().y + ui.px(0.2f);
    int cols = 4;
    ImVec2 ts((size.x - (cols - 1) * gap) / cols, ui.px(4.6f));
    for (std::size_t i = 0; i < std::size(kTiles); ++i) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + (i % cols) * (ts.x + gap), y + (i / cols) * (ts.y + gap)));
        tile(ui, st, kTiles[i], q.*(kTiles[i].count), ts);
    }
    y += 2 * (ts.y + gap) + ui.px(0.3f);

    StatusSnapshot s = ui.app.status();
    ImGui::SetCursorScreenPos(ImVec2(o.x, y));
    // The status lines scroll when they do not fit (elderly mode on a small screen).
    begin_touch_scroll(ui, "##dash_status", ImVec2(size.x, o.y + size.y - y));
    text(ui, ui.tr("staff.dash.status"), ui.fonts.title, ui.theme.text.im(), size.x);
    float lw = ui.px(7);
    field_line(ui, ui.tr("staff.dash.upload"), upload_words(ui, s), lw, size.x);
    field_line(ui, ui.tr("staff.dash.events"), events_words(ui, s), lw, size.x);
    field_line(ui, ui.tr("staff.dash.printer"), printer_words(ui, s), lw, size.x);
    field_line(ui, ui.tr("staff.dash.reader"), reader_words(ui), lw, size.x);
    field_line(ui, ui.tr("staff.dash.disk"),
               s.disk_free_mb < 0 ? std::string("—") : ui.trf("staff.dash.disk_mb", {std::to_string(s.disk_free_mb)}), lw, size.x);
    field_line(ui, ui.tr("staff.dash.versions"),
               ui.trf("staff.dash.versions_v", {KIOSK_VERSION, ui.app.catalog.version}), lw, size.x);
    const Config& cfg = ui.app.config;
    field_line(ui, ui.tr("staff.dash.ids"),
               ui.trf("staff.dash.ids_v", {cfg.kiosk.id, ui.text(cfg.station.name), cfg.station.id}), lw, size.x);
    end_touch_scroll(ui);
}

} // namespace kiosk::ui::staff
