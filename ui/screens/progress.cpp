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
#include "app/short_ref.hpp"

#include <cctype>
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
// Three blocks: the entry (two tabs — the receipt's 查询编号, or 票号 + 手机尾号 without the receipt — and
// the two fields: the ticket, then the code or the phone digits), the keys of the focused field with 查询
// under them, and the words on the other ways in (scan the receipt, the ID card). Landscape: the entry and
// the words on the left, the keys on the right down to the bottom edge (as a form's input column), so
// elderly mode at 1280×800 keeps keys of full size. Portrait: words, entry, keys, one under the other.
namespace {
float draw_entry(Ui& ui, Typed& t, float x, float y, float w) {
    const float gap = ui.px(em::gap);
    const float half = (w - gap) * 0.5f, tab_h = ui.px(em::tap_min);
    auto tab = [&](const char* key, bool on, float tx, const char* id) {
        ImGui::SetCursorScreenPos(ImVec2(tx, y));
        return button(ui, std::string(ui.tr(key)) + "##" + id, ImVec2(half, tab_h), on ? ButtonKind::selected : ButtonKind::secondary,
                      ui.fonts.bold);
    };
    if (tab("progress.tab.ref", t.by_ref, x, "pq_tab_ref") && !t.by_ref) { t.by_ref = true; t.second_focus = false; }
    if (tab("progress.tab.phone", !t.by_ref, x + half + gap, "pq_tab_phone") && t.by_ref) { t.by_ref = false; t.second_focus = false; }
    const float fy = y + tab_h + ui.px(0.5f), fh = ui.px(em::tap_min + 0.2f);
    const float label_h = ui.fonts.small->FontSize * 1.3f;
    auto field = [&](const char* label_key, const std::string& value, bool focus, float fx, const char* id) {
        ImGui::SetCursorScreenPos(ImVec2(fx, fy));
        text(ui, ui.tr(label_key), ui.fonts.small, ui.theme.muted.im(), half);
        ImGui::SetCursorScreenPos(ImVec2(fx, fy + label_h));
        const std::string shown = value.empty() ? std::string(" ") : value;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const std::size_t before = ui.targets.size();
        const bool tapped = button(ui, shown + "##" + id, ImVec2(half, fh), focus ? ButtonKind::selected : ButtonKind::secondary, ui.fonts.title);
        // Found by its name (tap_text "票号（如 A023）"), never by what is typed in it: a field showing "1" was the
        // first target named "1", ahead of the key 1, so automation typing "1111" pressed the field three
        // times and typed one 1 (a code starting with a doubled character failed ui_flow_short_ref).
        ui.targets.resize(before);
        register_target(ui, ui.tr(label_key), at, ImVec2(at.x + half, at.y + fh));
        return tapped;
    };
    if (field("progress.ticket.label", t.ticket, !t.second_focus, x, "pq_ticket")) t.second_focus = false;
    if (field(t.by_ref ? "progress.code.label" : "progress.phone.label", t.by_ref ? t.code : t.phone, t.second_focus, x + half + gap,
              t.by_ref ? "pq_code" : "pq_phone"))
        t.second_focus = true;
    // The dash the receipt prints between the two parts, drawn between the fields.
    if (t.by_ref) {
        ImFont* tf = ui.fonts.title;
        const float dash_w = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, "-").x;
        ImGui::GetWindowDrawList()->AddText(tf, tf->FontSize, ImVec2(x + half + (gap - dash_w) * 0.5f, fy + label_h + (fh - tf->FontSize) * 0.5f),
                                            ui.theme.text.im(), "-");
    }
    return fy + label_h + fh;
}

// The words on the other ways in, clipped to `max_h` (a short landscape column keeps the entry whole).
// Returns where they end.
float draw_other_ways(Ui& ui, float x, float y, float w, float max_h) {
    ImGui::PushClipRect(ImVec2(x, y), ImVec2(x + w, y + max_h), true);
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    text(ui, ui.tr("progress.scan.h"), ui.fonts.bold, ui.theme.bar.im(), w);
    const bool scanner = ui.app.config.scanner.uri != "none";
    text(ui, ui.tr(scanner ? "progress.scan.b" : "progress.scan.none"), ui.fonts.body, ui.theme.text.im(), w);
    // The ID card on the reader: kiosk/reader_link asks the query when a card is read while this screen
    // shows; the screen only says so (and where the reader is).
    if (ui.app.reader().configured) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + ui.px(0.5f)));
        text(ui, ui.tr("progress.card.h"), ui.fonts.bold, ui.theme.bar.im(), w);
        text(ui, ui.tr("progress.card.b"), ui.fonts.body, ui.theme.text.im(), w);
        text(ui, ui.tr("reader.where." + ui.app.config.reader.position), ui.fonts.body, ui.theme.muted.im(), w);
    }
    ImGui::PopClipRect();
    return std::min(ImGui::GetCursorScreenPos().y, y + max_h);
}

void draw_keys(Ui& ui, Typed& t, float x, float y, float w, float h) {
    const float ask_h = ui.px(em::tap_min + 0.3f), gap = ui.px(em::gap);
    const ImVec2 pad(w, std::max(ui.px(em::tap_min), h - ask_h - gap));
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (!t.second_focus) {
        // The ticket: the catalog's letters (A, B, …) and the digits.
        std::set<char> letters;
        for (const auto& c : ui.app.catalog.categories)
            for (char ch : c.ticket_prefix) letters.insert(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
        for (char ch : ui.app.config.kiosk.ticket_mark) if (std::isalpha(static_cast<unsigned char>(ch))) letters.insert(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
        std::string keys(letters.begin(), letters.end());
        keys += "1234567890";
        char_keypad(ui, keys, t.ticket, 12, pad, "pq_ticket_keys");
    } else if (t.by_ref) {
        char_keypad(ui, kShortRefAlphabet, t.code, 4, pad, "pq_code_keys");   // after the fourth, 查询 is next
    } else if (keypad(ui, KeypadKind::digits, t.phone, 4, pad) && t.phone.size() > 4) {
        t.phone.resize(4);
    }
    const bool ready = t.ticket.size() >= 2 && (t.by_ref ? t.code.size() == 4 : t.phone.size() == 4);
    // Right under the keys (in normal mode they stop growing), never below the room.
    ImGui::SetCursorScreenPos(ImVec2(x, std::min(ImGui::GetCursorScreenPos().y + gap, y + h - ask_h)));
    if (button(ui, std::string(ui.tr("progress.ask")) + "##pq_ask", ImVec2(w, ask_h), ready ? ButtonKind::primary : ButtonKind::secondary,
               nullptr, {}, "search") && ready) {
        ProgressQuery q;
        if (t.by_ref) {
            q.way = ProgressWay::short_ref;
            q.code = t.ticket + "-" + t.code;
            t.code.clear();   // another try keeps the ticket
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

void draw_ways_in(Ui& ui, ImVec2 o, ImVec2 avail) {
    Typed& t = typed(ui);
    const float gap = ui.px(em::gap) * 2;
    const float above_nav = avail.y - nav_row_height(ui) - ui.px(0.6f);   // down to the nav row's top
    const float to_edge = ui.height - ui.px(0.6f) - o.y;                  // down to the bottom edge
    if (ui.height > ui.width) {
        // Portrait: the words (at most a third of the room), the entry, the keys.
        const float words_end = draw_other_ways(ui, o.x, o.y, avail.x, std::min(above_nav / 3, ui.fonts.body->FontSize * 7));
        const float entry_y = words_end + ui.px(0.8f);
        const float keys_y = draw_entry(ui, t, o.x, entry_y, avail.x) + ui.px(0.8f);
        draw_keys(ui, t, o.x, keys_y, avail.x, o.y + above_nav - keys_y);
        return;
    }
    const float col_w = (avail.x - gap) * 0.5f;
    const float words_y = draw_entry(ui, t, o.x, o.y, col_w) + ui.px(1.0f);
    draw_other_ways(ui, o.x, words_y, col_w, o.y + above_nav - words_y);
    draw_keys(ui, t, o.x + col_w + gap, o.y, col_w, to_edge);
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
