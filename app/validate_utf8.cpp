// Character classes shared by the validators and masking, and utf8_length. The decoding itself is the one
// in app/utf8.hpp (strict; the validators reject what it calls bad).
#include "validate_detail.hpp"

namespace kiosk::detail {

bool is_han(char32_t cp) {
    // Whole blocks rather than only assigned code points: an unassigned one cannot be typed on the kiosk,
    // and a font or IME update must not turn a valid name invalid.
    return (cp >= 0x3400 && cp <= 0x4DBF)       // Ext. A
        || (cp >= 0x4E00 && cp <= 0x9FFF)       // URO
        || (cp >= 0xF900 && cp <= 0xFAFF)       // compatibility ideographs
        || (cp >= 0x20000 && cp <= 0x2FA1F)     // Ext. B–F, I and the compatibility supplement
        || (cp >= 0x30000 && cp <= 0x323AF)     // Ext. G, H
        || cp == 0x3007;                        // 〇: used in given names (e.g. 王〇)
}

bool is_name_dot(char32_t cp) {
    // U+00B7 is the official separator (GB 18030, ID cards). Pinyin IMEs and phone keyboards also produce
    // the katakana middle dot, the bullet and the full-width full stop for "·"; we accept them so that a
    // resident is not rejected for a dot that looks identical on screen. normalize_name() maps them to U+00B7.
    return cp == 0x00B7 || cp == 0x30FB || cp == 0x2022 || cp == 0xFF0E;
}

bool is_latin_letter(char32_t cp) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) return true;
    if (cp >= 0x00C0 && cp <= 0x00FF) return cp != 0x00D7 && cp != 0x00F7;  // × and ÷ are not letters
    return (cp >= 0x0100 && cp <= 0x024F)      // Latin Extended-A and -B
        || (cp >= 0x1E00 && cp <= 0x1EFF);     // Latin Extended Additional (Vietnamese)
}

bool is_combining_mark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
        || cp == 0x2028 || cp == 0x2029                 // line/paragraph separators break one-line fields
        || (cp >= 0x202A && cp <= 0x202E)               // bidi embeddings/overrides can disguise text
        || (cp >= 0x2066 && cp <= 0x2069)               // bidi isolates
        || cp == 0xFEFF;                                // BOM / zero-width no-break space
}

bool is_space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

std::u32string_view trim(std::u32string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view trim_bytes(std::string_view s) {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    for (bool changed = true; changed;) {
        changed = false;
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) { s.remove_prefix(1); changed = true; }
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) { s.remove_suffix(1); changed = true; }
        if (s.starts_with(ideographic_space)) { s.remove_prefix(3); changed = true; }
        if (s.ends_with(ideographic_space)) { s.remove_suffix(3); changed = true; }
    }
    return s;
}

} // namespace kiosk::detail

namespace kiosk {

std::optional<std::size_t> utf8_length(std::string_view s) {
    auto cps = utf8::decode(s, utf8::OnBad::reject);
    if (!cps) return std::nullopt;
    return cps->size();
}

} // namespace kiosk
