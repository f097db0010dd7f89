// Masked personal data for receipts and staff lists. A mask must never reveal more than intended, even on
// input the validators would reject: invalid UTF-8 becomes "***" rather than being passed through.
// Each hidden character becomes one '*', as on bank and ticket receipts residents already know; the length
// a mask shows is no more than the printed ticket's layout would reveal anyway.
#include "mask.hpp"

#include "validate_detail.hpp"

#include <algorithm>

namespace kiosk {
namespace {

using utf8::encode;

constexpr std::string_view kUnreadable = "***";

std::string stars(std::size_t n) { return std::string(n, '*'); }

// Keeps the first `head` and last `tail` code points when the text is long enough to still hide at least
// `min_hidden`; otherwise keeps only the last two (and nothing of one or two characters).
std::string keep_ends(std::u32string_view s, std::size_t head, std::size_t tail, std::size_t min_hidden) {
    if (s.empty()) return {};
    if (s.size() >= head + tail + min_hidden)
        return encode(s.substr(0, head)) + stars(s.size() - head - tail) + encode(s.substr(s.size() - tail));
    if (s.size() <= 2) return stars(s.size());
    return stars(s.size() - 2) + encode(s.substr(s.size() - 2));
}

// "John Smith" → "J*** S****": the initial of each word, so staff can tell two queued residents apart.
// Names made only of initials ("A B") would show in full that way; then only the very first letter stays.
std::string mask_latin_words(std::u32string_view s) {
    const bool only_initials = [&] {
        for (std::size_t i = 1; i < s.size(); ++i)
            if (!detail::is_space(s[i]) && !detail::is_space(s[i - 1])) return false;
        return true;
    }();
    std::string out;
    bool word_start = true;
    for (char32_t cp : s) {
        if (detail::is_space(cp)) {
            out.push_back(' ');
            word_start = !only_initials;
        } else if (word_start) {
            utf8::append(out, cp);
            word_start = false;
        } else {
            out.push_back('*');
        }
    }
    return out;
}

} // namespace

std::string mask_name(std::string_view utf8_name) {
    auto decoded = utf8::decode(utf8_name, utf8::OnBad::reject);
    if (!decoded) return std::string(kUnreadable);
    const std::u32string_view s = detail::trim(*decoded);
    const bool latin = std::any_of(s.begin(), s.end(), detail::is_latin_letter);
    if (latin) return mask_latin_words(s);
    // Chinese: 张三 → 张*, 张小三 → 张*三, longer names keep first and last. The middle dot of a minority
    // name is masked like a character (买买提·艾力 → 买****力): showing it would reveal where the given name
    // ends, which with the first and last character narrows the name down too far.
    if (s.size() <= 1) return stars(s.size());
    if (s.size() == 2) return encode(s.substr(0, 1)) + "*";
    return encode(s.substr(0, 1)) + stars(s.size() - 2) + encode(s.substr(s.size() - 1));
}

std::string mask_id_number(std::string_view id) {
    auto decoded = utf8::decode(normalize_id_number(id), utf8::OnBad::reject);
    if (!decoded) return std::string(kUnreadable);
    // 18-character numbers: first 4 (province and city) and last 4 → 1101**********002X. Shorter documents
    // (travel permits, 9 or 11 characters) would show most of the number that way, so they keep the last 2.
    return keep_ends(*decoded, 4, 4, 7);
}

std::string mask_phone(std::string_view phone) {
    auto decoded = utf8::decode(normalize_phone(phone), utf8::OnBad::reject);
    if (!decoded) return std::string(kUnreadable);
    // 13800138000 → 138****8000: carrier prefix and last four, the form residents see on every bill.
    return keep_ends(*decoded, 3, 4, 4);
}

} // namespace kiosk
