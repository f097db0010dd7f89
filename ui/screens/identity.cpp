// Identity: name (pinyin keyboard), document type (big buttons), number (keypad with live checksum),
// mobile phone (keypad). Validation messages come from the core, one per error code.
#include "ui/screens/registry.hpp"
#include "ui/widgets/field_form.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_identity(Ui& ui) {
    Session& s = ui.session;
    ImVec2 avail = begin_screen(ui, ui.tr("identity.title"));
    // Read from the ID card (docs/READER.md): those fields are shown as read, not editable; 重新读卡 and
    // 手动填写 stay. The rest of the form (the phone) is typed as always.
    std::vector<const FieldSpec*> fields = s.current_fields();
    const auto reader = ui.app.reader();
    const float top = ImGui::GetCursorScreenPos().y;
    if (s.identity_from_card()) {
        static std::uint64_t marked_visit = ~std::uint64_t{0};   // KIOSK_BENCH: card on → fields drawn, once a visit
        if (marked_visit != ui.visit_generation) { marked_visit = ui.visit_generation; ui.bench_marks.push_back("card_drawn"); }
        text(ui, ui.tr("reader.read_from_card"), ui.fonts.bold, ui.theme.muted.im(), avail.x);
        std::vector<const FieldSpec*> rest;
        for (const FieldSpec* f : fields) {
            if (!s.from_card(f->id)) { rest.push_back(f); continue; }
            text(ui, ui.text(f->label) + "：" + s.display_value(*f), ui.fonts.title, ui.theme.text.im(), avail.x);
        }
        fields = std::move(rest);
        if (s.card_expired()) text(ui, ui.tr("reader.expired"), ui.fonts.body, ui.theme.error_text.im(), avail.x);
        const float bw = ui.px(8);
        if (button(ui, std::string(ui.tr("reader.reread")) + "##reread", ImVec2(bw, ui.px(em::tap_min)))) ui.app.reader_reread();
        ImGui::SameLine(0, ui.px(em::gap));
        if (button(ui, std::string(ui.tr("reader.type")) + "##type_identity", ImVec2(bw, ui.px(em::tap_min)))) s.type_identity();
    } else if (reader.configured) {
        // Typing is always offered; the card is offered beside it, with the one instruction that helps.
        const std::string key = reader.hint == "none" ? "reader.hint.offer" : "reader.hint." + reader.hint;
        text(ui, ui.tr(key), ui.fonts.body, reader.hint == "none" ? ui.theme.muted.im() : ui.theme.error_text.im(), avail.x);
    }
    const float used = ImGui::GetCursorScreenPos().y - top;
    // The nav row lives inside the form's space (form_nav), as on every form step.
    field_form(ui, fields, ImVec2(avail.x, avail.y - used));
    int nav = form_nav(ui, ui.tr("common.next"));
    if (nav < 0) s.back();
    if (nav > 0 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) (void)form_next(ui);
    end_screen(ui);
}

} // namespace kiosk::ui
