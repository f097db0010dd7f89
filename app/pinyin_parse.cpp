// [SECTION] Index
//   [SECTION] OpenCC  — t2s through dlopen (optional at run time)
//   [SECTION] Parsing — dict.yaml + table.txt → merged entries (the slow path, once per installation)
#include "app/pinyin_parse.hpp"
#include "app/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <dlfcn.h>
#include <fstream>
#include <map>
#include <unordered_map>

namespace kiosk::pinyin {

namespace {

// [SECTION] OpenCC
// Luna Pinyin is written in traditional characters; Rime's own luna_pinyin_simp converts them the same way.
struct OpenCC {
    using open_fn = void* (*)(const char*);
    using conv_fn = char* (*)(void*, const char*, std::size_t);
    using free_fn = void (*)(char*);
    using close_fn = int (*)(void*);
    void* lib = nullptr;
    void* handle = nullptr;
    conv_fn conv = nullptr;
    free_fn free_ = nullptr;
    close_fn close = nullptr;
    OpenCC() {
        lib = ::dlopen("libopencc.so.1.1", RTLD_NOW | RTLD_LOCAL);
        if (!lib) return;
        auto open = reinterpret_cast<open_fn>(::dlsym(lib, "opencc_open"));
        conv = reinterpret_cast<conv_fn>(::dlsym(lib, "opencc_convert_utf8"));
        free_ = reinterpret_cast<free_fn>(::dlsym(lib, "opencc_convert_utf8_free"));
        close = reinterpret_cast<close_fn>(::dlsym(lib, "opencc_close"));
        if (!open || !conv || !free_ || !close) return;
        void* h = open("t2s.json");
        if (h != reinterpret_cast<void*>(-1) && h != nullptr) handle = h;
    }
    ~OpenCC() {
        if (handle) close(handle);
        if (lib) ::dlclose(lib);
    }
    OpenCC(const OpenCC&) = delete;
    OpenCC& operator=(const OpenCC&) = delete;
    bool ok() const { return handle != nullptr; }
    std::string convert(const std::string& s) const {
        char* out = conv(handle, s.data(), s.size());
        if (!out) return s;
        std::string r(out);
        free_(out);
        return r;
    }
};

double parse_weight(std::string_view w) {
    if (w.empty()) return 0;
    bool percent = w.back() == '%';
    if (percent) w.remove_suffix(1);
    double v = 0;
    std::from_chars(w.data(), w.data() + w.size(), v);   // "4.82148e+06" parses as general
    return percent ? v / 100.0 : v;
}

// [SECTION] Parsing
struct Parser {
    std::vector<ParsedEntry> raw;
    std::vector<std::string> spellings;                          // provisional id → syllable
    std::map<std::string, std::uint16_t, std::less<>> ids;       // syllable → provisional id

    std::uint16_t id_of(std::string_view syllable) {
        auto it = ids.find(syllable);
        if (it != ids.end()) return it->second;
        auto id = static_cast<std::uint16_t>(spellings.size());
        spellings.emplace_back(syllable);
        ids.emplace(std::string(syllable), id);
        return id;
    }
    void add(std::string_view text, std::string_view pinyin, double w, bool table) {
        ParsedEntry r;
        r.text = std::string(text);
        for (std::size_t s = 0; s <= pinyin.size() && r.n < 4;) {
            std::size_t e = std::min(pinyin.find(' ', s), pinyin.size());
            if (e > s) r.syl[r.n++] = id_of(pinyin.substr(s, e - s));
            s = e + 1;
        }
        if (r.n == 0) return;
        r.weight = w;
        r.from_table = table;
        raw.push_back(std::move(r));
    }
    bool read(const std::filesystem::path& p, bool yaml, double min_phrase_weight) {
        std::ifstream in(p);
        if (!in) return false;
        std::string line;
        bool body = !yaml;
        const bool table = !yaml;
        while (std::getline(in, line)) {
            if (!body) { if (line == "...") body = true; continue; }
            if (line.empty() || line[0] == '#') continue;
            std::size_t t1 = line.find('\t');
            if (t1 == std::string::npos) continue;
            std::size_t t2 = line.find('\t', t1 + 1);
            std::string_view text(line.data(), t1);
            std::string_view py(line.data() + t1 + 1, (t2 == std::string::npos ? line.size() : t2) - t1 - 1);
            double w = t2 == std::string::npos ? 0 : parse_weight(std::string_view(line).substr(t2 + 1));
            std::size_t nsyl = static_cast<std::size_t>(std::count(py.begin(), py.end(), ' ')) + 1;
            if (nsyl > 4 || text.size() > 255) continue;
            // Two-syllable words are most of what people type (and names such as 张伟): a lower bar for them.
            if (table && nsyl > 1 && w < (nsyl == 2 ? min_phrase_weight * 0.75 : min_phrase_weight)) continue;
            add(text, py, w, table);
        }
        return true;
    }
    // By text, then reading: the block's entry order, and equal readings side by side for merging.
    void sort_by_reading() {
        std::sort(raw.begin(), raw.end(), [](const ParsedEntry& a, const ParsedEntry& b) {
            if (a.text != b.text) return a.text < b.text;
            if (a.n != b.n) return a.n < b.n;
            return std::lexicographical_compare(a.syl, a.syl + a.n, b.syl, b.syl + b.n);
        });
    }
    // One entry per (text, reading). Sorting and merging instead of a hash map while reading halves the
    // parser's peak memory. Corpus frequency (table) beats the dictionary's polyphone percentage, which
    // only breaks ties.
    void merge() {
        sort_by_reading();
        std::size_t out = 0;
        for (std::size_t i = 0; i < raw.size();) {
            std::size_t j = i;
            double table_w = 0, dict_w = 0;
            bool has_table = false;
            for (; j < raw.size() && raw[j].same_reading(raw[i]); ++j) {
                if (raw[j].from_table) { has_table = true; table_w = std::max(table_w, raw[j].weight); }
                else dict_w = std::max(dict_w, raw[j].weight);
            }
            ParsedEntry r = std::move(raw[i]);
            r.weight = has_table ? table_w + dict_w * 1e-3 : dict_w;
            r.from_table = has_table;
            raw[out++] = std::move(r);
            i = j;
        }
        raw.resize(out);
        raw.shrink_to_fit();
    }
    // Final syllable ids: alphabetical, so lookups by spelling are a binary search.
    std::vector<std::string> renumber() {
        std::vector<std::uint16_t> order(spellings.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint16_t>(i);
        std::sort(order.begin(), order.end(), [&](std::uint16_t a, std::uint16_t b) { return spellings[a] < spellings[b]; });
        std::vector<std::uint16_t> final_id(spellings.size());
        std::vector<std::string> sorted;
        sorted.reserve(spellings.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            final_id[order[k]] = static_cast<std::uint16_t>(k);
            sorted.push_back(spellings[order[k]]);
        }
        for (ParsedEntry& r : raw)
            for (int k = 0; k < r.n; ++k) r.syl[k] = final_id[r.syl[k]];
        return sorted;
    }
    // Simplified text of every entry (one OpenCC call over every distinct character, joined by newlines),
    // then entries that became equal merged (張/张 zhang, 乾/幹 gan → 干): weights add up. In place: a
    // second vector would double the parser's largest allocation. Returns whether it simplified.
    bool simplify() {
        OpenCC cc;
        if (!cc.ok()) return false;
        std::vector<std::string> chars;
        {
            std::unordered_map<std::string, bool> seen;
            for (auto& r : raw)
                for (std::string_view ch : utf8_chars(r.text))
                    if (ch.size() >= 3 && seen.emplace(std::string(ch), true).second) chars.emplace_back(ch);
        }
        std::string joined;
        for (auto& c : chars) { joined += c; joined += '\n'; }
        std::string conv = cc.convert(joined);
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (std::size_t i = 0; i < conv.size(); ++i)
            if (conv[i] == '\n') { lines.push_back(conv.substr(start, i - start)); start = i + 1; }
        if (lines.size() != chars.size()) return false;
        std::unordered_map<std::string, std::string> t2s;
        for (std::size_t i = 0; i < chars.size(); ++i)
            if (lines[i] != chars[i]) t2s.emplace(chars[i], lines[i]);
        for (auto& r : raw) {
            std::string s;
            for (std::string_view ch : utf8_chars(r.text)) {
                auto it = t2s.find(std::string(ch));
                s += it == t2s.end() ? std::string(ch) : it->second;
            }
            r.text = std::move(s);
        }
        sort_by_reading();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (kept > 0 && raw[kept - 1].same_reading(raw[i])) raw[kept - 1].weight += raw[i].weight;
            else if (kept++ != i) raw[kept - 1] = std::move(raw[i]);
        }
        raw.resize(kept);
        return true;
    }
};

} // namespace

std::vector<std::string_view> utf8_chars(std::string_view s) {
    std::vector<std::string_view> out;
    out.reserve(s.size() / 3 + 1);
    // replace: a bad byte is a unit of its own (its U+FFFD is not wanted, only where it stands).
    utf8::for_each(s, utf8::OnBad::replace, [&](char32_t, std::string_view bytes) { out.push_back(bytes); });
    return out;
}

bool opencc_available() { return OpenCC().ok(); }

Result<Parsed> parse(const Sources& src) {
    Parser p;
    if (!p.read(src.dict, true, src.min_phrase_weight))
        return Error{"pinyin.missing", src.dict.string() + ": cannot read (install rime-data-luna-pinyin)"};
    p.read(src.table, false, src.min_phrase_weight);   // optional: frequencies and common phrases
    p.merge();
    Parsed out;
    out.syllables = p.renumber();
    out.simplified = src.simplify && p.simplify();
    std::erase_if(p.raw, [](const ParsedEntry& r) { return r.text.size() > 255; });   // Entry::text_len is one byte
    out.entries = std::move(p.raw);
    return out;
}

} // namespace kiosk::pinyin
