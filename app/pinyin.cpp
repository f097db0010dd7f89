// [SECTION] Index
//   [SECTION] Loading    — the cached block if it is current, else parse (app/pinyin_dict) and cache
//   [SECTION] Splitting  — letters → syllables (dynamic programming)
//   [SECTION] Candidates — phrase-first, frequency-ranked, paged
//   [SECTION] Keys       — full pinyin and initials for catalog search
//   [SECTION] Shared     — the process-wide engine
#include "app/pinyin.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace kiosk {

namespace {

using pinyin::utf8_chars;
bool is_cjk(std::string_view ch) { return ch.size() >= 3; }

} // namespace

// [SECTION] Loading
Result<std::unique_ptr<PinyinEngine>> PinyinEngine::load(const Options& o) {
    const pinyin::Sources src{o.dict, o.table, o.simplify, o.min_phrase_weight};
    auto stamp = pinyin::stamp_of(src);
    if (!stamp) return stamp.error();
    auto eng = std::make_unique<PinyinEngine>();
    if (auto names = NameChars::load(o.names)) eng->names_ = std::move(names.value());
    else eng->names_note_ = names.error().message + ": name fields rank candidates as any other field";
    if (!o.cache.empty()) {
        auto mapped = pinyin::Dict::map(o.cache, *stamp);
        if (mapped) {
            eng->dict_ = std::move(mapped.value());
            eng->from_cache_ = true;
            return eng;
        }
        // No cache yet or an old one: rebuilt quietly. A damaged one is worth a line in the log.
        if (mapped.error().code == "pinyin.cache_damaged") eng->cache_note_ = mapped.error().message + "; rebuilt";
    }
    auto built = pinyin::Dict::build(src, *stamp);
    if (!built) return built.error();
    eng->dict_ = std::move(built.value());
    if (!o.cache.empty()) {
        if (auto err = eng->dict_.save(o.cache); !err.empty()) {
            eng->cache_note_ = "pinyin cache not written (" + err + "): the dictionary is parsed at every start";
        } else if (auto mapped = pinyin::Dict::map(o.cache, *stamp)) {
            eng->dict_ = std::move(mapped.value());   // the mapping instead of the heap copy: resident only where used
        }
    }
    return eng;
}

namespace {
// First syllable id whose spelling is not less than `s` (ids are in alphabetical order).
std::size_t lower_bound_syllable(const pinyin::Dict& d, std::string_view s) {
    std::size_t lo = 0, hi = d.syllable_count();
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (d.syllable(mid) < s) lo = mid + 1; else hi = mid;
    }
    return lo;
}
} // namespace

int PinyinEngine::syllable_id(std::string_view s) const {
    std::size_t i = lower_bound_syllable(dict_, s);
    if (i == dict_.syllable_count() || dict_.syllable(i) != s) return -1;
    return static_cast<int>(i);
}

bool PinyinEngine::is_prefix(std::string_view s) const {
    std::size_t i = lower_bound_syllable(dict_, s);
    return i < dict_.syllable_count() && dict_.syllable(i).substr(0, s.size()) == s;
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
                                                      std::size_t* total, const Drawable& drawable,
                                                      PinyinRanking ranking) const {
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
            for (std::size_t i = 0; i < dict_.syllable_count(); ++i)
                if (dict_.syllable(i).substr(0, s0.letters.size()) == s0.letters) firsts.push_back(static_cast<int>(i));
        std::vector<std::uint32_t> hits;
        for (int f : firsts) {
            if (f < 0) continue;
            for (std::uint32_t idx : dict_.by_first(static_cast<std::size_t>(f))) {
                const pinyin::Entry& e = dict_.entry(idx);
                if (e.n != n) continue;
                bool ok = true;
                for (std::size_t k = 1; k < n && ok; ++k) {
                    std::string_view sy = dict_.syllable(e.syl[k]);
                    const PinyinSegment& sg = segs[k];
                    bool last_typed = (k + 1 == segs.size());
                    if (sg.complete && !last_typed) ok = sy == sg.letters;
                    else ok = sy.substr(0, sg.letters.size()) == sg.letters;
                }
                if (ok) hits.push_back(idx);
            }
        }
        std::stable_sort(hits.begin(), hits.end(), [&](std::uint32_t a, std::uint32_t c) { return dict_.entry(a).weight > dict_.entry(c).weight; });
        if (ranking != PinyinRanking::usual && !names_.empty()) {
            // Name characters first, in the lexicon's order (most common name first); the others after
            // them in the frequency order above. Each rank is looked up once, not per comparison.
            std::vector<std::pair<int, std::uint32_t>> keyed;
            keyed.reserve(hits.size());
            for (std::uint32_t idx : hits) {
                int r = names_.rank(dict_.text(dict_.entry(idx)), ranking);
                keyed.push_back({r < 0 ? std::numeric_limits<int>::max() : r, idx});
            }
            std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& c) { return a.first < c.first; });
            for (std::size_t i = 0; i < hits.size(); ++i) hits[i] = keyed[i].second;
        }
        std::size_t kept = 0;
        for (std::uint32_t idx : hits) {
            const pinyin::Entry& e = dict_.entry(idx);
            std::string text(dict_.text(e));
            if (text.empty() || (drawable && !drawable(text)) || !seen_text.emplace(text, true).second) continue;
            all.push_back({std::move(text), consumed_upto[n], static_cast<int>(n), e.weight});
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
std::size_t PinyinEngine::lower_bound_text(std::string_view text) const {
    std::size_t lo = 0, hi = dict_.entry_count();
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (dict_.text(dict_.entry(mid)) < text) lo = mid + 1; else hi = mid;
    }
    return lo;
}

const pinyin::Entry* PinyinEngine::best_for_text(std::string_view text) const {
    const pinyin::Entry* best = nullptr;
    for (std::size_t i = lower_bound_text(text); i < dict_.entry_count() && dict_.text(dict_.entry(i)) == text; ++i)
        if (!best || dict_.entry(i).weight > best->weight) best = &dict_.entry(i);
    return best;
}

std::vector<std::string> PinyinEngine::readings(std::string_view hanzi) const {
    std::vector<std::pair<float, std::string>> r;
    for (std::size_t i = lower_bound_text(hanzi); i < dict_.entry_count() && dict_.text(dict_.entry(i)) == hanzi; ++i)
        if (const pinyin::Entry& e = dict_.entry(i); e.n == 1) r.push_back({e.weight, std::string(dict_.syllable(e.syl[0]))});
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
            if (const pinyin::Entry* e = best_for_text(piece); e && e->n == len) {
                for (std::size_t k = 0; k < e->n; ++k) out += dict_.syllable(e->syl[k]);
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
            if (const pinyin::Entry* e = best_for_text(piece); e && e->n == len) {
                for (std::size_t k = 0; k < e->n; ++k)
                    if (auto sy = dict_.syllable(e->syl[k]); !sy.empty()) out += sy[0];
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
std::filesystem::path g_cache;
void load_shared() {
    std::call_once(g_once, [] {
        PinyinEngine::Options o;
        o.cache = g_cache;
        auto r = PinyinEngine::load(o);
        if (r) { g_engine = std::move(r.value()); g_ready = g_engine.get(); }
    });
}
} // namespace

const PinyinEngine* PinyinEngine::shared() { load_shared(); return g_engine.get(); }
const PinyinEngine* PinyinEngine::shared_if_loaded() { return g_ready.load(); }
void PinyinEngine::set_shared_cache(std::filesystem::path file) {
    assert(!g_ready.load() && "set_shared_cache() after shared(): call it before the dictionary loads");
    g_cache = std::move(file);
}

} // namespace kiosk
