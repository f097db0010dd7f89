#pragma once
// [SECTION] Pinyin sources — Debian's rime-data-luna-pinyin read into merged, frequency-weighted entries.
//
// luna_pinyin.dict.yaml gives every character's readings (a percentage for polyphones) and the phrase list;
// build/luna_pinyin.table.txt adds corpus frequencies and common phrases (e.g. 张伟). Luna Pinyin is written
// in traditional characters; as Rime's own luna_pinyin_simp does, texts are converted with OpenCC's t2s
// (libopencc1.1, loaded with dlopen so the core links nothing new). This is the slow path (~200 ms, +15 MiB
// at its peak): app/pinyin_dict runs it once per installation and caches the result.
#include "result.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::pinyin {

struct Sources {
    std::filesystem::path dict;     // luna_pinyin.dict.yaml: readings and phrases (required)
    std::filesystem::path table;    // luna_pinyin.table.txt: corpus frequencies (optional)
    bool simplify = true;           // convert to simplified characters with OpenCC t2s, when installed
    double min_phrase_weight = 1000; // table phrases rarer than this are left out
};

// One (text, reading). While parsing, syllables are ids numbered in order of first appearance — a string
// per line would double the parser's peak memory — renumbered alphabetically at the end.
struct ParsedEntry {
    std::string text;
    std::uint16_t syl[4] = {0, 0, 0, 0};
    std::uint8_t n = 0;
    bool from_table = false;   // merge bookkeeping: corpus frequency beats the polyphone percentage
    double weight = 0;
    bool same_reading(const ParsedEntry& o) const { return text == o.text && n == o.n && std::equal(syl, syl + n, o.syl); }
};

struct Parsed {
    std::vector<std::string> syllables;   // id → spelling, alphabetical
    std::vector<ParsedEntry> entries;     // sorted by text, then reading; one per (text, reading)
    bool simplified = false;              // OpenCC was there and converted the texts
};

// Error "pinyin.missing" when the dictionary cannot be read; the table is optional.
Result<Parsed> parse(const Sources& src);

// Whether OpenCC's t2s conversion can be loaded now (a cache built without it is rebuilt once it can).
bool opencc_available();

// Text split into UTF-8 characters, leniently: a broken sequence yields its bytes one by one
// (app/utf8.hpp decides what is broken).
std::vector<std::string_view> utf8_chars(std::string_view s);

} // namespace kiosk::pinyin
