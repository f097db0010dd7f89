// Catalog search. Every service gets a list of lowercase keys, each tagged with what it came from (name,
// provider key such as pinyin, keyword, category, description); a query term is matched against the keys
// and the best (kind, match level) pair gives the term's score. Terms are AND-ed; scores add up.
//
// Why not a trigram or inverted index: the catalog is ~130 services with ~1 KB of text each, so a scan of
// precomputed keys is a few tens of microseconds (bench/bench_search.cpp) and needs no index maintenance.
//
// [SECTION] Text helpers
// [SECTION] Index
// [SECTION] Matching and scores
// [SECTION] Query
#include "search.hpp"
#include "app/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>   // memmem (glibc): much faster than a first-byte loop for UTF-8 needles

namespace kiosk {

// [SECTION] Text helpers -------------------------------------------------------------------------------------

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool has_non_ascii(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Lowercases ASCII and turns every byte that is not part of a valid UTF-8 sequence into a space, so that a
// half-typed or corrupt character can never match the first bytes of a real one (a byte-wise substring match
// is a character-wise match only when both sides are valid UTF-8).
std::string normalize_query(std::string_view s) {
    const std::string lowered = lower_ascii(s);
    std::string out;
    out.reserve(lowered.size());
    // replace, but with a space rather than U+FFFD: one space per bad byte keeps the query's word breaks.
    utf8::for_each(lowered, utf8::OnBad::replace, [&](char32_t cp, std::string_view bytes) {
        if (cp == utf8::replacement_char && bytes.size() == 1) out += ' ';
        else out += bytes;
    });
    return out;
}

// Splits on ASCII whitespace, the ideographic space U+3000 and common separators a pinyin keyboard or a
// resident may type between words. Returns views into `s`.
std::vector<std::string_view> split_terms(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0, start = 0;
    auto flush = [&](std::size_t end) {
        if (end > start) out.push_back(s.substr(start, end - start));
    };
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t sep = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';') sep = 1;
        else if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(s[i + 2]) == 0x80 || static_cast<unsigned char>(s[i + 2]) == 0x81))
            sep = 3;   // U+3000 ideographic space, U+3001 、
        else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
                 static_cast<unsigned char>(s[i + 2]) == 0x8C)
            sep = 3;   // U+FF0C ，
        if (sep) {
            flush(i);
            i += sep;
            start = i;
        } else {
            ++i;
        }
    }
    flush(s.size());
    return out;
}

} // namespace

// [SECTION] Index --------------------------------------------------------------------------------------------

// Strongest first: the kind of a key decides the base of its score (exact name > name prefix > name substring
// > keyword > description, as the resident expects: typing a service's name finds that service first).
enum class KeyKind : unsigned char { name, provider, keyword, category, description };

struct SearchKey {
    std::string text;   // lowercase ASCII; UTF-8 otherwise unchanged
    KeyKind kind;
};

struct CatalogSearch::Entry {
    const Service* service;
    std::vector<SearchKey> keys;
    // Every key joined by '\x01': one memmem per term rejects most services before any scoring. A term found
    // here may still fail the stricter per-key rules; a term not found here cannot match any key.
    std::string blob;
    // A 4096-bit Bloom filter of the blob's byte pairs: a term with a pair whose bit is clear cannot be in the
    // blob. Costs a few loads per service, where memmem over ~600 bytes costs hundreds of nanoseconds.
    std::array<std::uint64_t, 64> pairs{};
};

namespace {
inline unsigned pair_bit(unsigned char a, unsigned char b) {
    return ((static_cast<unsigned>(a) << 8 | b) * 2654435761u) >> 20;   // Fibonacci hash → 12 bits
}
template <class Bits>
void add_pairs(Bits& bits, std::string_view s) {
    for (std::size_t i = 1; i < s.size(); ++i) {
        const unsigned h = pair_bit(static_cast<unsigned char>(s[i - 1]), static_cast<unsigned char>(s[i]));
        bits[h >> 6] |= std::uint64_t{1} << (h & 63);
    }
}
} // namespace

CatalogSearch::CatalogSearch(const Catalog& catalog) : catalog_(catalog) { rebuild(); }
CatalogSearch::~CatalogSearch() = default;
CatalogSearch::CatalogSearch(CatalogSearch&&) noexcept = default;

void CatalogSearch::add_key_provider(const KeyProvider& provider) {
    providers_.push_back(provider);
    rebuild();
}

void CatalogSearch::rebuild() {
    entries_.clear();
    entries_.reserve(catalog_.services.size());
    for (const Service& s : catalog_.services) {
        Entry e{&s, {}, {}, {}};
        auto add = [&](std::string_view text, KeyKind kind) {
            if (!text.empty()) e.keys.push_back({lower_ascii(text), kind});
        };
        auto add_provided = [&](std::string_view zh, KeyKind kind) {
            for (const KeyProvider& p : providers_)
                for (const std::string& k : p(zh)) add(k, kind);
        };
        add(s.name.zh, KeyKind::name);
        add(s.name.en, KeyKind::name);
        add_provided(s.name.zh, KeyKind::provider);
        for (const std::string& k : s.keywords) {
            add(k, KeyKind::keyword);
            if (has_non_ascii(k)) add_provided(k, KeyKind::keyword);
        }
        if (const Category* c = catalog_.find_category(s.category)) {
            add(c->name.zh, KeyKind::category);
            add(c->name.en, KeyKind::category);
            add_provided(c->name.zh, KeyKind::category);
        }
        add(s.description.zh, KeyKind::description);
        add(s.description.en, KeyKind::description);
        // Where to go instead is searchable too: "12123" or "移民局" finds every service handled there.
        add(s.elsewhere.zh, KeyKind::description);
        add(s.elsewhere.en, KeyKind::description);
        // Keys sorted by kind so the scan can stop at the first kind that matches: later kinds score lower.
        std::stable_sort(e.keys.begin(), e.keys.end(),
                         [](const SearchKey& a, const SearchKey& b) { return a.kind < b.kind; });
        for (const SearchKey& k : e.keys) {
            e.blob += k.text;
            e.blob += '\x01';
        }
        add_pairs(e.pairs, e.blob);
        entries_.push_back(std::move(e));
    }
}

// [SECTION] Matching and scores ------------------------------------------------------------------------------

namespace {

enum class Level { none, substring, word, prefix, exact };

// 汉字 (any non-ASCII term): substring anywhere. UTF-8 is self-synchronising, so a byte match of valid UTF-8
// is always a match of whole characters. ASCII term: a word start (start of key, or after a byte that is not
// a letter or digit — also after a 汉字, so "12123" matches "交管12123"). Provider keys (pinyin) are matched
// as prefix or substring, since "fanzui" inside "wufanzuijilu" is what a resident means.
Level match(std::string_view key, std::string_view term, bool ascii_term, KeyKind kind) {
    if (key.size() < term.size()) return Level::none;
    if (key == term) return Level::exact;
    if (key.compare(0, term.size(), term) == 0) return Level::prefix;
    if (!ascii_term || kind == KeyKind::provider)
        return key.find(term) != std::string_view::npos ? Level::substring : Level::none;
    for (std::size_t pos = key.find(term, 1); pos != std::string_view::npos; pos = key.find(term, pos + 1))
        if (!is_ascii_alnum(key[pos - 1])) return Level::word;
    return Level::none;
}

int score_of(KeyKind kind, Level level) {
    // Rows: KeyKind; columns: substring, word, prefix, exact.
    static constexpr std::array<std::array<int, 4>, 5> table{{
        {600, 650, 800, 1000},   // name
        {450, 450, 700, 900},    // provider (pinyin of the name)
        {400, 420, 450, 500},    // keyword
        {300, 300, 310, 320},    // category name
        {200, 200, 200, 200},    // description
    }};
    if (level == Level::none) return 0;
    return table[static_cast<int>(kind)][static_cast<int>(level) - 1];
}

// The best score of one term over an entry's keys. Keys are sorted by kind and the best possible score of each
// kind falls from kind to kind, so the scan stops once no later key could beat what it has.
int term_score(const std::vector<SearchKey>& keys, std::string_view term, bool ascii_term) {
    int best = 0;
    for (const SearchKey& k : keys) {
        if (best >= score_of(k.kind, Level::exact)) break;
        best = std::max(best, score_of(k.kind, match(k.text, term, ascii_term, k.kind)));
    }
    return best;
}

} // namespace

// [SECTION] Query --------------------------------------------------------------------------------------------

std::vector<SearchHit> CatalogSearch::query(std::string_view text, std::size_t limit) const {
    std::vector<SearchHit> hits;
    const std::string q = normalize_query(text);
    const std::vector<std::string_view> terms = split_terms(q);
    if (terms.empty() || limit == 0) return hits;

    std::array<bool, 16> ascii{};
    const std::size_t n = std::min<std::size_t>(terms.size(), ascii.size());   // more terms are noise
    for (std::size_t t = 0; t < n; ++t) ascii[t] = !has_non_ascii(terms[t]);

    std::array<std::uint64_t, 64> need{};   // the byte pairs of every term
    for (std::size_t t = 0; t < n; ++t) add_pairs(need, terms[t]);

    for (const Entry& e : entries_) {
        bool maybe = true;
        for (std::size_t w = 0; w < need.size() && maybe; ++w) maybe = (need[w] & ~e.pairs[w]) == 0;
        for (std::size_t t = 0; t < n && maybe; ++t)
            maybe = ::memmem(e.blob.data(), e.blob.size(), terms[t].data(), terms[t].size()) != nullptr;
        if (!maybe) continue;
        int total = 0;
        for (std::size_t t = 0; t < n; ++t) {
            const int s = term_score(e.keys, terms[t], ascii[t]);
            if (s == 0) { total = 0; break; }   // every term must match somewhere
            total += s;
        }
        if (total > 0) hits.push_back({e.service, total});
    }
    // Stable: equal scores keep catalog order, which the catalog authors chose on purpose.
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    if (hits.size() > limit) hits.resize(limit);
    return hits;
}

} // namespace kiosk
