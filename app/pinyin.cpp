// [SECTION] Index
//   [SECTION] OpenCC     — t2s through dlopen (optional at run time)
//   [SECTION] Loading    — dict.yaml + table.txt → compact entries, merged after simplification
//   [SECTION] Splitting  — letters → syllables (dynamic programming)
//   [SECTION] Candidates — phrase-first, frequency-ranked, paged
//   [SECTION] Keys       — full pinyin and initials for catalog search
//   [SECTION] Shared     — the process-wide engine
#include "app/pinyin.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <dlfcn.h>
#include <fstream>
#include <malloc.h>
#include <map>
#include <mutex>
#include <unordered_map>

namespace kiosk {

namespace {

// [SECTION] OpenCC
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
    bool ok() const { return handle != nullptr; }
    std::string convert(const std::string& s) const {
        char* out = conv(handle, s.data(), s.size());
        if (!out) return s;
        std::string r(out);
        free_(out);
        return r;
    }
};

std::size_t utf8_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 6) return 2;
    if ((c >> 4) == 14) return 3;
    if ((c >> 3) == 30) return 4;
    return 1;
}

std::vector<std::string_view> utf8_chars(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = std::min(utf8_len(static_cast<unsigned char>(s[i])), s.size() - i);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

bool is_cjk(std::string_view ch) { return ch.size() >= 3; }

double parse_weight(std::string_view w) {
    if (w.empty()) return 0;
    bool percent = w.back() == '%';
    if (percent) w.remove_suffix(1);
    double v = 0;
    std::from_chars(w.data(), w.data() + w.size(), v);   // "4.82148e+06" parses as general
    return percent ? v / 100.0 : v;
}

} // namespace

// [SECTION] Loading
struct PinyinBuilder {
    // One line of the sources. The pinyin is held as ids of syllables numbered in order of first
    // appearance (`spellings`), renumbered alphabetically once everything is read: ~250 000 syllables in
    // ~150 000 lines, and a string per line would double the loader's peak memory.
    struct Raw {
        std::string text;
        std::uint16_t syl[4] = {0, 0, 0, 0};
        std::uint8_t n = 0;
        bool from_table = false;
        double weight = 0;
        bool same_reading(const Raw& o) const { return text == o.text && n == o.n && std::equal(syl, syl + n, o.syl); }
    };
    std::vector<Raw> raw;
    std::vector<std::string> spellings;                          // provisional id → syllable
    std::map<std::string, std::uint16_t, std::less<>> ids;       // syllable → provisional id

    void add(std::string_view text, std::string_view pinyin, double w, bool table) {
        Raw r;
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
    std::uint16_t id_of(std::string_view syllable) {
        auto it = ids.find(syllable);
        if (it != ids.end()) return it->second;
        auto id = static_cast<std::uint16_t>(spellings.size());
        spellings.emplace_back(syllable);
        ids.emplace(std::string(syllable), id);
        return id;
    }
    // One entry per (text, reading). Sorting and merging instead of a hash map while reading halves the
    // loader's peak memory (it runs beside the UI). Corpus frequency (table) beats the dictionary's
    // polyphone percentage, which only breaks ties.
    void merge() {
        std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
            if (a.text != b.text) return a.text < b.text;
            if (a.n != b.n) return a.n < b.n;
            return std::lexicographical_compare(a.syl, a.syl + a.n, b.syl, b.syl + b.n);
        });
        std::size_t out = 0;
        for (std::size_t i = 0; i < raw.size();) {
            std::size_t j = i;
            double table_w = 0, dict_w = 0;
            bool has_table = false;
            for (; j < raw.size() && raw[j].same_reading(raw[i]); ++j) {
                if (raw[j].from_table) { has_table = true; table_w = std::max(table_w, raw[j].weight); }
                else dict_w = std::max(dict_w, raw[j].weight);
            }
            Raw r = std::move(raw[i]);
            r.weight = has_table ? table_w + dict_w * 1e-3 : dict_w;
            r.from_table = has_table;
            raw[out++] = std::move(r);
            i = j;
        }
        raw.resize(out);
        raw.shrink_to_fit();
    }
    // Final syllable ids: alphabetical, as PinyinEngine::syllables_ is sorted.
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
        for (Raw& r : raw)
            for (int k = 0; k < r.n; ++k) r.syl[k] = final_id[r.syl[k]];
        return sorted;
    }
};

static bool read_lines(const std::filesystem::path& p, bool yaml, PinyinBuilder& b, double min_phrase_weight) {
    std::ifstream in(p);
    if (!in) return false;
    std::string line;
    bool body = !yaml;
    bool table = !yaml;
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
        if (nsyl > 4) continue;
        // Two-syllable words are most of what people type (and names such as 张伟): a lower bar for them.
        if (table && nsyl > 1 && w < (nsyl == 2 ? min_phrase_weight * 0.75 : min_phrase_weight)) continue;
        b.add(text, py, w, table);
    }
    return true;
}

Result<std::unique_ptr<PinyinEngine>> PinyinEngine::load(const Options& o) {
    PinyinBuilder b;
    if (!read_lines(o.dict, true, b, o.min_phrase_weight))
        return Error{"pinyin.missing", o.dict.string() + ": cannot read (install rime-data-luna-pinyin)"};
    read_lines(o.table, false, b, o.min_phrase_weight);   // optional: frequencies and common phrases
    b.merge();

    auto eng = std::make_unique<PinyinEngine>();
    // Simplify: one OpenCC call over every distinct character, joined by newlines.
    std::unordered_map<std::string, std::string> t2s;
    if (o.simplify) {
        OpenCC cc;
        if (cc.ok()) {
            std::vector<std::string> chars;
            {
                std::unordered_map<std::string, bool> seen;
                for (auto& r : b.raw)
                    for (auto ch : utf8_chars(r.text))
                        if (is_cjk(ch) && seen.emplace(std::string(ch), true).second) chars.emplace_back(ch);
            }
            std::string joined;
            for (auto& c : chars) { joined += c; joined += '\n'; }
            std::string conv = cc.convert(joined);
            std::vector<std::string> lines;
            std::size_t start = 0;
            for (std::size_t i = 0; i < conv.size(); ++i)
                if (conv[i] == '\n') { lines.push_back(conv.substr(start, i - start)); start = i + 1; }
            if (lines.size() == chars.size()) {
                for (std::size_t i = 0; i < chars.size(); ++i)
                    if (lines[i] != chars[i]) t2s.emplace(chars[i], lines[i]);
                eng->simplified_ = true;
            }
        }
    }

    // Compact entries, with the final syllable ids.
    eng->syllables_ = b.renumber();
    std::vector<Entry> entries;
    entries.reserve(b.raw.size());
    for (auto& r : b.raw) {
        Entry e;
        for (auto ch : utf8_chars(r.text)) {
            auto it = t2s.find(std::string(ch));
            e.text += it == t2s.end() ? std::string(ch) : it->second;
        }
        std::copy(r.syl, r.syl + r.n, e.syl);
        e.n = r.n;
        e.weight = static_cast<float>(r.weight);
        entries.push_back(std::move(e));
    }
    std::vector<PinyinBuilder::Raw>().swap(b.raw);   // frees it (`raw = {}` would keep the capacity)
    // Merge what simplification made equal (張/张 zhang, 乾/幹 gan → 干): weights add up. In place: a
    // second vector would double the loader's largest allocation.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& c) {
        if (a.text != c.text) return a.text < c.text;
        return std::lexicographical_compare(a.syl, a.syl + a.n, c.syl, c.syl + c.n);
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        Entry& e = entries[i];
        if (kept > 0 && entries[kept - 1].text == e.text && entries[kept - 1].n == e.n &&
            std::equal(e.syl, e.syl + e.n, entries[kept - 1].syl))
            entries[kept - 1].weight += e.weight;
        else if (kept++ != i)
            entries[kept - 1] = std::move(e);
    }
    entries.resize(kept);
    entries.shrink_to_fit();
    eng->entries_ = std::move(entries);

    eng->by_first_.assign(eng->syllables_.size(), {});
    for (std::uint32_t i = 0; i < eng->entries_.size(); ++i) eng->by_first_[eng->entries_[i].syl[0]].push_back(i);
    for (auto& v : eng->by_first_) {
        std::stable_sort(v.begin(), v.end(), [&](std::uint32_t a, std::uint32_t c) { return eng->entries_[a].weight > eng->entries_[c].weight; });
        v.shrink_to_fit();
    }
    eng->by_text_.resize(eng->entries_.size());
    for (std::uint32_t i = 0; i < eng->by_text_.size(); ++i) eng->by_text_[i] = i;   // entries_ is sorted by text
    ::malloc_trim(0);   // the loading scaffolding (hash maps, raw lines) was large: give it back to the OS
    return eng;
}

int PinyinEngine::syllable_id(std::string_view s) const {
    auto it = std::lower_bound(syllables_.begin(), syllables_.end(), s, [](const std::string& a, std::string_view b) { return a < b; });
    if (it == syllables_.end() || *it != s) return -1;
    return static_cast<int>(it - syllables_.begin());
}

bool PinyinEngine::is_prefix(std::string_view s) const {
    auto it = std::lower_bound(syllables_.begin(), syllables_.end(), s, [](const std::string& a, std::string_view b) { return a < b; });
    return it != syllables_.end() && std::string_view(*it).substr(0, s.size()) == s;
}

// [SECTION] Splitting
std::vector<PinyinSegment> PinyinEngine::split(std::string_view in) const {
    std::string letters;
    for (char c : in)
        if (c >= 'a' && c <= 'z') letters += c;
        else if (c >= 'A' && c <= 'Z') letters += static_cast<char>(c - 'A' + 'a');
    const std::size_t n = letters.size();
    // cost[i]: best (partials, pieces) to cover letters[i..n); a letter no syllable starts with is skipped.
    struct Best { int partial = 1 << 20, pieces = 1 << 20; std::size_t len = 0; bool complete = false; };
    std::vector<Best> best(n + 1);
    best.back() = {0, 0, 0, false};   // nothing left to cover costs nothing
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t len = 1; len <= 6 && i + len <= n; ++len) {
            std::string_view piece(letters.data() + i, len);
            bool complete = syllable_id(piece) >= 0;
            if (!complete && !is_prefix(piece)) continue;
            const Best& rest = best[i + len];
            Best cand{rest.partial + (complete ? 0 : 1), rest.pieces + 1, len, complete};
            if (cand.partial < best[i].partial || (cand.partial == best[i].partial && cand.pieces < best[i].pieces)) best[i] = cand;
        }
        if (best[i].len == 0) best[i] = {best[i + 1].partial + 1, best[i + 1].pieces, 1, false};   // skip it
    }
    std::vector<PinyinSegment> out;
    for (std::size_t i = 0; i < n;) {
        std::size_t len = best[i].len;
        std::string piece = letters.substr(i, len);
        if (best[i].complete || is_prefix(piece)) out.push_back({piece, best[i].complete});
        i += len;
    }
    return out;
}

// [SECTION] Candidates
std::vector<PinyinCandidate> PinyinEngine::candidates(std::string_view letters, std::size_t offset, std::size_t count,
                                                      std::size_t* total) const {
    std::vector<PinyinCandidate> all;
    auto segs = split(letters);
    if (segs.empty()) { if (total) *total = 0; return {}; }
    // Letters stood for by the first k segments (the keyboard composes letters only).
    std::size_t consumed_upto[5] = {0, 0, 0, 0, 0};
    for (std::size_t k = 0; k < 4 && k < segs.size(); ++k) consumed_upto[k + 1] = consumed_upto[k] + segs[k].letters.size();
    std::unordered_map<std::string, bool> seen_text;
    const std::size_t max_n = std::min<std::size_t>(4, segs.size());
    for (std::size_t n = max_n; n >= 1; --n) {
        // First syllable ids that fit segs[0].
        std::vector<int> firsts;
        const PinyinSegment& s0 = segs[0];
        bool exact0 = s0.complete && !(n == 1 && segs.size() == 1);
        if (exact0) firsts.push_back(syllable_id(s0.letters));
        else
            for (std::size_t i = 0; i < syllables_.size(); ++i)
                if (std::string_view(syllables_[i]).substr(0, s0.letters.size()) == s0.letters) firsts.push_back(static_cast<int>(i));
        std::vector<std::uint32_t> hits;
        for (int f : firsts) {
            if (f < 0) continue;
            for (std::uint32_t idx : by_first_[static_cast<std::size_t>(f)]) {
                const Entry& e = entries_[idx];
                if (e.n != n) continue;
                bool ok = true;
                for (std::size_t k = 1; k < n && ok; ++k) {
                    const std::string& sy = syllables_[e.syl[k]];
                    const PinyinSegment& sg = segs[k];
                    bool last_typed = (k + 1 == segs.size());
                    if (sg.complete && !last_typed) ok = sy == sg.letters;
                    else ok = std::string_view(sy).substr(0, sg.letters.size()) == sg.letters;
                }
                if (ok) hits.push_back(idx);
            }
        }
        std::stable_sort(hits.begin(), hits.end(), [&](std::uint32_t a, std::uint32_t c) { return entries_[a].weight > entries_[c].weight; });
        std::size_t kept = 0;
        for (std::uint32_t idx : hits) {
            const Entry& e = entries_[idx];
            if (!seen_text.emplace(e.text, true).second) continue;
            all.push_back({e.text, consumed_upto[n], static_cast<int>(n), e.weight});
            if (++kept >= 300) break;   // nobody pages past a few hundred
        }
        if (n == 1) break;
    }
    if (total) *total = all.size();
    if (offset >= all.size()) return {};
    auto first = all.begin() + static_cast<std::ptrdiff_t>(offset);
    auto last = all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), offset + count));
    return {first, last};
}

// [SECTION] Keys
const PinyinEngine::Entry* PinyinEngine::best_for_text(std::string_view text) const {
    auto it = std::lower_bound(by_text_.begin(), by_text_.end(), text,
                               [&](std::uint32_t i, std::string_view t) { return std::string_view(entries_[i].text) < t; });
    const Entry* best = nullptr;
    for (; it != by_text_.end() && entries_[*it].text == text; ++it)
        if (!best || entries_[*it].weight > best->weight) best = &entries_[*it];
    return best;
}

std::vector<std::string> PinyinEngine::readings(std::string_view hanzi) const {
    std::vector<std::pair<float, std::string>> r;
    auto it = std::lower_bound(by_text_.begin(), by_text_.end(), hanzi,
                               [&](std::uint32_t i, std::string_view t) { return std::string_view(entries_[i].text) < t; });
    for (; it != by_text_.end() && entries_[*it].text == hanzi; ++it)
        if (entries_[*it].n == 1) r.push_back({entries_[*it].weight, syllables_[entries_[*it].syl[0]]});
    std::stable_sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& [w, s] : r) out.push_back(s);
    return out;
}


std::string PinyinEngine::full_pinyin(std::string_view zh) const {
    std::string out;
    auto chars = utf8_chars(zh);
    for (std::size_t i = 0; i < chars.size();) {
        if (!is_cjk(chars[i])) {
            char c = chars[i][0];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
            ++i;
            continue;
        }
        // Longest dictionary phrase starting here decides the readings (polyphones: 行 in 银行 is hang).
        std::size_t took = 0;
        for (std::size_t len = std::min<std::size_t>(4, chars.size() - i); len >= 1 && !took; --len) {
            std::string piece;
            for (std::size_t k = 0; k < len; ++k) piece += chars[i + k];
            if (const Entry* e = best_for_text(piece); e && e->n == len) {
                for (std::size_t k = 0; k < e->n; ++k) out += syllables_[e->syl[k]];
                took = len;
            }
        }
        i += took ? took : 1;
    }
    return out;
}

std::string PinyinEngine::initials(std::string_view zh) const {
    std::string out;
    auto chars = utf8_chars(zh);
    for (std::size_t i = 0; i < chars.size();) {
        if (!is_cjk(chars[i])) { ++i; continue; }
        std::size_t took = 0;
        for (std::size_t len = std::min<std::size_t>(4, chars.size() - i); len >= 1 && !took; --len) {
            std::string piece;
            for (std::size_t k = 0; k < len; ++k) piece += chars[i + k];
            if (const Entry* e = best_for_text(piece); e && e->n == len) {
                for (std::size_t k = 0; k < e->n; ++k) out += syllables_[e->syl[k]][0];
                took = len;
            }
        }
        i += took ? took : 1;
    }
    return out;
}

CatalogSearch::KeyProvider PinyinEngine::key_provider() const {
    return [this](std::string_view zh) {
        std::vector<std::string> keys;
        std::string full = full_pinyin(zh), ini = initials(zh);
        if (!full.empty()) keys.push_back(std::move(full));
        if (!ini.empty()) keys.push_back(std::move(ini));
        return keys;
    };
}

// [SECTION] Shared
namespace {
std::once_flag g_once;
std::unique_ptr<PinyinEngine> g_engine;
std::atomic<const PinyinEngine*> g_ready{nullptr};
void load_shared() {
    std::call_once(g_once, [] {
        auto r = PinyinEngine::load();
        if (r) { g_engine = std::move(r.value()); g_ready = g_engine.get(); }
    });
}
} // namespace

const PinyinEngine* PinyinEngine::shared() { load_shared(); return g_engine.get(); }
const PinyinEngine* PinyinEngine::shared_if_loaded() { return g_ready.load(); }

} // namespace kiosk
