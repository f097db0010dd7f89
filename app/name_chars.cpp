#include "app/name_chars.hpp"

#include <fstream>

namespace kiosk {

namespace {

// Adds each entry of one lexicon file to `ranks`, keeping the best (lowest) position an entry has in any
// of the files read into it. False when the file cannot be opened.
bool read_list(const std::filesystem::path& file, std::unordered_map<std::string, int>& ranks) {
    std::ifstream in(file);
    if (!in) return false;
    std::string line;
    int pos = 0;
    while (std::getline(in, line)) {
        // Friso's lines are "entry" (an optional "/…" tail in other lexicons); trim spaces and CR.
        if (auto slash = line.find('/'); slash != std::string::npos) line.resize(slash);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        line.erase(0, start);
        auto [it, added] = ranks.emplace(line, pos);
        if (!added && pos < it->second) it->second = pos;
        ++pos;
    }
    return true;
}

} // namespace

Result<NameChars> NameChars::load(const std::filesystem::path& dir) {
    NameChars n;
    if (!read_list(dir / "lex-lname.lex", n.surnames_) || n.surnames_.empty())
        return Error{"names.missing", (dir / "lex-lname.lex").string() + ": cannot read (install friso-dict)"};
    for (const char* f : {"lex-sname.lex", "lex-dname-1.lex", "lex-dname-2.lex"}) (void)read_list(dir / f, n.given_);
    return n;
}

int NameChars::rank(std::string_view text, PinyinRanking ranking) const {
    const auto* list = ranking == PinyinRanking::surname ? &surnames_ : ranking == PinyinRanking::given_name ? &given_ : nullptr;
    if (!list) return -1;
    auto it = list->find(std::string(text));
    return it == list->end() ? -1 : it->second;
}

} // namespace kiosk
