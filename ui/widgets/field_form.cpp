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
        if (t == "foreign_permanent_residence") {
            // 2017 cards begin with the nationality's three letters, 2023 cards are digits: both at once,
            // the letters above the keypad (letters go in upper case, as printed on the card).
            const float letters_h = (size.y - gap) * 3 / 7;
            changed |= letter_keyboard(ui, v, 18, ImVec2(size.x, letters_h));
            for (char& c : v) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            ImGui::Dummy(ImVec2(1, gap));
            size.y -= letters_h + gap;
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
    default: {
        // A name starts with the surname; after it come given-name characters (王 for "wang", then 伟 for "wei").
        PinyinRanking ranking = f.type != FieldType::name ? PinyinRanking::usual
                                : v.empty()                ? PinyinRanking::surname
                                                           : PinyinRanking::given_name;
        changed = text_keyboard(ui, v, max_chars(f), f.type == FieldType::address || f.type == FieldType::text ||
                                                         f.type == FieldType::long_text, size, ranking);
        break;
    }
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

namespace {
// One field's row: the label small above, the value at body size below (wrapped, so a long address or an
// 18-digit number at elderly size stays whole), left-aligned like a paper form. Returns true when tapped.
bool field_row(Ui& ui, const FieldSpec& f, bool is_focus, float w) {
    Session& s = ui.session;
    std::string shown = s.display_value(f);
    const bool empty = shown.empty();
    if (empty) shown = ui.tr("field.empty");
    std::string label = ui.text(f.label) + (f.required ? "" : std::string(ui.tr("field.optional")));
    if (is_focus && !ui.visit.composing.empty()) shown = (empty ? std::string() : shown + "  ") + ui.visit.composing;
    ImFont* fs = ui.fonts.small;
    ImFont* fv = ui.fonts.bold;
    ui.fonts.need(label);
    ui.fonts.need(shown);
    const float pad_x = ui.px(0.5f), inner = w - 2 * pad_x;
    const float label_h = fs->CalcTextSizeA(fs->FontSize, FLT_MAX, inner, label.c_str()).y;
    const float value_h = fv->CalcTextSizeA(fv->FontSize, FLT_MAX, inner, shown.c_str()).y;
    const float row_h = std::max(ui.px(em::tap_min), ui.px(0.3f) + label_h + ui.px(0.1f) + value_h + ui.px(0.3f));
    ImVec2 p = ImGui::GetCursorScreenPos();
    const bool tapped = button(ui, "##row_" + f.id, ImVec2(w, row_h), is_focus ? ButtonKind::selected : ButtonKind::secondary);
    register_target(ui, label, p, ImVec2(p.x + w, p.y + row_h));
    unsigned fg = is_focus ? ui.theme.on_selected.im() : ui.theme.on_secondary.im();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(fs, fs->FontSize, ImVec2(p.x + pad_x, p.y + ui.px(0.3f)), fg, label.c_str(), nullptr, inner);
    dl->AddText(fv, fv->FontSize, ImVec2(p.x + pad_x, p.y + ui.px(0.4f) + label_h), fg, shown.c_str(), nullptr, inner);
    if (s.error(f.id))   // the field that stopped 下一步: outlined in the error colour
        dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), ui.theme.error_text.im(), ui.px(0.3f), 0, ui.px(0.18f));
    return tapped;
}
} // namespace

// [SECTION] Layout. Landscape: the rows in a left column with 下一步 and 返回/首页 under them, the input in
// the right column down to the bottom edge, so the chrome of elderly mode (a taller bar and title) never
// eats the keyboard. Portrait: the rows on top, the input below them across the full width, the nav row
// at the bottom as on every screen. 返回 and 首页 stand where nav_row() puts them in both.
void field_form(Ui& ui, const std::vector<const FieldSpec*>& fields, ImVec2 size) {
    Session& s = ui.session;
    ui.form_nav = {};
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
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float gap = ui.px(em::gap);
    const float nav_h = ui.px(em::tap_min);
    const float bottom = ui.height - ui.px(0.6f);      // the nav row's bottom edge on every screen
    const bool portrait = ui.height > ui.width;
    ImVec2 list_size, editor_at, editor_size;
    FormNav& nav = ui.form_nav;
    nav.set = true;
    nav.back_x = o.x;
    nav.back_y = bottom - nav_h;
    if (!portrait) {
        // 返回 · 首页 · 下一步 in one row under the rows: the column is at least that wide.
        const float left_w = std::max(size.x * (s.elderly() ? 0.36f : 0.40f), 3 * nav_back_width(ui) + 2 * gap + ui.px(0.6f));
        nav.next_x = o.x + 2 * (nav_back_width(ui) + gap); nav.next_y = nav.back_y;
        nav.next_w = o.x + left_w - ui.px(0.6f) - nav.next_x;
        list_size = ImVec2(left_w, nav.back_y - gap - o.y);
        editor_at = ImVec2(o.x + left_w + ui.px(em::pad), o.y);
        editor_size = ImVec2(size.x - left_w - ui.px(em::pad), bottom - o.y);
    } else {
        nav.next_w = ui.px(9);
        nav.next_x = o.x + size.x - nav.next_w; nav.next_y = nav.back_y;
        const float room = nav.back_y - gap - o.y;
        list_size = ImVec2(size.x, room * 0.36f);
        editor_at = ImVec2(o.x, o.y + list_size.y + ui.px(em::pad));
        editor_size = ImVec2(size.x, nav.back_y - gap - editor_at.y);
    }

    begin_touch_scroll(ui, "##fields", list_size);
    // Rows close together: four identity rows fit above the nav row in elderly mode at 1280×800.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, ui.px(0.2f)));
    const FieldSpec* focused = nullptr;
    const float w = list_size.x - ui.px(0.6f);
    for (auto* f : fields) {
        const bool is_focus = f->id == ui.visit.focus_field;
        if (is_focus) focused = f;
        if (field_row(ui, *f, is_focus, w)) {
            if (ui.visit.focus_field != f->id) { ui.visit.composing.clear(); ui.visit.date_year = 0; }
            ui.visit.focus_field = f->id;
        }
        live_check(ui, *f, s.value(f->id), w);
        if (is_focus && !ui.visit.composing.empty() && ui.visit.composing == ui.visit.unconverted_warning)
            text(ui, ui.trf("field.unconverted", {ui.visit.composing}), ui.fonts.body, ui.theme.error_text.im(), w);
        if (!f->hint.empty() && is_focus) text(ui, ui.text(f->hint), ui.fonts.small, ui.theme.muted.im(), w);
        ImGui::Dummy(ImVec2(1, ui.px(0.1f)));
    }
    ImGui::PopStyleVar();
    end_touch_scroll(ui);
    if (focused) {
        ImGui::SetCursorScreenPos(editor_at);
        ImGui::BeginGroup();
        editor(ui, *focused, editor_size);
        ImGui::EndGroup();
    }
}

int form_nav(Ui& ui, const std::string& next_label) {
    if (!ui.form_nav.set) return nav_row(ui, true, next_label);
    const FormNav n = ui.form_nav;
    int r = nav_back_home(ui, ImVec2(n.back_x, n.back_y));
    ImGui::SetCursorScreenPos(ImVec2(n.next_x, n.next_y));
    // The arrow only where it leaves the word room (elderly mode in landscape: the column is narrow).
    ImFont* bf = ui.fonts.bold;
    const float word_w = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, next_label.c_str()).x;
    const bool room = n.next_w >= word_w + ui.px(0.8f) + ui.px(2.7f);
    if (button(ui, next_label + "##nav_next", ImVec2(n.next_w, ui.px(em::tap_min)), ButtonKind::primary, nullptr, {},
               room ? next_icon(ui) : "")) r = 1;
    return r;
}

} // namespace kiosk::ui
