// Done: the ticket number huge, a QR code of the request reference, "take your receipt", and a countdown
// back to the start. If printing failed the ticket stays on screen (the countdown holds) and staff are
// called once: the request itself is already stored, nothing is lost.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/short_ref.hpp"

namespace kiosk::ui {

void draw_done(Ui& ui) {
    Session& s = ui.session;
    const auto& sub = s.submitted();
    if (!sub) { s.finish(); return; }
    PrintOutcome po = ui.app.print_outcome(sub->request_id);
    bool print_failed = po == PrintOutcome::failed;
    if (print_failed) {
        s.activity();   // hold the screen until a person has seen the ticket
        static std::string called_for;
        if (called_for != sub->request_id) { called_for = sub->request_id; ui.app.call_staff("print failed"); }
    } else {
        ui.wake_in(1.0);   // the countdown ticks
    }
    const bool booking = s.service() && s.service()->appointment;
    ImVec2 avail = begin_screen(ui, ui.tr(booking ? "done.title_booking" : "done.title"));
    ImVec2 o = ImGui::GetCursorScreenPos();
    float left_w = avail.x * 0.6f;
    text(ui, ui.tr(booking ? "done.ticket_booking" : "done.ticket"), ui.fonts.bold, ui.theme.muted.im(), left_w);
    ImGui::PushFont(ui.fonts.huge);
    ImGui::PushStyleColor(ImGuiCol_Text, ui.theme.bar.im());
    ImGui::TextUnformatted(sub->ticket.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    register_target(ui, sub->ticket, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    // The reference to read aloud (app/short_ref.hpp), as on the receipt; the QR beside keeps the request id.
    const std::string ref = ui.trf("done.short_ref", {short_reference(sub->ticket, sub->request_id)});
    text(ui, ref, ui.fonts.title, ui.theme.text.im(), left_w);
    register_target(ui, ref, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());   // for flows and the probe
    const char* receipt_key = print_failed ? "done.print_failed" : po == PrintOutcome::pending ? "done.printing" : "done.receipt";
    text(ui, ui.tr(receipt_key), ui.fonts.title, print_failed ? ui.theme.error_text.im() : ui.theme.text.im(), left_w);
    if (booking) {
        // A booking: what was booked, and that the officer calls — not "wait for your number".
        for (const std::string& line : s.booking_lines()) text(ui, line, ui.fonts.body, ui.theme.text.im(), left_w);
        text(ui, ui.tr("done.next_steps_booking"), ui.fonts.bold, ui.theme.text.im(), left_w);
    } else {
        text(ui, ui.tr("done.next_steps"), ui.fonts.body, ui.theme.text.im(), left_w);
    }
    if (!print_failed) text(ui, ui.trf("done.countdown", {std::to_string(s.seconds_left())}), ui.fonts.body, ui.theme.muted.im(), left_w);
    // The card still lies on the reader: the last thing a resident must not forget.
    if (ui.app.reader().card_present) {
        text(ui, ui.tr("reader.take_card"), ui.fonts.title, ui.theme.error_text.im(), left_w);
        register_target(ui, ui.tr("reader.take_card"), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());   // for flows and the probe
    }

    ImGui::SetCursorScreenPos(ImVec2(o.x + left_w + ui.px(1), o.y));
    ImGui::BeginGroup();
    float side = std::min(avail.x - left_w - ui.px(1), ui.px(9));
    qr_code(ui, sub->request_id, side);
    text(ui, ui.tr("done.qr"), ui.fonts.small, ui.theme.muted.im(), side);
    ImGui::EndGroup();

    int nav = nav_row(ui, false, ui.tr("done.finish"));
    ImGui::SetCursorScreenPos(ImVec2(ui.px(em::pad), ui.height - ui.px(em::tap_min) - ui.px(0.6f)));
    if (button(ui, std::string(ui.tr("done.rate")) + "##rate", ImVec2(ui.px(9), ui.px(em::tap_min)))) s.next();
    if (nav > 0) s.finish();
    end_screen(ui);
}

} // namespace kiosk::ui
