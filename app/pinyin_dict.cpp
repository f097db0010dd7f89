// [SECTION] Index
//   [SECTION] Layout  — the file's header and sections
//   [SECTION] Block   — building the block, attaching views, accessors that clamp
//   [SECTION] Cache   — stamp, map, save
#include "app/pinyin_dict.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace kiosk::pinyin {

namespace {

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
    auto parsed = parse(src);
    if (!parsed) return parsed.error();
    const std::vector<std::string>& syllables = parsed->syllables;
    std::vector<ParsedEntry>& raw = parsed->entries;
    Header h{};

    // Sizes first, then one allocation for the whole block.
    std::size_t letters = 0, text = 0;
    for (auto& s : syllables) letters += s.size();
    for (auto& r : raw) text += r.text.size();
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.header_bytes = sizeof(Header);
    h.byte_order = kByteOrder;
    h.dict_size = stamp.dict_size;
    h.dict_mtime_ns = stamp.dict_mtime_ns;
    h.table_size = stamp.table_size;
    h.table_mtime_ns = stamp.table_mtime_ns;
    h.min_phrase_weight = src.min_phrase_weight;
    h.flags = (src.simplify ? kFlagSimplify : 0) | (parsed->simplified ? kFlagSimplified : 0);
    h.n_syl = static_cast<std::uint32_t>(syllables.size());
    h.n_entries = static_cast<std::uint32_t>(raw.size());
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
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const ParsedEntry& r = raw[i];
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
    std::vector<ParsedEntry>().swap(raw);   // frees it (`raw = {}` would keep the capacity)

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

// The checks map() and from_bytes() share, before the body's checksum: magic, version, stamp, sizes.
static std::optional<Error> check_header(const Header& h, std::size_t size, const Stamp& expected,
                                  const std::filesystem::path& file) {
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return cache_error("pinyin.cache_damaged", file, "not a pinyin cache");
    if (h.version != kVersion || h.header_bytes != sizeof(Header) || h.byte_order != kByteOrder)
        return cache_error("pinyin.cache_stale", file, "written by another version");
    Stamp got{h.dict_size, h.dict_mtime_ns, h.table_size, h.table_mtime_ns, h.min_phrase_weight, (h.flags & kFlagSimplify) != 0};
    if (!(got == expected)) return cache_error("pinyin.cache_stale", file, "the dictionary or the options changed");
    // Built while OpenCC was missing: rebuild once it is installed.
    if (expected.simplify && !(h.flags & kFlagSimplified) && opencc_available())
        return cache_error("pinyin.cache_stale", file, "OpenCC is now installed");
    if (layout_of(h).total != size || h.file_bytes != size) return cache_error("pinyin.cache_damaged", file, "truncated or padded");
    return std::nullopt;
}

Result<Dict> Dict::from_bytes(std::string_view bytes, const Stamp& expected, const std::filesystem::path& name) {
    Header h{};
    if (bytes.size() < sizeof(Header)) return cache_error("pinyin.cache_damaged", name, "not a pinyin cache");
    std::memcpy(&h, bytes.data(), sizeof h);
    if (auto bad = check_header(h, bytes.size(), expected, name)) return *bad;
    Checksum sum;
    sum.add(bytes.data() + sizeof(Header), bytes.size() - sizeof(Header));
    if (sum.done() != h.checksum) return cache_error("pinyin.cache_damaged", name, "checksum mismatch");
    auto block = std::make_shared<Block>();
    block->heap.assign((bytes.size() + 7) / 8, 0);
    std::memcpy(block->heap.data(), bytes.data(), bytes.size());
    block->data = reinterpret_cast<const char*>(block->heap.data());
    block->size = bytes.size();
    Dict d;
    if (!d.attach(std::move(block))) return cache_error("pinyin.cache_damaged", name, "inconsistent sections");
    return d;
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
        ::pread(fd, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h))
        return cache_error("pinyin.cache_damaged", file, "not a pinyin cache");
    const std::size_t size = static_cast<std::size_t>(st.st_size);
    if (auto bad = check_header(h, size, expected, file)) return *bad;

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
