#pragma once
// [SECTION] NameChars — which characters Chinese names are made of, most common first, for ranking pinyin
// candidates in name fields (王 before 网 for "wang", 张 before 章 for "zhang").
//
// Data: Debian's friso-dict (the Friso word splitter's lexicon, /usr/share/friso/dict/UTF-8): lex-lname.lex
// lists the surnames (单姓 then 复姓 such as 欧阳) in order of frequency, lex-sname.lex the characters of
// one-character given names, lex-dname-1/-2.lex the first and second characters of two-character given
// names. One entry per line, "#" starts a comment (the list itself comments some out). ~1 100 lines, read
// in well under a millisecond, so they are not cached with the dictionary.
#include "result.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kiosk {

// How candidates are ordered: as in any text, or name characters first (the surname for a name field's
// first character, given-name characters after it).
enum class PinyinRanking { usual, surname, given_name };

class NameChars {
public:
    static constexpr const char* kDefaultDir = "/usr/share/friso/dict/UTF-8";
    // Error "names.missing" when the surname list cannot be read (install friso-dict); the given-name
    // lists are optional. Lines that are blank or comments are skipped.
    static Result<NameChars> load(const std::filesystem::path& dir = kDefaultDir);
    // Position of `text` in the list `ranking` names (0 = most common), or -1 when it is not a name
    // character (and always for PinyinRanking::usual).
    int rank(std::string_view text, PinyinRanking ranking) const;
    bool empty() const { return surnames_.empty(); }
    std::size_t surname_count() const { return surnames_.size(); }
    std::size_t given_count() const { return given_.size(); }

private:
    std::unordered_map<std::string, int> surnames_, given_;
};

} // namespace kiosk
