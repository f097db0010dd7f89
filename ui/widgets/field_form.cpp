// The form of one screen (identity, or one group of fields): on the left a row per field (label, value,
// its error or a ✓), on the right the input for the focused field — keypad, pinyin keyboard, date picker
// or big choice buttons. One input at a time keeps every target large.
#include "ui/widgets/field_form.hpp"
#include "ui/widgets/keys.hpp"

#include "app/validators.hpp"

namespace kiosk::ui {

namespace {

std::size_t max_chars(const FieldSpec& f) {
    if (f.max_len) return f.max_len;
    switch (f.type) {
    case FieldType::long_text: return 500;
    case FieldType::address: return 120;
    case FieldType::name: return 30;
    case FieldType::id_number: return 18;
    case FieldType::phone: return 11;
    case FieldType::number: return 9;
    default: return 60;
    }
}

// Live feedback for identity numbers: progress while typing, the checksum verdict once complete.
void live_check(Ui& ui, const FieldSpec& f, const std::string& v, float wrap) {
    Session& s = ui.session;
    // Why 下一步 did not go on: in body size, right under the outlined field.
    if (const ValidationError* e = s.error(f.id)) { text(ui, ui.text(e->message), ui.fonts.body, ui.theme.error_text.im(), wrap); return; }
    if (v.empty()) return;
    if (f.type == FieldType::id_number && (s.value(Session::kIdType).empty() || s.value(Session::kIdType) == "resident_id") && v.size() < 18) {
        text(ui, ui.trf("identity.progress", {std::to_string(v.size())}), ui.fonts.small, ui.theme.muted.im(), wrap);
        return;
    }
    if (f.type == FieldType::phone && v.size() < 11) return;
    // Live verdicts only where they help while typing (document numbers, phones); a name or an address
    // half-way through is not an error yet — next() reports those.
    if (f.type != FieldType::id_number && f.type != FieldType::phone) return;
    if (auto e = s.check(f.id)) text(ui, ui.text(e->message), ui.fonts.small, ui.theme.error_text.im(), wrap);
    else text(ui, ui.tr("field.ok"), ui.fonts.small, ui.theme.ok_text.im(), wrap);
}

void editor(Ui& ui, const FieldSpec& f, ImVec2 size) {
    Session& s = ui.session;
    std::string v = s.value(f.id);
    bool changed = false;
    float gap = ui.px(em::gap);
    switch (f.type) {
    case FieldType::id_number: {
        // Travel permits start with H or M: those two letters join the keypad for that document type.
        const std::string& t = s.value(Session::kIdType);
        if (t == "hkmo_travel_permit") {
            float bw = (size.x - gap) / 2;
            if (button(ui, "H##id_h", ImVec2(bw, 0)) && v.empty()) { v = "H"; changed = true; }
            ImGui::SameLine(0, gap);
            if (button(ui, "M##id_m", ImVec2(bw, 0)) && v.empty()) { v = "M"; changed = true; }
            size.y -= ui.px(em::tap_min) + gap;
        }
        changed |= keypad(ui, KeypadKind::id, v, 18, size);
        break;
    }
    case FieldType::phone: changed = keypad(ui, KeypadKind::phone, v, 11, size); break;
    case FieldType::number: changed = keypad(ui, KeypadKind::digits, v, max_chars(f), size); break;
    case FieldType::date: changed = date_picker(ui, v, f.date_range, f.working_days, size); break;
    case FieldType::yes_no:
    case FieldType::choice: {
        std::vector<Choice> choices = f.choices;
        if (f.type == FieldType::yes_no) choices = {{"yes", {"是", "Yes"}}, {"no", {"否", "No"}}};
        int cols = choices.size() > 4 ? 2 : 1;
        float bw = (size.x - (cols - 1) * gap) / cols;
        float bh = ui.px(em::tap_min + 0.6f);
        for (std::size_t i = 0; i < choices.size(); ++i) {
            if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine(0, gap);
            bool sel = v == choices[i].value;
            if (button(ui, ui.text(choices[i].label) + "##ch_" + f.id + "_" + choices[i].value, ImVec2(bw, bh),
                       sel ? ButtonKind::selected : ButtonKind::secondary)) {
                v = choices[i].value;
                changed = true;
            }
        }
        break;
    }
    default:
        changed = text_keyboard(ui, v, max_chars(f), f.type == FieldType::address || f.type == FieldType::text ||
                                                         f.type == FieldType::long_text, size);
        break;
    }
    if (changed) {
        s.set_value(f.id, v);
        // A choice is complete in one tap: move on to the next empty field.
        if (f.type == FieldType::choice || f.type == FieldType::yes_no) ui.visit.focus_field.clear();
    }
}

} // namespace

bool form_next(Ui& ui) {
    if (!ui.visit.composing.empty()) {
        ui.visit.unconverted_warning = ui.visit.composing;
        return false;
    }
    if (ui.session.next()) return true;
    ui.visit.focus_field.clear();
    return false;
}

void field_form(Ui& ui, const std::vector<const FieldSpec*>& fields, ImVec2 size) {
    Session& s = ui.session;
    if (fields.empty()) return;
    // Focus: the resident's choice, else the first field with an error (after a failed 下一步), else the
    // first field still empty, else the first.
    bool valid_focus = false;
    for (auto* f : fields) if (f->id == ui.visit.focus_field) valid_focus = true;
    if (!valid_focus) {
        const FieldSpec* pick = nullptr;
        for (auto* f : fields) if (!pick && s.error(f->id)) pick = f;
        for (auto* f : fields) if (!pick && s.value(f->id).empty()) pick = f;
        ui.visit.focus_field = (pick ? pick : fields.front())->id;
        ui.visit.composing.clear();
        ui.visit.date_year = 0;
    }
    float gap = ui.px(em::pad);
    float left_w = size.x * 0.42f;
    ImVec2 o = ImGui::GetCursorScreenPos();
    begin_touch_scroll(ui, "##fields", ImVec2(left_w, size.y));
    const FieldSpec* focused = nullptr;
    float w = left_w - ui.px(0.6f);
    for (auto* f : fields) {
        bool is_focus = f->id == ui.visit.focus_field;
        if (is_focus) focused = f;
        std::string shown = s.display_value(*f);
        bool empty = shown.empty();
        if (empty) shown = ui.tr("field.empty");
        std::string label = ui.text(f->label) + (f->required ? "" : std::string(ui.tr("field.optional")));
        ImVec2 p = ImGui::GetCursorScreenPos();
        float row_h = ui.px(3.6f);
        if (button(ui, "##row_" + f->id, ImVec2(w, row_h), is_focus ? ButtonKind::selected : ButtonKind::secondary)) {
            if (ui.visit.focus_field != f->id) { ui.visit.composing.clear(); ui.visit.date_year = 0; }
            ui.visit.focus_field = f->id;
        }
        // Label small above, the value large below — left-aligned like a paper form.
        register_target(ui, label, p, ImVec2(p.x + w, p.y + row_h));
        unsigned fg = is_focus ? ui.theme.on_selected.im() : ui.theme.on_secondary.im();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImFont* fs = ui.fonts.small;
        ImFont* fv = ui.fonts.title;
        ui.fonts.need(label);
        ui.fonts.need(shown);
        dl->PushClipRect(p, ImVec2(p.x + w, p.y + row_h), true);
        dl->AddText(fs, fs->FontSize, ImVec2(p.x + ui.px(0.6f), p.y + ui.px(0.3f)), fg, label.c_str());
        std::string value_line = shown;
        if (is_focus && !ui.visit.composing.empty()) value_line = (empty ? std::string() : shown + "  ") + ui.visit.composing;
        dl->AddText(fv, fv->FontSize, ImVec2(p.x + ui.px(0.6f), p.y + row_h - fv->FontSize - ui.px(0.35f)), fg, value_line.c_str());
        dl->PopClipRect();
        if (s.error(f->id))   // the field that stopped 下一步: outlined in the error colour
            dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), ui.theme.error_text.im(), ui.px(0.3f), 0, ui.px(0.18f));
        live_check(ui, *f, s.value(f->id), w);
        if (is_focus && !ui.visit.composing.empty() && ui.visit.composing == ui.visit.unconverted_warning)
            text(ui, ui.trf("field.unconverted", {ui.visit.composing}), ui.fonts.body, ui.theme.error_text.im(), w);
        if (!f->hint.empty() && is_focus) text(ui, ui.text(f->hint), ui.fonts.small, ui.theme.muted.im(), w);
        ImGui::Dummy(ImVec2(1, ui.px(0.3f)));
    }
    end_touch_scroll(ui);
    if (focused) {
        ImGui::SetCursorScreenPos(ImVec2(o.x + left_w + gap, o.y));
        ImGui::BeginGroup();
        editor(ui, *focused, ImVec2(size.x - left_w - gap, size.y));
        ImGui::EndGroup();
    }
}

} // namespace kiosk::ui
