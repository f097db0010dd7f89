#pragma once
// [SECTION] PinyinEngine — pinyin → 汉字 candidates for the on-screen keyboard, and pinyin search keys for
// the catalog ("wfzjl" → 无犯罪记录证明). No ImGui: part of the core, tested without a window.
//
// Data: Debian's rime-data-luna-pinyin. luna_pinyin.dict.yaml gives every character's readings (with a
// percentage for polyphones) and the phrase list; build/luna_pinyin.table.txt from the same package adds
// corpus frequencies and common phrases (e.g. 张伟). Luna Pinyin is written in traditional characters, as
// Rime's own luna_pinyin_simp does, candidates are converted with OpenCC's t2s (libopencc1.1, loaded with
// dlopen so the core links nothing new); without OpenCC the dictionary's own simplified characters remain.
#include "result.hpp"
#include "search.hpp"

#include <cstdint>
#include <filesystem>
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
    };

    static Result<std::unique_ptr<PinyinEngine>> load(const Options& opts);
    static Result<std::unique_ptr<PinyinEngine>> load() { return load(Options{}); }

    // Splits lowercase letters into syllables, preferring whole syllables and fewer pieces; letters that
    // cannot start any syllable are dropped ("v" is read as "ü": lv, nv).
    std::vector<PinyinSegment> split(std::string_view letters) const;
    // Candidates best first: phrases covering the most syllables first, each group by frequency; then
    // shorter phrases; then single characters of the first syllable (every reading of a polyphone is its
    // own entry, so 行 appears under both xing and hang). `total` receives the full count (paging).
    std::vector<PinyinCandidate> candidates(std::string_view letters, std::size_t offset, std::size_t count,
                                            std::size_t* total = nullptr) const;
    // Readings of one character, most frequent first ("行" → xing, hang).
    std::vector<std::string> readings(std::string_view hanzi) const;
    // Pinyin of Chinese text, polyphones resolved by the longest dictionary phrase: "无犯罪记录证明" →
    // "wufanzuijiluzhengming"; initials → "wfzjlzm". Non-Chinese characters are kept (lowercased ASCII).
    std::string full_pinyin(std::string_view zh) const;
    std::string initials(std::string_view zh) const;
    // The catalog search hook: full pinyin and initials of a name. The engine must outlive the search.
    CatalogSearch::KeyProvider key_provider() const;

    std::size_t entry_count() const { return entries_.size(); }
    bool simplified() const { return simplified_; }

    // The process-wide engine with default options: loaded on first call (thread-safe), null when the
    // dictionary is not installed (the keyboard then offers Latin letters only).
    static const PinyinEngine* shared();
    // The shared engine if it has finished loading, else null. Never blocks. (The UI loads shared() on
    // its own thread at start so the first frame does not wait for the dictionary.)
    static const PinyinEngine* shared_if_loaded();

    struct Entry {
        std::string text;
        std::uint16_t syl[4] = {0, 0, 0, 0};
        std::uint8_t n = 0;
        float weight = 0;
    };

private:
    std::vector<std::string> syllables_;            // id → spelling, sorted
    std::vector<Entry> entries_;
    std::vector<std::vector<std::uint32_t>> by_first_;   // first syllable id → entries, by weight
    std::vector<std::uint32_t> by_text_;            // entries sorted by text, then weight (lookups)
    bool simplified_ = false;

    int syllable_id(std::string_view s) const;
    bool is_prefix(std::string_view s) const;
    const Entry* best_for_text(std::string_view text) const;
    friend struct PinyinBuilder;
};

} // namespace kiosk
