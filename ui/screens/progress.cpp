// Progress query (查询办理进度): the ways in (scan the receipt; type the receipt's 查询编号, "A023-7K3M";
// ticket + last four phone digits; the ID card on the reader, when there is one) and the answer, which shows the service, the masked name, the status in
// plain words, the officer's message and what to do next — nothing else of the request. The look-up
// runs on the core's ProgressService (app/progress.hpp); this screen only asks and reads.
// [SECTION] Index: scans (every screen) · typed way in · the answer · draw_progress
#include "ui/screens/registry.hpp"
#include "ui/widgets/keys.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/crypto.hpp"
#include "app/progress.hpp"
#include "app/scanner/scan_inbox.hpp"

#include <iostream>
#include <set>

namespace kiosk::ui {

namespace {
// What was typed on this screen, for this visit only (phone digits are personal: wiped on every reset).
struct Typed {
    std::uint64_t visit = ~0ull;
    std::string ticket, phone, code;
    bool by_ref = true;        // the receipt's 查询编号 (ticket + code), else ticket + phone digits
    bool second_focus = false; // the code or the phone digits, else the ticket
};
Typed g_typed;

Typed& typed(Ui& ui) {
    if (g_typed.visit != ui.session.generation()) {
        wipe(g_typed.phone);
        g_typed = Typed{};
        g_typed.visit = ui.session.generation();
    }
    return g_typed;
}

void card(Ui& ui, ImVec2 p, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ui.theme.card.im(), ui.px(0.5f));
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ui.theme.outline.im(0.5f), ui.px(0.5f));
}
} // namespace

// [SECTION] scans (every screen)
// A code scanned on attract, home or this screen asks for that receipt's progress; anywhere else (a form
// under way) it is dropped, so a scan never disturbs an application and never types into a field.
void handle_scans(Ui& ui) {
    if (!ui.app.scans) return;
    while (auto code = ui.app.scans->take()) {
        const Step st = ui.session.step();
        if (ui.staff_mode || !ui.app.progress || (st != Step::attract && st != Step::home && st != Step::progress)) {
            std::cerr << "kiosk: a scanned code was ignored on the " << step_name(st) << " screen\n";
            continue;
        }
        if (st != Step::progress) ui.session.open_progress();
        ui.session.activity();
        ProgressQuery q;
        q.way = ProgressWay::receipt;
        q.code = *code;
        ui.app.progress->ask(q, ui.session.generation());
        ui.keep_awake();
    }
}

// [SECTION] typed way in
namespace {
void draw_ways_in(Ui& ui, ImVec2 o, ImVec2 avail) {
    Typed& t = typed(ui);
    const float gap = ui.px(em::gap) * 2;
    const float col_w = (avail.x - gap) * 0.5f;
    const float h = avail.y - nav_row_height(ui) - ui.px(0.6f);

    // Left: the receipt.
    card(ui, o, ImVec2(col_w, h));
    const float in = ui.px(1.2f);
    ImGui::SetCursorScreenPos(ImVec2(o.x + in, o.y + in));
    text(ui, ui.tr("progress.scan.h"), ui.fonts.title, ui.theme.bar.im(), col_w - 2 * in);
    ImGui::SetCursorScreenPos(ImVec2(o.x + in, ImGui::GetCursorScreenPos().y + ui.px(0.5f)));
    const bool scanner = ui.app.config.scanner.uri != "none";
    text(ui, ui.tr(scanner ? "progress.scan.b" : "progress.scan.none"), ui.fonts.body, ui.theme.text.im(), col_w - 2 * in);
    // The third way in: the ID card on the reader. kiosk/reader_link asks the query when a card is read
    // while this screen shows; the screen only says so (and where the reader is).
    if (ui.app.reader().configured) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + in, ImGui::GetCursorScreenPos().y + ui.px(1.0f)));
        text(ui, ui.tr("progress.card.h"), ui.fonts.title, ui.theme.bar.im(), col_w - 2 * in);
        ImGui::SetCursorScreenPos(ImVec2(o.x + in, ImGui::GetCursorScreenPos().y + ui.px(0.5f)));
        text(ui, ui.tr("progress.card.b"), ui.fonts.body, ui.theme.text.im(), col_w - 2 * in);
        ImGui::SetCursorScreenPos(ImVec2(o.x + in, ImGui::GetCursorScreenPos().y + ui.px(0.3f)));
        text(ui, ui.tr("reader.where." + ui.app.config.reader.position), ui.fonts.body, ui.theme.muted.im(), col_w - 2 * in);
    }

    // Right: what is typed on the screen's own keys. Two tabs: the receipt's 查询编号 — the ticket, then
    // its four characters (the receipt and the done screen print "A023-7K3M") — or, without the receipt,
    // the ticket and the last four phone digits. The ticket field is the same in both.
    const float rx = o.x + col_w + gap;
    card(ui, ImVec2(rx, o.y), ImVec2(col_w, h));
    const float tab_w = (col_w - 3 * in) * 0.5f, tab_h = ui.px(em::tap_min);
    auto tab = [&](const char* key, bool on, float x, const char* id) {
        ImGui::SetCursorScreenPos(ImVec2(x, o.y + in * 0.6f));
        return button(ui, std::string(ui.tr(key)) + "##" + id, ImVec2(tab_w, tab_h), on ? ButtonKind::selected : ButtonKind::secondary,
                      ui.fonts.bold);
    };
    if (tab("progress.tab.ref", t.by_ref, rx + in, "pq_tab_ref") && !t.by_ref) { t.by_ref = true; t.second_focus = false; }
    if (tab("progress.tab.phone", !t.by_ref, rx + 2 * in + tab_w, "pq_tab_phone") && t.by_ref) { t.by_ref = false; t.second_focus = false; }
    const float fy = o.y + in * 0.6f + tab_h + ui.px(0.5f);
    const float fw = (col_w - 3 * in) * 0.5f, fh = ui.px(em::tap_min + 0.4f);
    auto field = [&](const char* label_key, const std::string& value, bool focus, float x, const char* id) {
        ImGui::SetCursorScreenPos(ImVec2(x, fy));
        text(ui, ui.tr(label_key), ui.fonts.small, ui.theme.muted.im(), fw);
        ImGui::SetCursorScreenPos(ImVec2(x, fy + ui.fonts.small->FontSize * 1.4f));
        const std::string shown = value.empty() ? std::string(" ") : value;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const bool tapped = button(ui, shown + "##" + id, ImVec2(fw, fh), focus ? ButtonKind::selected : ButtonKind::secondary, ui.fonts.title);
        register_target(ui, ui.tr(label_key), at, ImVec2(at.x + fw, at.y + fh));   // tap_text by the field's name
        return tapped;
    };
    const char* second_label = t.by_ref ? "progress.code.label" : "progress.phone.label";
    std::string& second = t.by_ref ? t.code : t.phone;
    if (field("progress.ticket.label", t.ticket, !t.second_focus, rx + in, "pq_ticket")) t.second_focus = false;
    if (field(second_label, second, t.second_focus, rx + 2 * in + fw, t.by_ref ? "pq_code" : "pq_phone")) t.second_focus = true;
    // The dash the receipt prints between the two parts, drawn between the fields.
    if (t.by_ref) {
        ImFont* tf = ui.fonts.title;
        const float dash_w = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, "-").x;
        ImGui::GetWindowDrawList()->AddText(tf, tf->FontSize,
                                            ImVec2(rx + in + fw + (in - dash_w) * 0.5f, fy + ui.fonts.small->FontSize * 1.4f + (fh - tf->FontSize) * 0.5f),
                                            ui.theme.text.im(), "-");
    }
    float ky = fy + ui.fonts.small->FontSize * 1.4f + fh + ui.px(0.6f);

    // The ticket's letter: the catalog's prefixes (A, B, …), one row, only while the ticket is focused.
    if (!t.second_focus) {
        std::set<std::string> prefixes;
        for (const auto& c : ui.app.catalog.categories) if (!c.ticket_prefix.empty()) prefixes.insert(c.ticket_prefix);
        const float lw = std::min(ui.px(3.2f), (col_w - 2 * in) / std::max<std::size_t>(prefixes.size(), 1) - ui.px(0.3f));
        float lx = rx + in;
        for (const std::string& p : prefixes) {
            ImGui::SetCursorScreenPos(ImVec2(lx, ky));
            if (button(ui, p + "##pq_letter_" + p, ImVec2(lw, ui.px(em::tap_min)), ButtonKind::secondary, ui.fonts.title)) {
                if (t.ticket.size() < 12) t.ticket += p;
                ui.session.activity();
            }
            lx += lw + ui.px(0.3f);
        }
        ky += ui.px(em::tap_min + 0.5f);
    }
    const float ask_h = ui.px(em::tap_min + 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(rx + in, ky));
    const float pad_h = std::max(ui.px(em::tap_min) * 4, o.y + h - ky - ask_h - ui.px(1.2f));
    if (t.second_focus && t.by_ref) {
        // After the fourth character the code is complete: 查询 is the next tap.
        code_keypad(ui, t.code, 4, ImVec2(col_w - 2 * in, pad_h));
    } else {
        std::string& target = t.second_focus ? t.phone : t.ticket;
        if (keypad(ui, KeypadKind::digits, target, t.second_focus ? 4 : 12, ImVec2(col_w - 2 * in, pad_h)))
            if (t.second_focus && t.phone.size() > 4) t.phone.resize(4);
    }
    const bool ready = t.ticket.size() >= 2 && (t.by_ref ? t.code.size() == 4 : t.phone.size() == 4);
    ImGui::SetCursorScreenPos(ImVec2(rx + in, o.y + h - ask_h - ui.px(0.6f)));
    if (button(ui, std::string(ui.tr("progress.ask")) + "##pq_ask", ImVec2(col_w - 2 * in, ask_h),
               ready ? ButtonKind::primary : ButtonKind::secondary, nullptr, {}, "search") && ready) {
        ProgressQuery q;
        if (t.by_ref) {
            q.way = ProgressWay::short_ref;
            q.code = t.ticket + "-" + t.code;
            t.code.clear();
        } else {
            q.way = ProgressWay::ticket_phone;
            q.ticket = t.ticket;
            q.phone_last4 = t.phone;
        }
        ui.app.progress->ask(q, ui.session.generation());
        wipe(q.phone_last4);
        wipe(t.phone);
        t.phone.clear();
        t.second_focus = false;
    }
}

// [SECTION] the answer
void line(Ui& ui, float x, float w, const std::string& s, ImFont* f, unsigned color) {
    ui.fonts.need(s);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + ui.px(0.35f)));
    text(ui, s, f, color, w);
}

void draw_answer(Ui& ui, const ProgressAnswer& a, ImVec2 o, ImVec2 avail) {
    const float h = avail.y - nav_row_height(ui) - ui.px(0.6f);
    card(ui, o, ImVec2(avail.x, h));
    const float in = ui.px(1.4f), w = avail.x - 2 * in;
    ImGui::SetCursorScreenPos(ImVec2(o.x + in, o.y + in * 0.6f));
    switch (a.outcome) {
    case ProgressOutcome::pending:
        line(ui, o.x + in, w, ui.tr("progress.pending"), ui.fonts.title, ui.theme.text.im());
        ui.wake_in(0.25);
        return;
    case ProgressOutcome::not_found:
        line(ui, o.x + in, w, ui.tr(a.offline ? "progress.not_found_offline" : "progress.not_found"), ui.fonts.title, ui.theme.text.im());
        register_target(ui, ui.tr(a.offline ? "progress.not_found_offline" : "progress.not_found"), o, ImVec2(o.x + avail.x, o.y + ui.px(3)));   // flows
        return;
    case ProgressOutcome::too_many:
        line(ui, o.x + in, w, ui.tr("progress.too_many"), ui.fonts.title, ui.theme.error_text.im());
        return;
    case ProgressOutcome::unavailable:
        line(ui, o.x + in, w, ui.tr("progress.unavailable"), ui.fonts.title, ui.theme.text.im());
        return;
    default: break;
    }
    // Found. Where the answer comes from first: the kiosk's own record is labelled as such.
    const char* source = a.from_intake ? "progress.source.intake" : a.offline ? "progress.source.local" : "progress.source.local_only";
    line(ui, o.x + in, w, ui.tr(source), ui.fonts.small, a.from_intake ? ui.theme.muted.im() : ui.theme.on_warn.im());
    const std::string status_words = ui.tr("progress.status." + a.status);
    register_target(ui, status_words, o, ImVec2(o.x + avail.x, o.y + ui.px(3)));   // --script wait_text / expect_text
    line(ui, o.x + in, w, status_words, ui.fonts.title,
         a.status == "needs_more" || a.status == "rejected" ? ui.theme.error_text.im() : ui.theme.ok_text.im());
    if (!a.service.empty()) line(ui, o.x + in, w, ui.trf("progress.service", {ui.text(a.service)}), ui.fonts.body, ui.theme.text.im());
    if (!a.masked_name.empty()) line(ui, o.x + in, w, ui.trf("progress.name", {a.masked_name}), ui.fonts.body, ui.theme.text.im());
    if ((a.status == "needs_more" || a.status == "rejected") && !a.message.empty())
        line(ui, o.x + in, w, ui.trf("progress.message", {ui.text(a.message)}), ui.fonts.body, ui.theme.text.im());
    line(ui, o.x + in, w, ui.trf("progress.next", {ui.tr("progress.next." + a.status)}), ui.fonts.bold, ui.theme.bar.im());
}
} // namespace

// [SECTION] draw_progress
void draw_progress(Ui& ui) {
    ImVec2 avail = begin_screen(ui, ui.tr("progress.title"));
    const ImVec2 o = ImGui::GetCursorScreenPos();
    if (!ui.app.progress) {
        text(ui, ui.tr("progress.unavailable"), ui.fonts.title, ui.theme.text.im(), avail.x);
        if (nav_row(ui, true, "", false) < 0) ui.session.back();
        end_screen(ui);
        return;
    }
    const ProgressAnswer a = ui.app.progress->answer(ui.session.generation());
    if (a.outcome == ProgressOutcome::none) draw_ways_in(ui, o, avail);
    else draw_answer(ui, a, o, avail);
    // Back to the ways in after an answer (not after too many tries), home otherwise.
    const bool again = a.outcome != ProgressOutcome::none && a.outcome != ProgressOutcome::pending &&
                       a.outcome != ProgressOutcome::too_many;
    const int nav = nav_row(ui, true, again ? ui.tr("progress.again") : "", again);
    if (nav < 0) ui.session.back();
    if (nav > 0 && again) ui.app.progress->forget(ui.session.generation());
    end_screen(ui);
}

} // namespace kiosk::ui
