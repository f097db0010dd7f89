// Numeric, ID (digits + X) and phone keypads, the short reference's keys, and the physical-keyboard path
// they share.
#include "ui/widgets/keys.hpp"
#include "app/utf8.hpp"

#include <cctype>

#include <GLFW/glfw3.h>

namespace kiosk::ui {

std::size_t utf8_count(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) if ((c & 0xC0) != 0x80) ++n;
    return n;
}

void utf8_pop_back(std::string& s) {
    while (!s.empty()) {
        unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;
    }
}

bool physical_input(Ui& ui, std::string& value, std::size_t max_chars, bool (*accept)(unsigned)) {
    ImGuiIO& io = ImGui::GetIO();
    bool changed = false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        unsigned cp = io.InputQueueCharacters[i];
        if (accept && !accept(cp)) continue;
        if (utf8_count(value) >= max_chars) break;
        utf8::append(value, cp);
        ui.fonts.need_codepoint(cp);
        changed = true;
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, true) && !value.empty()) { utf8_pop_back(value); changed = true; }
    if (changed) ui.session.activity();
    return changed;
}

float key_gap(const Ui& ui) { return ui.px(ui.session.elderly() ? 0.2f : 0.3f); }

ImVec2 key_size(const Ui& ui, float width, int per_row, float height, int rows, float w_max) {
    const float gap = key_gap(ui);
    float kw = (width - (per_row - 1) * gap) / per_row;
    float kh = std::max(ui.px(em::tap_min), (height - (rows - 1) * gap) / rows);
    if (!ui.session.elderly()) { kw = std::min(kw, ui.px(w_max)); kh = std::min(kh, ui.px(em::key_h_max)); }
    return ImVec2(kw, std::max(kh, ui.px(em::tap_min)));
}

bool keypad(Ui& ui, KeypadKind kind, std::string& value, std::size_t max_len, ImVec2 size) {
    static const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "<"};
    float gap = key_gap(ui);
    const ImVec2 ks = key_size(ui, size.x, 3, size.y, 4, em::pad_w_max);
    float kw = ks.x, kh = ks.y;
    bool changed = false;
    ImGui::PushID("keypad");
    ImVec2 origin = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 12; ++i) {
        int r = i / 3, c = i % 3;
        ImGui::SetCursorScreenPos(ImVec2(origin.x + c * (kw + gap), origin.y + r * (kh + gap)));
        std::string k = keys[i];
        if (k == "X" && kind != KeypadKind::id) {
            // Phone and number pads: that corner clears the value instead.
            if (button(ui, std::string(ui.tr("keys.clear")) + "##kp_clear", ImVec2(kw, kh))) { value.clear(); changed = true; }
            continue;
        }
        std::string label = k == "<" ? std::string(ui.tr("keys.backspace")) + "##kp_bs" : k + "##kp_" + k;
        ImFont* f = k == "<" ? ui.fonts.bold : ui.fonts.title;
        if (button(ui, label, ImVec2(kw, kh), ButtonKind::secondary, f)) {
            if (k == "<") { if (!value.empty()) value.pop_back(); }
            else if (value.size() < max_len) value += k;
            changed = true;
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + 4 * (kh + gap)));
    ImGui::Dummy(ImVec2(size.x, 1));
    ImGui::PopID();
    auto accept = kind == KeypadKind::id ? +[](unsigned cp) { return (cp >= '0' && cp <= '9') || cp == 'x' || cp == 'X'; }
                                         : +[](unsigned cp) { return cp >= '0' && cp <= '9'; };
    std::string before = value;
    if (physical_input(ui, value, max_len, accept)) {
        for (auto& ch : value) if (ch == 'x') ch = 'X';
        changed = changed || value != before;
    }
    return changed;
}

bool char_keypad(Ui& ui, std::string_view chars, std::string& value, std::size_t max_len, ImVec2 size, const char* id) {
    // As many columns as keys of at least 2.2 em fit across, fewer when the rows fit anyway (no one-row
    // strip of narrow keys), more when the height holds too few rows of tap_min keys.
    const float gap = key_gap(ui);
    const int n = static_cast<int>(chars.size()) + 1;   // and 删除
    const int fit_cols = std::max(3, static_cast<int>((size.x + gap) / (ui.px(2.2f) + gap)));
    const int fit_rows = std::max(1, static_cast<int>((size.y + gap) / (ui.px(em::tap_min) + gap)));
    int cols = std::min(fit_cols, n);
    cols = std::max(cols, (n + fit_rows - 1) / fit_rows);
    const int rows = (n + cols - 1) / cols;
    const ImVec2 ks = key_size(ui, size.x, cols, size.y, rows, em::key_w_max);
    bool changed = false;
    ImGui::PushID(id);
    // Centred across the room: in normal mode the keys stop growing at key_w_max.
    const float left = ImGui::GetCursorScreenPos().x;
    const ImVec2 origin(left + std::max(0.0f, (size.x - cols * ks.x - (cols - 1) * gap) * 0.5f), ImGui::GetCursorScreenPos().y);
    auto at = [&](int slot) { return ImVec2(origin.x + (slot % cols) * (ks.x + gap), origin.y + (slot / cols) * (ks.y + gap)); };
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const std::string k(1, chars[i]);
        ImGui::SetCursorScreenPos(at(static_cast<int>(i)));
        if (button(ui, k + "##ck_" + k, ks, ButtonKind::secondary, ui.fonts.title) && value.size() < max_len) {
            value += k;
            changed = true;
        }
    }
    // 删除 takes the last key and whatever is left of the last row.
    const int last = n - 1, span = cols - last % cols;
    ImGui::SetCursorScreenPos(at(last));
    if (button(ui, std::string(ui.tr("keys.backspace")) + "##ck_bs", ImVec2(span * ks.x + (span - 1) * gap, ks.y), ButtonKind::secondary,
               ui.fonts.bold) && !value.empty()) {
        value.pop_back();
        changed = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(left, origin.y + rows * (ks.y + gap)));
    ImGui::Dummy(ImVec2(size.x, 1));
    ImGui::PopID();
    // A physical keyboard or scanner: the same characters, any case.
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned cp = io.InputQueueCharacters[i];
        const char c = cp < 0x80 ? static_cast<char>(std::toupper(static_cast<int>(cp))) : 0;
        if (c && chars.find(c) != std::string_view::npos && value.size() < max_len) { value += c; changed = true; }
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, true) && !value.empty()) { value.pop_back(); changed = true; }
    if (changed) ui.session.activity();
    return changed;
}

} // namespace kiosk::ui
