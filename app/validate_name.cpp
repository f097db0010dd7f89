// Personal names: Chinese (incl. the middle dot of minority and transliterated names and rare characters
// from CJK Extension B and later, which need 4-byte UTF-8) or Latin (incl. accented letters). One script per
// name: a mixed name is almost always a typing slip (IME left in the wrong mode), and the ID card office
// registers a name in one script. Rules and their reasons are in docs/VALIDATION.md.
#include "validate_detail.hpp"

namespace kiosk {
namespace {

constexpr std::size_t kMinChars = 2;          // a registered Chinese name is family name + given name
constexpr std::size_t kMaxChineseChars = 30;  // long transliterated minority names fit with room to spare
constexpr std::size_t kMaxLatinChars = 60;

bool is_latin_separator(char32_t cp) { return cp == ' ' || cp == '-' || cp == '\'' || cp == 0x2019; }

Validation check_length(std::size_t n, std::size_t max) {
    if (n < kMinChars) return detail::make_error("name.too_short");
    if (n > max) return detail::make_error("name.too_long", {{"max", std::to_string(max)}});
    return std::nullopt;
}

Validation check_chinese(std::u32string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t cp = s[i];
        if (detail::is_han(cp)) continue;
        if (detail::is_space(cp)) return detail::make_error("name.space");
        if (!detail::is_name_dot(cp)) return detail::make_error("name.chars");
        // The dot separates two parts of a name: never first, last, or doubled (买买提·艾力).
        if (i == 0 || i + 1 == s.size() || detail::is_name_dot(s[i + 1])) return detail::make_error("name.dot");
    }
    return check_length(s.size(), kMaxChineseChars);
}

Validation check_latin(std::u32string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t cp = s[i];
        if (detail::is_latin_letter(cp)) continue;
        if (detail::is_combining_mark(cp)) {
            // Decomposed accents (e + U+0301) are fine after a letter or another mark, never on their own.
            if (i == 0 || is_latin_separator(s[i - 1])) return detail::make_error("name.chars");
            continue;
        }
        if (!is_latin_separator(cp)) return detail::make_error("name.chars");
        if (i == 0 || i + 1 == s.size() || is_latin_separator(s[i + 1])) return detail::make_error("name.separator");
    }
    return check_length(s.size(), kMaxLatinChars);
}

} // namespace

Validation validate_name(std::string_view raw) {
    auto decoded = utf8::decode(raw, utf8::OnBad::reject);
    if (!decoded) return detail::make_error("text.utf8");
    const std::u32string_view s = detail::trim(*decoded);
    if (s.empty()) return detail::make_error("name.empty");

    bool han = false, latin = false;
    for (char32_t cp : s) {
        han = han || detail::is_han(cp);
        latin = latin || detail::is_latin_letter(cp);
    }
    if (han && latin) return detail::make_error("name.mixed");
    // Anything without Latin letters is judged as a Chinese name: "·" alone is then a dot problem and
    // digits or symbols are reported as characters a name cannot have.
    return latin ? check_latin(s) : check_chinese(s);
}

std::string normalize_name(std::string_view raw) {
    auto decoded = utf8::decode(raw, utf8::OnBad::reject);
    if (!decoded) return std::string(raw);  // left for validate_name to reject; never guess at bytes
    std::string out;
    for (char32_t cp : detail::trim(*decoded)) utf8::append(out, detail::is_name_dot(cp) ? U'\u00B7' : cp);
    return out;
}

} // namespace kiosk
