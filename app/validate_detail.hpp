#pragma once
// Internal to the validators and masking (app/validate_*.cpp, app/mask.cpp) and their tests — not a contract
// between parts. Holds the character classes and the table of error messages, so that every
// error code has exactly one zh/en text and docs/VALIDATION.md can be checked against one place.
#include "validators.hpp"
#include "app/utf8.hpp"

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::detail {

// [SECTION] Character classes
bool is_han(char32_t cp);           // CJK ideographs incl. Ext. A–I, compatibility ideographs and 〇 U+3007
bool is_name_dot(char32_t cp);      // · U+00B7 and the look-alikes residents type for it
bool is_latin_letter(char32_t cp);  // ASCII and accented Latin letters
bool is_combining_mark(char32_t cp);
bool is_control(char32_t cp);       // C0/C1 controls, DEL, line/paragraph separators, bidi overrides
bool is_space(char32_t cp);         // ASCII space/tab and the ideographic space U+3000

// Trims is_space() from both ends of decoded text.
std::u32string_view trim(std::u32string_view s);
// Trims ASCII spaces/tabs and the UTF-8 ideographic space from both ends of raw bytes.
std::string_view trim_bytes(std::string_view s);

// [SECTION] Messages
struct MessageDef {
    std::string_view code;
    std::string_view zh;
    std::string_view en;
};
// Every error code the validators can return, in the order docs/VALIDATION.md lists them.
std::span<const MessageDef> all_messages();

// Builds the error for `code`, substituting "{name}" placeholders from `args`. An unknown code is a
// programming error (asserted); in release builds it still yields a generic, non-empty message.
ValidationError make_error(std::string_view code,
                           std::initializer_list<std::pair<std::string_view, std::string>> args = {});

} // namespace kiosk::detail
