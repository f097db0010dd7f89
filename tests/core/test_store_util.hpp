#pragma once
// Shared by the store, audit and staff-account tests: a unique temporary data directory that removes itself,
// a fixed test key, and a sample request with recognisable PII to search for in raw files.
#include "app/crypto.hpp"
#include "app/request.hpp"
#include "app/store.hpp"
#include "tests/sample_request.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace kiosk::testing {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        path = std::filesystem::temp_directory_path() /
               ("kiosk-" + tag + "-" + new_uuid_v4().substr(0, 13));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

inline KeyRing test_keys(std::uint8_t seed = 7) {
    std::array<std::uint8_t, 32> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + i * 13);
    return KeyRing::from_bytes(k);
}

// Opens (creating) the store at `p`; a failure stops the test with the store's own words.
inline std::unique_ptr<Store> open_store(const std::filesystem::path& p, const KeyRing& k) {
    auto s = Store::open(p, k);
    INFO((s ? std::string() : s.error().code + ": " + s.error().message));
    REQUIRE(s.ok());
    return std::move(*s);
}

// A store in a fresh temporary directory under the test key: where most store-level tests start.
struct StoreFixture {
    explicit StoreFixture(const std::string& tag) : dir(tag), store(open_store(dir / "kiosk.db", keys)) {}
    TempDir dir;
    KeyRing keys = test_keys();
    std::unique_ptr<Store> store;
};

// Kiosk local time: Beijing, fixed so that day boundaries and offsets are predictable.
inline void use_beijing_time() {
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
}

// 2026-11-28 hh:mm:ss +08:00 as a system_clock time point.
inline WallTime beijing(int year, int mon, int day, int h, int m, int s = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = h - 8;   // to UTC
    tm.tm_min = m;
    tm.tm_sec = s;
    return WallClock::from_time_t(timegm(&tm));
}


inline std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool file_contains(const std::filesystem::path& p, const std::string& needle) {
    if (!std::filesystem::exists(p)) return false;
    return read_all(p).find(needle) != std::string::npos;
}

} // namespace kiosk::testing
