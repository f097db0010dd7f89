#include "printer/layout.hpp"

#include "printer/gb18030.hpp"

namespace kiosk::printer {

namespace {

bool east_asian_wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Characters that should not begin a line (a light form of the Chinese line-breaking rules).
bool closing_punct(char32_t c) {
    switch (c) {
    case U'，': case U'。': case U'、': case U'；': case U'：': case U'？': case U'！': case U'）':
    case U'」': case U'』': case U'》': case U'〉': case U'”': case U'’': case U',': case U'.':
    case U';': case U':': case U'!': case U'?': case U')':
        return true;
    default:
        return false;
    }
}

bool wide_break(char32_t a, char32_t b) { return char_columns(a) == 2 || char_columns(b) == 2; }

} // namespace

int char_columns(char32_t c) {
    if (c < 0x80) return 1;
    if (east_asian_wide(c)) return 2;
    // Symbols such as · — ° are two bytes in GBK, and the printer prints every two-byte character full width.
    char32_t one[1] = {c};
    auto enc = gb18030_encode(std::u32string_view(one, 1));
    return (enc && enc->lengths.size() == 1 && enc->lengths[0] == 2) ? 2 : 1;
}

int text_columns(std::u32string_view s) {
    int n = 0;
    for (char32_t c : s) n += char_columns(c);
    return n;
}

std::vector<std::u32string> wrap_text(std::u32string_view s, int columns, int indent) {
    std::vector<std::u32string> lines;
    if (columns < 2) columns = 2;
    if (indent > columns / 2) indent = columns / 2;
    const std::u32string pad(static_cast<std::size_t>(indent), U' ');

    std::u32string line;
    int width = 0;
    auto start_continuation = [&] { line = pad; width = indent; };
    auto trim_right = [](std::u32string& l) { while (!l.empty() && l.back() == U' ') l.pop_back(); };

    for (std::size_t i = 0; i < s.size(); ++i) {
        char32_t c = s[i];
        if (c == U'\n') { trim_right(line); lines.push_back(line); line.clear(); width = 0; continue; }
        if (c == U'\r' || c == U'\t') c = U' ';
        int w = char_columns(c);
        if (width + w <= columns) { line += c; width += w; continue; }
        if (c == U' ') { trim_right(line); lines.push_back(line); start_continuation(); continue; }

        // Find the last break opportunity in the line: after a space, or between wide characters.
        std::size_t brk = std::u32string::npos;
        for (std::size_t k = line.size(); k > pad.size(); --k) {
            char32_t prev = line[k - 1];
            char32_t next = k < line.size() ? line[k] : c;
            // after '-' or '/' too: long references such as a UUID break at their hyphens
            bool after_mark = (prev == U'-' || prev == U'/') && k >= 2 && line[k - 2] != U' ';
            if (prev == U' ' || after_mark || (wide_break(prev, next) && !closing_punct(next))) { brk = k; break; }
        }
        // A closing mark glued to the end of a full line: push the last character down with it.
        if (brk == std::u32string::npos && closing_punct(c) && line.size() > pad.size() + 1) brk = line.size() - 1;
        if (brk == std::u32string::npos || brk <= pad.size()) brk = line.size();

        std::u32string carry = line.substr(brk);
        while (!carry.empty() && carry.front() == U' ') carry.erase(carry.begin());
        // The carried text plus c must fit the next line; if not (a word longer than a line), hard break.
        if (indent + text_columns(carry) + w > columns) { brk = line.size(); carry.clear(); }
        line.resize(brk);
        trim_right(line);
        lines.push_back(line);
        start_continuation();
        line += carry;
        width += text_columns(carry);
        line += c;
        width += w;
    }
    trim_right(line);
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

} // namespace kiosk::printer
