// Letter keyboards: pinyin composition with candidates (Chinese) or direct Latin letters.
// Entering 张伟: z-h-a-n-g-w-e-i (8 taps) then the first candidate 张伟 — or fewer with initials: z-w and
// pick 张伟 if it is offered; the candidate row is the dictionary's frequency order.
#include "ui/widgets/keys.hpp"
#include "app/pinyin.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {
const char* kRows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

// Candidates the kiosk can show: no '?' for a character beyond the BMP or missing from the font (the
// dictionary has ~15 000 such entries, e.g. 𠀀 under "he").
PinyinEngine::Drawable drawable(Ui& ui) {
    return [&fonts = ui.fonts](std::string_view text) { return fonts.can_draw(text); };
}

// Draws the three letter rows; returns the tapped letter or 0; sets *backspace when ⌫ was tapped.
char letter_rows(Ui& ui, ImVec2 origin, float width, float kw, float kh, float gap, bool* backspace) {
    char hit = 0;
    for (int r = 0; r < 3; ++r) {
        std::string row = kRows[r];
        float indent = r * kw * 0.5f;
        for (std::size_t i = 0; i < row.size(); ++i) {
            ImGui::SetCursorScreenPos(ImVec2(origin.x + indent + i * (kw + gap), origin.y + r * (kh + gap)));
            std::string label(1, row[i]);
            if (button(ui, label + "##key_" + label, ImVec2(kw, kh), ButtonKind::secondary, ui.fonts.title)) hit = row[i];
        }
        if (r == 2) {
            float x = origin.x + indent + row.size() * (kw + gap);
            ImGui::SetCursorScreenPos(ImVec2(x, origin.y + r * (kh + gap)));
            if (button(ui, std::string(ui.tr("keys.backspace")) + "##key_bs", ImVec2(origin.x + 10 * kw + 9 * gap - x, kh))) *backspace = true;
        }
    }
    return hit;
}
} // namespace

bool letter_keyboard(Ui& ui, std::string& value, std::size_t max_chars, ImVec2 size) {
    float gap = key_gap(ui);
    const ImVec2 ks = key_size(ui, size.x, 10, size.y, 3, em::key_w_max);
    float kh = ks.y;
    ImVec2 o = ImGui::GetCursorScreenPos();
    bool bs = false, changed = false;
    if (char c = letter_rows(ui, o, size.x, ks.x, kh, gap, &bs); c && utf8_count(value) < max_chars) { value += c; changed = true; }
    if (bs && !value.empty()) { utf8_pop_back(value); changed = true; }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + 3 * (kh + gap)));
    ImGui::Dummy(ImVec2(size.x, 1));
    if (physical_input(ui, value, max_chars, nullptr)) changed = true;
    return changed;
}

bool text_keyboard(Ui& ui, std::string& value, std::size_t max_chars, bool allow_digits, ImVec2 size, PinyinRanking ranking) {
    VisitState& v = ui.visit;
    if (!v.keyboard_chosen) v.latin_keyboard = ui.locale() == Locale::en;
    const bool pinyin = !v.latin_keyboard && ui.app.pinyin;
    float gap = key_gap(ui);
    int rows = 5 + (allow_digits ? 1 : 0);   // candidates, 3 letter rows, bottom row, (digits)
    const ImVec2 ks = key_size(ui, size.x, 10, size.y, rows, em::key_w_max);
    float kh = ks.y, kw = ks.x;
    // The keyboard's own width: ten keys and their gaps (narrower than the column in normal mode).
    size.x = 10 * kw + 9 * gap;
    ImVec2 o = ImGui::GetCursorScreenPos();
    bool changed = false;
    float y = o.y;

    // Candidate row: composing letters, then candidates (paged), each tap takes the letters it stands for.
    if (pinyin) {
        const int per_page = std::max(3, static_cast<int>(size.x / ui.px(4.2f)) - 1);
        std::size_t total = 0;
        auto cands = v.composing.empty() ? std::vector<PinyinCandidate>{}
                                         : ui.app.pinyin->candidates(v.composing, static_cast<std::size_t>(v.candidate_page * per_page),
                                                                 static_cast<std::size_t>(per_page), &total, drawable(ui), ranking);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(o.x, y), ImVec2(o.x + size.x, y + kh), ui.theme.card.im(), ui.px(0.3f));
        dl->AddText(ui.fonts.small, ui.fonts.small->FontSize, ImVec2(o.x + ui.px(0.3f), y + ui.px(0.1f)), ui.theme.muted.im(),
                    v.composing.c_str());
        float pager_w = ui.px(2.4f);
        float x = o.x + ui.px(0.3f);
        float cw = (size.x - 2 * pager_w - ui.px(0.6f)) / per_page;
        for (std::size_t i = 0; i < cands.size(); ++i) {
            ui.fonts.need(cands[i].text);
            ImGui::SetCursorScreenPos(ImVec2(x + i * cw, y + ui.px(0.1f)));
            if (button(ui, cands[i].text + "##cand" + std::to_string(i), ImVec2(cw - gap, kh - ui.px(0.2f)), ButtonKind::secondary, ui.fonts.title)) {
                if (utf8_count(value) < max_chars) value += cands[i].text;
                v.composing.erase(0, std::min(cands[i].consumed, v.composing.size()));
                v.candidate_page = 0;
                changed = true;
            }
        }
        ImGui::SetCursorScreenPos(ImVec2(o.x + size.x - 2 * pager_w, y + ui.px(0.1f)));
        ImGui::BeginDisabled(v.candidate_page == 0);
        if (button(ui, "<##cand_prev", ImVec2(pager_w - gap, kh - ui.px(0.2f)))) --v.candidate_page;
        ImGui::EndDisabled();
        ImGui::SetCursorScreenPos(ImVec2(o.x + size.x - pager_w, y + ui.px(0.1f)));
        ImGui::BeginDisabled(static_cast<std::size_t>((v.candidate_page + 1) * per_page) >= total);
        if (button(ui, ">##cand_next", ImVec2(pager_w - gap, kh - ui.px(0.2f)))) ++v.candidate_page;
        ImGui::EndDisabled();
        y += kh + gap;
    }
    if (allow_digits) {
        for (int d = 0; d < 10; ++d) {
            char c = static_cast<char>(d == 9 ? '0' : '1' + d);
            ImGui::SetCursorScreenPos(ImVec2(o.x + d * (kw + gap), y));
            std::string l(1, c);
            if (button(ui, l + "##digit_" + l, ImVec2(kw, kh)) && utf8_count(value) < max_chars) { value += c; changed = true; }
        }
        y += kh + gap;
    }
    bool bs = false;
    if (char c = letter_rows(ui, ImVec2(o.x, y), size.x, kw, kh, gap, &bs)) {
        if (pinyin) { if (v.composing.size() < 24) v.composing += c; v.candidate_page = 0; }
        else if (utf8_count(value) < max_chars) { value += c; changed = true; }
    }
    if (bs) {
        if (pinyin && !v.composing.empty()) { v.composing.pop_back(); v.candidate_page = 0; }
        else if (!value.empty()) { utf8_pop_back(value); changed = true; }
    }
    y += 3 * (kh + gap);

    // Bottom row: language of the keys, middle dot (minority names: 买买提·艾力), space, clear.
    float bw = (size.x - 3 * gap) / 4;
    ImGui::SetCursorScreenPos(ImVec2(o.x, y));
    if (button(ui, std::string(ui.tr(v.latin_keyboard ? "keys.to_pinyin" : "keys.to_latin")) + "##kb_mode", ImVec2(bw, kh))) {
        v.latin_keyboard = !v.latin_keyboard;
        v.keyboard_chosen = true;
        v.composing.clear();
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x + bw + gap, y));
    if (button(ui, "\xC2\xB7##kb_dot", ImVec2(bw, kh), ButtonKind::secondary, ui.fonts.title) && utf8_count(value) < max_chars) {
        value += "\xC2\xB7";
        changed = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x + 2 * (bw + gap), y));
    if (button(ui, std::string(ui.tr("keys.space")) + "##kb_space", ImVec2(bw, kh)) && utf8_count(value) < max_chars) {
        if (pinyin && !v.composing.empty()) { v.composing.clear(); }
        else { value += ' '; changed = true; }
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x + 3 * (bw + gap), y));
    if (button(ui, std::string(ui.tr("keys.clear")) + "##kb_clear", ImVec2(bw, kh))) {
        value.clear();
        v.composing.clear();
        changed = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, y + kh + gap));
    ImGui::Dummy(ImVec2(size.x, 1));

    // Physical keyboard: letters compose pinyin in Chinese mode, everything else is typed as is.
    ImGuiIO& io = ImGui::GetIO();
    if (pinyin) {
        ImVector<ImWchar> rest;
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            ImWchar c = io.InputQueueCharacters[i];
            if (c >= 'a' && c <= 'z') v.composing += static_cast<char>(c);
            else if (c == ' ' && !v.composing.empty()) {
                // Space takes the first candidate, as every pinyin IME does.
                auto first = ui.app.pinyin->candidates(v.composing, 0, 1, nullptr, drawable(ui), ranking);
                if (!first.empty()) { value += first[0].text; v.composing.erase(0, first[0].consumed); changed = true; }
            } else rest.push_back(c);
        }
        io.InputQueueCharacters.swap(rest);
    }
    if (physical_input(ui, value, max_chars, nullptr)) changed = true;
    return changed;
}

} // namespace kiosk::ui
