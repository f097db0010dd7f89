#pragma once
// [SECTION] Keypads and keyboards — on-screen input for people with no physical keyboard.
// Each returns true when it changed the value it edits. A physical keyboard or a barcode scanner works
// too: its characters arrive through the same functions (physical_input), already queued by the runner.
#include "ui/widgets/widgets.hpp"

#include "app/field.hpp"
#include "app/name_chars.hpp"

#include <string>
#include <string_view>

namespace kiosk::ui {

enum class KeypadKind { digits, id, phone };

// 3×4 keypad: 1-9, then (X | empty) 0 ⌫. `max_len` in characters.
bool keypad(Ui& ui, KeypadKind kind, std::string& value, std::size_t max_len, ImVec2 size);

// One key per character of `chars` (the short reference's alphabet, a ticket's letters and digits), then
// 删除, in as many rows as fit `size` (keys at least tap_min tall); a physical keyboard or scanner types
// the same characters, any case. `id` keeps two such pads on one screen apart.
bool char_keypad(Ui& ui, std::string_view chars, std::string& value, std::size_t max_len, ImVec2 size, const char* id);

// Letter keyboard. With pinyin (Chinese mode) letters compose in ui.visit.composing and candidates from
// the pinyin engine turn them into 汉字; Latin mode types letters directly. `allow_digits` adds a digit row
// (addresses). `ranking` orders the candidates (name fields: surnames, then given-name characters, first).
// Returns true when `value` changed.
bool text_keyboard(Ui& ui, std::string& value, std::size_t max_chars, bool allow_digits, ImVec2 size,
                   PinyinRanking ranking = PinyinRanking::usual);

// Letters-only keyboard whose letters go straight into `value` (catalog search by pinyin/initials).
bool letter_keyboard(Ui& ui, std::string& value, std::size_t max_chars, ImVec2 size);

// Date picker: month and year steppers and a day grid; never typed. `value` is YYYY-MM-DD or empty.
// A month grid; only the days date_allowed() takes can be tapped (working_days: Monday to Friday).
bool date_picker(Ui& ui, std::string& value, DateRange range, bool working_days, ImVec2 size);

// Characters and Backspace from a physical keyboard/scanner. `accept` filters code points.
bool physical_input(Ui& ui, std::string& value, std::size_t max_chars, bool (*accept)(unsigned cp));

// Key sizes. Normal mode: keys are sized in em like the rest of the screen (at most key_w_max ×
// key_h_max), however much room the input column has. Elderly mode: the keys take all the room there is,
// with narrower gaps, so they always come out at least as large as in normal mode (issue #11, defect 7;
// tests/ui/test_legibility measures both at three resolutions).
namespace em {
constexpr float key_w_max = 2.6f, key_h_max = 3.6f;       // letter keys, normal mode
constexpr float pad_w_max = 6.0f;                          // keypad keys, normal mode (height: key_h_max)
} // namespace em
float key_gap(const Ui& ui);
// Width and height of one key of a row of `per_row` keys in `width`, of `rows` rows in `height`.
ImVec2 key_size(const Ui& ui, float width, int per_row, float height, int rows, float w_max);

// UTF-8 helpers for editing values (they count and cut at lead bytes; encoding is app/utf8.hpp).
std::size_t utf8_count(const std::string& s);
void utf8_pop_back(std::string& s);

} // namespace kiosk::ui
