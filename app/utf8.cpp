// The decoder and encoder declared in app/utf8.hpp. Hand-written rather than taken from a library: the
// rules are short, must be strict, and the core may not pull in ICU just to count characters.
#include "app/utf8.hpp"

namespace kiosk::utf8 {

Unit next(std::string_view s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 < 0x80) return {b0, s.substr(0, 1), true};
    const Unit bad{replacement_char, s.substr(0, 1), false};
    std::size_t len = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    else return bad;                               // stray continuation byte or 0xF8..0xFF
    if (len > s.size()) return bad;                // truncated at the end
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[k]);
        if ((b & 0xC0) != 0x80) return bad;        // truncated inside the text
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min) return bad;                      // overlong: the same character in more bytes
    if (cp >= 0xD800 && cp <= 0xDFFF) return bad;  // UTF-16 surrogate halves are not characters
    if (cp > max_code_point) return bad;
    return {cp, s.substr(0, len), true};
}

Result<std::u32string> decode(std::string_view s, OnBad on_bad) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t offset = 0;
    const bool ok = for_each(s, on_bad, [&](char32_t cp, std::string_view bytes) {
        out.push_back(cp);
        offset += bytes.size();
    });
    if (!ok) return Error{"utf8.invalid", "invalid UTF-8 at byte " + std::to_string(offset)};
    return out;
}

std::u32string decode_lossy(std::string_view s, OnBad on_bad) {
    assert(on_bad != OnBad::reject && "decode_lossy() cannot fail: call decode() to reject bad bytes");
    std::u32string out;
    out.reserve(s.size());
    for_each(s, on_bad, [&](char32_t cp) { out.push_back(cp); });
    return out;
}

void append(std::string& out, char32_t cp) {
    if (cp > max_code_point || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_char;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode(std::u32string_view cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t cp : cps) append(out, cp);
    return out;
}

} // namespace kiosk::utf8
