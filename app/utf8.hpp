#pragma once
// [SECTION] UTF-8 — the one decoder and the one encoder of the whole tree (core, printer, ui).
// Why one: the validators, the printer, the font baker and the pinyin splitter each had their own decoder
// and each disagreed about what a bad byte is. Now what is ill-formed is decided here, once, strictly
// (RFC 3629 / Unicode 15 §3.9): overlong forms, UTF-16 surrogates (U+D800..U+DFFF), values above U+10FFFF,
// truncated sequences, stray continuation bytes and the bytes 0xF8..0xFF are never characters — they are
// the classic ways to smuggle a character past a check. What a caller does with a bad byte is its policy.
//
// Depends on nothing but the standard library and app/result.hpp, so every part can use it.
#include "app/result.hpp"

#include <cassert>
#include <string>
#include <string_view>
#include <type_traits>

namespace kiosk::utf8 {

inline constexpr char32_t replacement_char = U'\uFFFD';
inline constexpr char32_t max_code_point = 0x10FFFF;

// What to do with a byte that does not start a well-formed sequence. A bad byte is always one byte: the
// decoder resynchronises at the next byte, so one broken character never swallows the ASCII after it.
enum class OnBad {
    reject,    // stop: the text is invalid (validators — a resident's input is refused, not repaired)
    replace,   // yield U+FFFD for each bad byte (printer — a damaged string still prints something visible)
    skip,      // drop the bad byte (font baking, typed input — nothing to draw for it)
};

// One decoding step at the start of a non-empty `s`: the character and the bytes it took, or, for an
// ill-formed start, {U+FFFD, the first byte only, valid = false}.
struct Unit {
    char32_t cp;
    std::string_view bytes;
    bool valid;
};
Unit next(std::string_view s);

// Calls f for each character of `s` in order, as f(cp, bytes) or f(cp). Bad bytes are handled by `on_bad`;
// under OnBad::replace f sees U+FFFD with the one bad byte as `bytes`. Returns false only under
// OnBad::reject, at the first bad byte (f has then been called for the characters before it).
template <class F>
bool for_each(std::string_view s, OnBad on_bad, F&& f) {
    while (!s.empty()) {
        const Unit u = next(s);
        s.remove_prefix(u.bytes.size());
        if (!u.valid) {
            if (on_bad == OnBad::reject) return false;
            if (on_bad == OnBad::skip) continue;
        }
        if constexpr (std::is_invocable_v<F&, char32_t, std::string_view>) f(u.cp, u.bytes);
        else f(u.cp);
    }
    return true;
}

// The code points of `s`. Fails (code "utf8.invalid", the byte offset in the message) only under reject.
Result<std::u32string> decode(std::string_view s, OnBad on_bad);
// The same for the policies that cannot fail (replace, skip): no Result to unwrap, and safe to loop over
// directly (`for (char32_t c : *decode(...))` would dangle in C++20).
std::u32string decode_lossy(std::string_view s, OnBad on_bad);

// Appends the UTF-8 form of `cp`. A value that is not a character (a surrogate, above U+10FFFF) is written
// as U+FFFD, so that what the encoder writes is always valid UTF-8.
void append(std::string& out, char32_t cp);
std::string encode(std::u32string_view cps);

} // namespace kiosk::utf8
