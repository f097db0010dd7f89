// libFuzzer target for the pinyin dictionary's cache checks (app/pinyin_dict.hpp: Dict::from_bytes, the same
// checks Dict::map runs on the cache file in the data dir). Arbitrary bytes must be refused or give a Dict
// whose every accessor stays inside the block (ASan watches the heap copy).
// Each input is tried twice: as it is, and "fixed up" so that it gets past the gates a fuzzer cannot guess —
// magic, version, byte order, stamp (taken from the input itself), file size and the body's checksum — to
// reach attach()'s section checks. Header layout (104 bytes) as in app/pinyin_dict.cpp.
#include "app/pinyin_dict.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <cstdint>
#include <cstring>
#include <string>

namespace {

constexpr std::size_t kHeader = 104, kFlags = 64, kFileBytes = 88, kChecksum = 96;

template <class T> T get(const std::string& b, std::size_t off) { T v; std::memcpy(&v, b.data() + off, sizeof v); return v; }
template <class T> void put(std::string& b, std::size_t off, T v) { std::memcpy(b.data() + off, &v, sizeof v); }

// The cache's FNV-1a over 8-byte little-endian words (app/pinyin_dict.cpp, Checksum).
std::uint64_t checksum(const char* p, std::size_t n) {
    std::uint64_t h = 0xcbf29ce484222325ull, pending = 0;
    int k = 0;
    for (std::size_t i = 0; i < n; ++i) {
        pending |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * k);
        if (++k == 8) { h = (h ^ pending) * 0x100000001b3ull; pending = 0; k = 0; }
    }
    if (k) h = (h ^ pending) * 0x100000001b3ull;
    return h;
}

kiosk::pinyin::Stamp stamp_in(const std::string& b) {
    kiosk::pinyin::Stamp s;
    s.dict_size = get<std::uint64_t>(b, 24);
    s.dict_mtime_ns = get<std::uint64_t>(b, 32);
    s.table_size = get<std::uint64_t>(b, 40);
    s.table_mtime_ns = get<std::uint64_t>(b, 48);
    s.min_phrase_weight = get<double>(b, 56);
    s.simplify = false;
    return s;
}

void walk(const kiosk::pinyin::Dict& d) {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < d.syllable_count(); ++i) {
        bytes += d.syllable(i).size();
        for (std::uint32_t id : d.by_first(i)) bytes += d.text(d.entry(id)).size();
    }
    for (std::size_t i = 0; i < d.entry_count(); ++i) {
        const auto& e = d.entry(i);
        for (int k = 0; k < 4; ++k) bytes += d.syllable(e.syl[k]).size();
        std::string_view t = d.text(e);
        if (!t.empty()) bytes += static_cast<unsigned char>(t.back());
    }
    fuzz::require(bytes != SIZE_MAX, "walked");
}

void try_bytes(const std::string& b, const kiosk::pinyin::Stamp& expected) {
    auto d = kiosk::pinyin::Dict::from_bytes(b, expected, "fuzz.cache");
    if (!d) {
        const std::string& code = d.error().code;
        fuzz::require(code == "pinyin.cache_damaged" || code == "pinyin.cache_stale", "refusals are damaged or stale");
        return;
    }
    walk(*d);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string b(reinterpret_cast<const char*>(data), size);
    try_bytes(b, kiosk::pinyin::Stamp{});
    if (b.size() < kHeader) return 0;
    std::memcpy(b.data(), "KPINYIN", 8);
    put<std::uint32_t>(b, 8, 1);
    put<std::uint32_t>(b, 12, kHeader);
    put<std::uint64_t>(b, 16, 0x0102030405060708ull);
    put<std::uint32_t>(b, kFlags, get<std::uint32_t>(b, kFlags) & ~1u);   // not "simplify": no OpenCC probe
    put<std::uint64_t>(b, kFileBytes, b.size());
    put<std::uint64_t>(b, kChecksum, checksum(b.data() + kHeader, b.size() - kHeader));
    try_bytes(b, stamp_in(b));
    return 0;
}
