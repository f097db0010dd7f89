// Numeric, ID (digits + X) and phone keypads, the short reference's keys, and the physical-keyboard path
// they share.
#include "ui/widgets/keys.hpp"
#include "app/short_ref.hpp"
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

bool code_keypad(Ui& ui, std::string& value, std::size_t max_len, ImVec2 size) {
    constexpr int kCols = 7, kRows = 4;   // 24 characters, then 清除 and 退格 two keys wide each
    static_assert(kShortRefAlphabet.size() + 4 == kCols * kRows, "code_keypad's grid is the alphabet plus two wide keys");
    const float gap = key_gap(ui);
    const ImVec2 ks = key_size(ui, size.x, kCols, size.y, kRows, em::key_w_max);
    bool changed = false;
    ImGui::PushID("code_keypad");
    // Centred across the room: in normal mode the keys stop growing at key_w_max.
    const float left = ImGui::GetCursorScreenPos().x;
    const ImVec2 origin(left + std::max(0.0f, (size.x - kCols * ks.x - (kCols - 1) * gap) * 0.5f), ImGui::GetCursorScreenPos().y);
    auto at = [&](int slot) { return ImVec2(origin.x + (slot % kCols) * (ks.x + gap), origin.y + (slot / kCols) * (ks.y + gap)); };
    for (std::size_t i = 0; i < kShortRefAlphabet.size(); ++i) {
        const std::string k(1, kShortRefAlphabet[i]);
        ImGui::SetCursorScreenPos(at(static_cast<int>(i)));
        if (button(ui, k + "##kc_" + k, ks, ButtonKind::secondary, ui.fonts.title) && value.size() < max_len) {
            value += k;
            changed = true;
        }
    }
    const int last = static_cast<int>(kShortRefAlphabet.size());
    const ImVec2 wide(2 * ks.x + gap, ks.y);
    ImGui::SetCursorScreenPos(at(last));
    if (button(ui, std::string(ui.tr("keys.clear")) + "##kc_clear", wide)) { changed = !value.empty(); value.clear(); }
    ImGui::SetCursorScreenPos(at(last + 2));
    if (button(ui, std::string(ui.tr("keys.backspace")) + "##kc_bs", wide, ButtonKind::secondary, ui.fonts.bold) && !value.empty()) {
        value.pop_back();
        changed = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(left, origin.y + kRows * (ks.y + gap)));
    ImGui::Dummy(ImVec2(size.x, 1));
    ImGui::PopID();
    auto accept = +[](unsigned cp) {
        return cp < 0x80 && kShortRefAlphabet.find(static_cast<char>(std::toupper(static_cast<int>(cp)))) != std::string_view::npos;
    };
    if (physical_input(ui, value, max_len, accept)) {
        for (auto& ch : value) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        changed = true;
    }
    return changed;
}

} // namespace kiosk::ui
