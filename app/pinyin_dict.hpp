#pragma once
// [SECTION] PinyinDict — the pinyin dictionary as one flat, read-only block of memory.
//
// Why a block: parsing Debian's luna_pinyin sources (app/pinyin_parse) takes ~200 ms and +15 MiB at its peak, and the parsed
// result (strings, vectors) kept ~10 MiB resident for the kiosk's whole life. The block is built from the
// sources once, saved as a cache file, and on every later start mapped read-only: nothing is parsed, and
// only the pages a lookup touches become resident (file-backed, so the kernel can drop them again).
//
// Layout (native byte order, every section 4-byte aligned, sizes from the header):
//   Header · syllable offsets (n_syl + 1) · syllable letters · entries (n_entries × Entry) ·
//   by-first offsets (n_syl + 1) · by-first entry ids (n_entries) · text (UTF-8, no separators)
// Entries are sorted by text, then reading (lookups by text are a binary search); by-first lists the
// entries of each first syllable, most frequent first (candidates).
//
// Damage never reads out of bounds: the header, the sizes and a checksum of the body are checked before a
// file is used, and every accessor also clamps what it reads (an offset past the end gives "").
#include "pinyin_parse.hpp"
#include "result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::pinyin {

// What a cache was built from: the two source files (size and modification time) and the build options.
// A cache whose stamp differs is stale and is rebuilt (e.g. after the dictionary package was upgraded).
struct Stamp {
    std::uint64_t dict_size = 0, dict_mtime_ns = 0;
    std::uint64_t table_size = 0, table_mtime_ns = 0;   // 0, 0 when the optional table is absent
    double min_phrase_weight = 0;
    bool simplify = false;
    bool operator==(const Stamp&) const = default;
};

// Stats the sources. Error "pinyin.missing" when the dictionary cannot be read.
Result<Stamp> stamp_of(const Sources& src);

struct Entry {
    std::uint32_t text_off = 0;   // into the text section
    std::uint8_t text_len = 0;    // bytes
    std::uint8_t n = 0;           // syllables, 1–4
    std::uint16_t reserved = 0;
    std::uint16_t syl[4] = {0, 0, 0, 0};   // syllable ids (alphabetical order of the spellings)
    float weight = 0;             // frequency; higher first
};
static_assert(sizeof(Entry) == 20, "the file layout depends on Entry's size");

class Dict {
public:
    Dict() = default;

    // Parses the sources (the slow path: ~200 ms, run once per installation and dictionary version).
    // `stamp` is stamp_of(src), recorded in the block so that a saved cache can be checked against it.
    static Result<Dict> build(const Sources& src, const Stamp& stamp);
    // Maps a saved cache read-only. Errors: "pinyin.cache_missing" (no file — the normal first start),
    // "pinyin.cache_stale" (stamp or format differs), "pinyin.cache_damaged" (size or checksum wrong).
    static Result<Dict> map(const std::filesystem::path& file, const Stamp& expected);
    // Writes the block to `file` through a temporary file and a rename, so a reader never sees half a
    // file. Returns "" on success, else one sentence for the log.
    std::string save(const std::filesystem::path& file) const;
    // The same checks as map() on a cache's bytes already in memory, copied into the heap (the fuzz target
    // tests/fuzz/fuzz_pinyin_cache feeds it arbitrary bytes). `name` only names the cache in errors.
    static Result<Dict> from_bytes(std::string_view bytes, const Stamp& expected, const std::filesystem::path& name);

    bool empty() const { return !block_; }
    bool simplified() const;
    std::size_t syllable_count() const { return n_syl_; }
    std::string_view syllable(std::size_t id) const;
    std::size_t entry_count() const { return n_entries_; }
    const Entry& entry(std::size_t i) const;
    std::string_view text(const Entry& e) const;
    // Entry ids whose first syllable is `syl`, most frequent first.
    std::span<const std::uint32_t> by_first(std::size_t syl) const;

    struct Block;   // the bytes: owned heap memory or a read-only mapping

private:
    std::shared_ptr<const Block> block_;
    std::size_t n_syl_ = 0, n_entries_ = 0, text_bytes_ = 0;
    const std::uint32_t* syl_off_ = nullptr;
    const char* letters_ = nullptr;
    const Entry* entries_ = nullptr;
    const std::uint32_t* first_off_ = nullptr;
    const std::uint32_t* first_ids_ = nullptr;
    const char* text_ = nullptr;

    // Points the views into block_ after its header and sizes were checked; false if they do not fit.
    bool attach(std::shared_ptr<const Block> block);
};

} // namespace kiosk::pinyin
