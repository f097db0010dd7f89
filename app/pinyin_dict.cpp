// [SECTION] Index
//   [SECTION] OpenCC  — t2s through dlopen (optional at run time)
//   [SECTION] Parsing — dict.yaml + table.txt → merged entries (the slow path, once per installation)
//   [SECTION] Layout  — the file's header and sections
//   [SECTION] Block   — building the block, attaching views, accessors that clamp
//   [SECTION] Cache   — stamp, map, save
#include "app/pinyin_dict.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <malloc.h>
#include <map>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

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
// One line of the sources. The pinyin is held as ids of syllables numbered in order of first appearance
// (`spellings`), renumbered alphabetically once everything is read: ~250 000 syllables in ~150 000 lines,
// and a string per line would double the parser's peak memory.
struct Raw {
    std::string text;
    std::uint16_t syl[4] = {0, 0, 0, 0};
    std::uint8_t n = 0;
    bool from_table = false;
    double weight = 0;
    bool same_reading(const Raw& o) const { return text == o.text && n == o.n && std::equal(syl, syl + n, o.syl); }
};

struct Parser {
    std::vector<Raw> raw;
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
        std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
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
            Raw r = std::move(raw[i]);
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
        for (Raw& r : raw)
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

// [SECTION] Layout
constexpr char kMagic[8] = {'K', 'P', 'I', 'N', 'Y', 'I', 'N', '\0'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint64_t kByteOrder = 0x0102030405060708ull;
constexpr std::uint32_t kFlagSimplify = 1, kFlagSimplified = 2;

struct Header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t header_bytes;
    std::uint64_t byte_order;
    std::uint64_t dict_size, dict_mtime_ns, table_size, table_mtime_ns;
    double min_phrase_weight;
    std::uint32_t flags;
    std::uint32_t n_syl, n_entries, letters_bytes, text_bytes, reserved;
    std::uint64_t file_bytes;
    std::uint64_t checksum;   // of every byte after the header
};
static_assert(sizeof(Header) % 8 == 0, "sections after the header must stay aligned");

struct Layout {
    std::size_t syl_off, letters, entries, first_off, first_ids, text, total;
};

Layout layout_of(const Header& h) {
    auto align4 = [](std::size_t x) { return (x + 3) & ~std::size_t{3}; };
    Layout l{};
    std::size_t o = sizeof(Header);
    l.syl_off = o;   o += (std::size_t{h.n_syl} + 1) * 4;
    l.letters = o;   o += align4(h.letters_bytes);
    l.entries = o;   o += std::size_t{h.n_entries} * sizeof(Entry);
    l.first_off = o; o += (std::size_t{h.n_syl} + 1) * 4;
    l.first_ids = o; o += std::size_t{h.n_entries} * 4;
    l.text = o;      o += h.text_bytes;
    l.total = o;
    return l;
}

// FNV-1a over 8-byte words: catches a torn or bit-flipped cache file (it is not a defence against someone
// who can write the data directory — they could replace the dictionary's sources as well).
struct Checksum {
    std::uint64_t h = 0xcbf29ce484222325ull;
    std::uint64_t pending = 0;
    int pending_bytes = 0;
    void add(const char* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            pending |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * pending_bytes);
            if (++pending_bytes == 8) { mix(); }
        }
    }
    void mix() { h = (h ^ pending) * 0x100000001b3ull; pending = 0; pending_bytes = 0; }
    std::uint64_t done() { if (pending_bytes) mix(); return h; }
};

Error cache_error(const char* code, const std::filesystem::path& file, const std::string& why) {
    return Error{code, file.string() + ": " + why};
}

} // namespace

// [SECTION] Block
struct Dict::Block {
    const char* data = nullptr;
    std::size_t size = 0;
    std::vector<std::uint64_t> heap;   // built in this process (8-byte units keep every section aligned)
    void* mapping = nullptr;           // or mapped from a cache file
    Block() = default;
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;
    ~Block() { if (mapping) ::munmap(mapping, size); }
    const Header& header() const { return *reinterpret_cast<const Header*>(data); }
};

bool Dict::attach(std::shared_ptr<const Block> block) {
    if (!block || block->size < sizeof(Header)) return false;
    const Header& h = block->header();
    const Layout l = layout_of(h);
    if (l.total != block->size || h.file_bytes != block->size) return false;
    auto u32 = [&](std::size_t off) { return reinterpret_cast<const std::uint32_t*>(block->data + off); };
    const std::uint32_t* syl_off = u32(l.syl_off);
    const std::uint32_t* first_off = u32(l.first_off);
    // The two offset tables are small (one row per syllable): checked in full, so by_first() and
    // syllable() need only an index check.
    if (syl_off[0] != 0 || first_off[0] != 0) return false;
    for (std::size_t i = 0; i < h.n_syl; ++i)
        if (syl_off[i + 1] < syl_off[i] || first_off[i + 1] < first_off[i]) return false;
    if (syl_off[h.n_syl] > h.letters_bytes || first_off[h.n_syl] > h.n_entries) return false;
    n_syl_ = h.n_syl;
    n_entries_ = h.n_entries;
    text_bytes_ = h.text_bytes;
    syl_off_ = syl_off;
    letters_ = block->data + l.letters;
    entries_ = reinterpret_cast<const Entry*>(block->data + l.entries);
    first_off_ = first_off;
    first_ids_ = u32(l.first_ids);
    text_ = block->data + l.text;
    block_ = std::move(block);
    return true;
}

bool Dict::simplified() const { return block_ && (block_->header().flags & kFlagSimplified); }

std::string_view Dict::syllable(std::size_t id) const {
    if (id >= n_syl_) return {};
    return {letters_ + syl_off_[id], syl_off_[id + 1] - syl_off_[id]};
}

const Entry& Dict::entry(std::size_t i) const {
    static const Entry none{};
    return i < n_entries_ ? entries_[i] : none;
}

std::string_view Dict::text(const Entry& e) const {
    if (std::size_t{e.text_off} + e.text_len > text_bytes_) return {};
    return {text_ + e.text_off, e.text_len};
}

std::span<const std::uint32_t> Dict::by_first(std::size_t syl) const {
    if (syl >= n_syl_) return {};
    return {first_ids_ + first_off_[syl], first_off_[syl + 1] - first_off_[syl]};
}

Result<Dict> Dict::build(const Sources& src, const Stamp& stamp) {
    Header h{};
    Parser p;
    if (!p.read(src.dict, true, src.min_phrase_weight))
        return Error{"pinyin.missing", src.dict.string() + ": cannot read (install rime-data-luna-pinyin)"};
    p.read(src.table, false, src.min_phrase_weight);   // optional: frequencies and common phrases
    p.merge();
    std::vector<std::string> syllables = p.renumber();
    const bool simplified = src.simplify && p.simplify();
    std::erase_if(p.raw, [](const Raw& r) { return r.text.size() > 255; });   // Entry::text_len is one byte

    // Sizes first, then one allocation for the whole block.
    std::size_t letters = 0, text = 0;
    for (auto& s : syllables) letters += s.size();
    for (auto& r : p.raw) text += r.text.size();
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.header_bytes = sizeof(Header);
    h.byte_order = kByteOrder;
    h.dict_size = stamp.dict_size;
    h.dict_mtime_ns = stamp.dict_mtime_ns;
    h.table_size = stamp.table_size;
    h.table_mtime_ns = stamp.table_mtime_ns;
    h.min_phrase_weight = src.min_phrase_weight;
    h.flags = (src.simplify ? kFlagSimplify : 0) | (simplified ? kFlagSimplified : 0);
    h.n_syl = static_cast<std::uint32_t>(syllables.size());
    h.n_entries = static_cast<std::uint32_t>(p.raw.size());
    h.letters_bytes = static_cast<std::uint32_t>(letters);
    h.text_bytes = static_cast<std::uint32_t>(text);
    const Layout l = layout_of(h);
    h.file_bytes = l.total;

    auto block = std::make_shared<Block>();
    block->heap.assign((l.total + 7) / 8, 0);
    char* base = reinterpret_cast<char*>(block->heap.data());
    auto u32 = [&](std::size_t off) { return reinterpret_cast<std::uint32_t*>(base + off); };
    std::uint32_t* syl_off = u32(l.syl_off);
    std::size_t o = 0;
    for (std::size_t i = 0; i < syllables.size(); ++i) {
        syl_off[i] = static_cast<std::uint32_t>(o);
        std::memcpy(base + l.letters + o, syllables[i].data(), syllables[i].size());
        o += syllables[i].size();
    }
    syl_off[syllables.size()] = static_cast<std::uint32_t>(o);

    Entry* entries = reinterpret_cast<Entry*>(base + l.entries);
    std::vector<std::uint32_t> count(syllables.size() + 1, 0);
    o = 0;
    for (std::size_t i = 0; i < p.raw.size(); ++i) {
        const Raw& r = p.raw[i];
        Entry& e = entries[i];
        e.text_off = static_cast<std::uint32_t>(o);
        e.text_len = static_cast<std::uint8_t>(r.text.size());
        std::memcpy(base + l.text + o, r.text.data(), r.text.size());
        o += r.text.size();
        e.n = r.n;
        std::copy(r.syl, r.syl + r.n, e.syl);
        e.weight = static_cast<float>(r.weight);
        ++count[r.syl[0] + 1];
    }
    std::vector<Raw>().swap(p.raw);   // frees it (`raw = {}` would keep the capacity)

    std::uint32_t* first_off = u32(l.first_off);
    std::uint32_t* first_ids = u32(l.first_ids);
    for (std::size_t s = 0; s < syllables.size(); ++s) count[s + 1] += count[s];
    std::copy(count.begin(), count.end(), first_off);
    for (std::uint32_t i = 0; i < h.n_entries; ++i) first_ids[count[entries[i].syl[0]]++] = i;
    for (std::size_t s = 0; s < syllables.size(); ++s)
        std::stable_sort(first_ids + first_off[s], first_ids + first_off[s + 1],
                         [&](std::uint32_t a, std::uint32_t c) { return entries[a].weight > entries[c].weight; });

    Checksum sum;
    sum.add(base + sizeof(Header), l.total - sizeof(Header));
    h.checksum = sum.done();
    std::memcpy(base, &h, sizeof h);
    block->data = base;
    block->size = l.total;
    Dict d;
    if (!d.attach(std::move(block))) return Error{"pinyin.internal", "the built dictionary block is inconsistent"};
    ::malloc_trim(0);   // the parser's scaffolding was large: give it back to the OS
    return d;
}

std::vector<std::string_view> utf8_chars(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        const std::size_t n = std::min(len, s.size() - i);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

// [SECTION] Cache
Result<Stamp> stamp_of(const Sources& src) {
    struct stat st {};
    if (::stat(src.dict.c_str(), &st) != 0)
        return Error{"pinyin.missing", src.dict.string() + ": cannot read (install rime-data-luna-pinyin)"};
    auto ns = [](const struct stat& s) {
        return static_cast<std::uint64_t>(s.st_mtim.tv_sec) * 1000000000ull + static_cast<std::uint64_t>(s.st_mtim.tv_nsec);
    };
    Stamp out;
    out.dict_size = static_cast<std::uint64_t>(st.st_size);
    out.dict_mtime_ns = ns(st);
    if (!src.table.empty() && ::stat(src.table.c_str(), &st) == 0) {
        out.table_size = static_cast<std::uint64_t>(st.st_size);
        out.table_mtime_ns = ns(st);
    }
    out.min_phrase_weight = src.min_phrase_weight;
    out.simplify = src.simplify;
    return out;
}

Result<Dict> Dict::map(const std::filesystem::path& file, const Stamp& expected) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return cache_error("pinyin.cache_missing", file, "no cache yet");
        return cache_error("pinyin.cache_damaged", file, std::strerror(errno));
    }
    struct Closer { int fd; ~Closer() { ::close(fd); } } closer{fd};
    struct stat st {};
    Header h{};
    if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(Header) ||
        ::pread(fd, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h) || std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
        return cache_error("pinyin.cache_damaged", file, "not a pinyin cache");
    if (h.version != kVersion || h.header_bytes != sizeof(Header) || h.byte_order != kByteOrder)
        return cache_error("pinyin.cache_stale", file, "written by another version");
    Stamp got{h.dict_size, h.dict_mtime_ns, h.table_size, h.table_mtime_ns, h.min_phrase_weight, (h.flags & kFlagSimplify) != 0};
    if (!(got == expected)) return cache_error("pinyin.cache_stale", file, "the dictionary or the options changed");
    // Built while OpenCC was missing: rebuild once it is installed.
    if (expected.simplify && !(h.flags & kFlagSimplified) && OpenCC().ok())
        return cache_error("pinyin.cache_stale", file, "OpenCC is now installed");
    const std::size_t size = static_cast<std::size_t>(st.st_size);
    if (layout_of(h).total != size || h.file_bytes != size) return cache_error("pinyin.cache_damaged", file, "truncated or padded");

    // The checksum is read through pread, not the mapping: the page cache is not our resident memory.
    Checksum sum;
    std::vector<char> buf(64 * 1024);
    for (std::size_t off = sizeof(Header); off < size;) {
        ssize_t n = ::pread(fd, buf.data(), std::min(buf.size(), size - off), static_cast<off_t>(off));
        if (n <= 0) return cache_error("pinyin.cache_damaged", file, n < 0 ? std::strerror(errno) : "short read");
        sum.add(buf.data(), static_cast<std::size_t>(n));
        off += static_cast<std::size_t>(n);
    }
    if (sum.done() != h.checksum) return cache_error("pinyin.cache_damaged", file, "checksum mismatch");

    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) return cache_error("pinyin.cache_damaged", file, std::string("mmap: ") + std::strerror(errno));
    ::madvise(m, size, MADV_RANDOM);   // lookups jump around: no read-ahead into resident memory
    auto block = std::make_shared<Block>();
    block->mapping = m;
    block->data = static_cast<const char*>(m);
    block->size = size;
    Dict d;
    if (!d.attach(std::move(block))) return cache_error("pinyin.cache_damaged", file, "inconsistent sections");
    return d;
}

std::string Dict::save(const std::filesystem::path& file) const {
    if (!block_) return "nothing to save";
    const std::string tmp = file.string() + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return tmp + ": " + std::strerror(errno);
    const char* p = block_->data;
    std::size_t left = block_->size;
    std::string err;
    while (left > 0 && err.empty()) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { err = tmp + ": " + std::strerror(n < 0 ? errno : ENOSPC); break; }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (err.empty() && ::fsync(fd) != 0) err = tmp + ": fsync: " + std::strerror(errno);
    if (::close(fd) != 0 && err.empty()) err = tmp + ": close: " + std::strerror(errno);
    if (err.empty() && ::rename(tmp.c_str(), file.c_str()) != 0) err = file.string() + ": " + std::strerror(errno);
    if (!err.empty()) ::unlink(tmp.c_str());
    return err;
}

} // namespace kiosk::pinyin
