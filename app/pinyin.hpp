#pragma once
// [SECTION] PinyinEngine — pinyin → 汉字 candidates for the on-screen keyboard, and pinyin search keys for
// the catalog ("wfzjl" → 无犯罪记录证明). No ImGui: part of the core, tested without a window.
//
// Data: Debian's rime-data-luna-pinyin, simplified with OpenCC when it is installed (app/pinyin_parse.hpp),
// held as one flat block (app/pinyin_dict.hpp) that is cached in a file and mapped on later starts.
#include "name_chars.hpp"
#include "pinyin_dict.hpp"
#include "result.hpp"
#include "search.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct PinyinCandidate {
    std::string text;          // UTF-8 汉字 (simplified)
    std::size_t consumed = 0;  // letters of the input it stands for, from the start
    int syllables = 0;
    double weight = 0;
};

// One piece of split input: a whole syllable ("zhang") or the start of one ("zh", or "w" while typing).
struct PinyinSegment {
    std::string letters;
    bool complete = false;
};

class PinyinEngine {
public:
    struct Options {
        std::filesystem::path dict = "/usr/share/rime-data/luna_pinyin.dict.yaml";
        std::filesystem::path table = "/usr/share/rime-data/build/luna_pinyin.table.txt";   // optional
        bool simplify = true;          // convert with OpenCC t2s when available
        double min_phrase_weight = 1000; // table.txt phrases rarer than this are left out (memory)
        // Where the parsed dictionary is cached (empty: parse every time). A missing, stale or damaged
        // cache is rebuilt and rewritten; one that cannot be written only costs the parse at each start.
        std::filesystem::path cache;
        // Debian's friso-dict lexicon of surnames and given-name characters (app/name_chars.hpp): name
        // fields rank those first. Missing: every field keeps the usual order (names_note() says why).
        std::filesystem::path names = NameChars::kDefaultDir;
    };

    static Result<std::unique_ptr<PinyinEngine>> load(const Options& opts);
    static Result<std::unique_ptr<PinyinEngine>> load() { return load(Options{}); }

    // Splits lowercase letters into syllables, preferring whole syllables and fewer pieces; letters that
    // cannot start any syllable are dropped ("v" is read as "ü": lv, nv).
    std::vector<PinyinSegment> split(std::string_view letters) const;
    // Candidates best first: phrases covering the most syllables first, each group by frequency; then
    // shorter phrases; then single characters of the first syllable (every reading of a polyphone is its
    // own entry, so 行 appears under both xing and hang). `total` receives the full count (paging).
    // `drawable`, when given, leaves out candidates the caller cannot show (before paging and `total`).
    // `ranking` other than usual moves name characters (surnames, or given-name characters) to the front of
    // each group, most common name first; the rest of the group keeps its frequency order.
    using Drawable = std::function<bool(std::string_view)>;
    std::vector<PinyinCandidate> candidates(std::string_view letters, std::size_t offset, std::size_t count,
                                            std::size_t* total = nullptr, const Drawable& drawable = {},
                                            PinyinRanking ranking = PinyinRanking::usual) const;
    // Readings of one character, most frequent first ("行" → xing, hang).
    std::vector<std::string> readings(std::string_view hanzi) const;
    // Pinyin of Chinese text, polyphones resolved by the longest dictionary phrase: "无犯罪记录证明" →
    // "wufanzuijiluzhengming"; initials → "wfzjlzm". Non-Chinese characters are kept (lowercased ASCII).
    std::string full_pinyin(std::string_view zh) const;
    std::string initials(std::string_view zh) const;
    // The catalog search hook: full pinyin and initials of a name. The engine must outlive the search.
    CatalogSearch::KeyProvider key_provider() const;

    std::size_t entry_count() const { return dict_.entry_count(); }
    bool simplified() const { return dict_.simplified(); }
    bool from_cache() const { return from_cache_; }   // this load mapped a saved cache instead of parsing
    // Why the cache was not used or not written ("" when it was fine, or when there is none): for the log.
    const std::string& cache_note() const { return cache_note_; }
    // Why name fields rank as any other ("" when the name lists were loaded): for the log.
    const std::string& names_note() const { return names_note_; }
    bool has_name_ranking() const { return !names_.empty(); }

    // The process-wide engine with default options: loaded on first call (thread-safe), null when the
    // dictionary is not installed (the keyboard then offers Latin letters only).
    static const PinyinEngine* shared();
    // The cache file shared() uses (e.g. <data_dir>/pinyin.cache). Call before the first shared().
    static void set_shared_cache(std::filesystem::path file);
    // The shared engine if it has finished loading, else null. Never blocks. (The UI loads shared() on
    // its own thread at start so the first frame does not wait for the dictionary.)
    static const PinyinEngine* shared_if_loaded();

private:
    pinyin::Dict dict_;
    std::string cache_note_;
    NameChars names_;
    std::string names_note_;
    bool from_cache_ = false;

    int syllable_id(std::string_view s) const;
    bool is_prefix(std::string_view s) const;
    const pinyin::Entry* best_for_text(std::string_view text) const;
    // Index of the first entry whose text is not less than `text` (entries are sorted by text).
    std::size_t lower_bound_text(std::string_view text) const;
};

} // namespace kiosk
