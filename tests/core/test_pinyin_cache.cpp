// The parsed pinyin dictionary is cached in a file and mapped on later starts (app/pinyin_dict): the
// cache answers exactly as the parse does, and a damaged, stale or unwritable cache never loses the
// dictionary — it is rebuilt, and the log says why when something was wrong.
#include <catch2/catch.hpp>

#include "app/pinyin.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

struct CacheDir {
    fs::path dir = fs::temp_directory_path() / ("pinyin_cache_test." + std::to_string(::getpid()));
    CacheDir() { fs::remove_all(dir); fs::create_directories(dir); }
    ~CacheDir() { fs::remove_all(dir); }
};

// A small luna_pinyin.dict.yaml: a header ended by "...", then text<TAB>pinyin[<TAB>weight].
void write_dict(const fs::path& p, bool with_extra = false) {
    std::ofstream o(p);
    o << "# test dictionary\n---\nname: test\nversion: \"1\"\n...\n"
      << "张\tzhang\t100%\n伟\twei\t100%\n长\tchang\t60%\n长\tzhang\t40%\n"
      << "行\txing\t70%\n行\thang\t30%\n银\tyin\n银行\tyin hang\n张伟\tzhang wei\n";
    if (with_extra) o << "章\tzhang\t100%\n";
}

PinyinEngine::Options options(const CacheDir& d) {
    PinyinEngine::Options o;
    o.dict = d.dir / "dict.yaml";
    o.table = d.dir / "absent.table.txt";
    o.simplify = false;
    o.cache = d.dir / "pinyin.cache";
    return o;
}

std::vector<std::string> texts(const PinyinEngine& e, const char* letters) {
    std::vector<std::string> out;
    for (auto& c : e.candidates(letters, 0, 50)) out.push_back(c.text);
    return out;
}

std::unique_ptr<PinyinEngine> load_ok(const PinyinEngine::Options& o) {
    auto r = PinyinEngine::load(o);
    REQUIRE(r.ok());
    return std::move(r.value());
}

void flip_byte(const fs::path& p, std::size_t from_end) {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(-static_cast<std::streamoff>(from_end), std::ios::end);
    char c = 0;
    f.read(&c, 1);
    f.seekp(-static_cast<std::streamoff>(from_end), std::ios::end);
    c = static_cast<char>(c ^ 0x5A);
    f.write(&c, 1);
}

} // namespace

TEST_CASE("the first load parses and writes the cache, the next maps it and answers the same") {
    CacheDir d;
    write_dict(d.dir / "dict.yaml");
    auto o = options(d);
    auto parsed = load_ok(o);
    CHECK_FALSE(parsed->from_cache());
    CHECK(parsed->cache_note().empty());
    REQUIRE(fs::exists(o.cache));

    auto mapped = load_ok(o);
    CHECK(mapped->from_cache());
    CHECK(mapped->cache_note().empty());
    CHECK(mapped->entry_count() == parsed->entry_count());
    CHECK(texts(*mapped, "zhangwei") == texts(*parsed, "zhangwei"));
    CHECK(texts(*mapped, "zhangwei").front() == "张伟");
    CHECK(texts(*mapped, "zh") == texts(*parsed, "zh"));
    CHECK(mapped->readings("长") == std::vector<std::string>{"chang", "zhang"});
    CHECK(mapped->full_pinyin("银行") == "yinhang");
    CHECK(mapped->initials("张伟") == "zw");
    // Only the cache file remains: no temporary left behind.
    std::size_t files = 0;
    for (auto& e : fs::directory_iterator(d.dir)) files += e.path().filename().string().rfind("pinyin.cache", 0) == 0;
    CHECK(files == 1);
}

TEST_CASE("a damaged cache is detected, rebuilt and rewritten") {
    CacheDir d;
    write_dict(d.dir / "dict.yaml");
    auto o = options(d);
    load_ok(o);
    const auto good = load_ok(o);
    REQUIRE(good->from_cache());
    const auto expected = texts(*good, "zhangwei");

    SECTION("one flipped byte") { flip_byte(o.cache, 3); }
    SECTION("truncated") { fs::resize_file(o.cache, fs::file_size(o.cache) / 2); }
    SECTION("not a cache at all") { std::ofstream(o.cache, std::ios::trunc) << "hello"; }

    auto rebuilt = load_ok(o);
    CHECK_FALSE(rebuilt->from_cache());
    CHECK(rebuilt->cache_note().find("pinyin.cache") != std::string::npos);   // names the file for the log
    CHECK(rebuilt->cache_note().find("rebuilt") != std::string::npos);
    CHECK(texts(*rebuilt, "zhangwei") == expected);
    auto again = load_ok(o);
    CHECK(again->from_cache());   // rewritten
    CHECK(texts(*again, "zhangwei") == expected);
}

TEST_CASE("a changed dictionary or changed options make the cache stale: rebuilt quietly") {
    CacheDir d;
    write_dict(d.dir / "dict.yaml");
    auto o = options(d);
    load_ok(o);
    REQUIRE(load_ok(o)->from_cache());

    SECTION("the dictionary package was upgraded") {
        write_dict(d.dir / "dict.yaml", true);
        auto e = load_ok(o);
        CHECK_FALSE(e->from_cache());
        CHECK(e->cache_note().empty());
        auto c = texts(*e, "zhang");
        CHECK(std::find(c.begin(), c.end(), "章") != c.end());
    }
    SECTION("other options") {
        o.min_phrase_weight = 5;
        auto e = load_ok(o);
        CHECK_FALSE(e->from_cache());
        CHECK(e->cache_note().empty());
    }
    CHECK(load_ok(o)->from_cache());
}

TEST_CASE("a cache that cannot be written costs only the parse") {
    CacheDir d;
    write_dict(d.dir / "dict.yaml");
    auto o = options(d);
    o.cache = d.dir / "no-such-dir" / "pinyin.cache";
    auto e = load_ok(o);
    CHECK_FALSE(e->from_cache());
    CHECK(e->cache_note().find("not written") != std::string::npos);
    CHECK(texts(*e, "zhangwei").front() == "张伟");
}

TEST_CASE("a missing dictionary stays an error with a cache configured") {
    CacheDir d;
    auto o = options(d);   // dict.yaml never written
    auto r = PinyinEngine::load(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "pinyin.missing");
    CHECK_FALSE(fs::exists(o.cache));
}

TEST_CASE("the real dictionary from its cache answers as parsed") {
    CacheDir d;
    PinyinEngine::Options o;   // Debian's rime-data-luna-pinyin, simplified with OpenCC
    o.cache = d.dir / "pinyin.cache";
    auto parsed = load_ok(o);
    auto mapped = load_ok(o);
    REQUIRE(mapped->from_cache());
    CHECK(mapped->simplified() == parsed->simplified());
    CHECK(mapped->entry_count() == parsed->entry_count());
    for (const char* q : {"zhangwei", "shenfenzheng", "wfzjl", "xing", "hang", "lv"})
        CHECK(texts(*mapped, q) == texts(*parsed, q));
    CHECK(mapped->full_pinyin("无犯罪记录证明") == "wufanzuijiluzhengming");
    // Compact: a few MiB for ~150 000 entries.
    CHECK(fs::file_size(o.cache) < 8u * 1024 * 1024);
}

TEST_CASE("a cache's bytes in memory pass the same checks as the mapped file (Dict::from_bytes)") {
    CacheDir d;
    write_dict(d.dir / "dict.yaml");
    auto o = options(d);
    load_ok(o);   // writes the cache
    pinyin::Sources src{o.dict, o.table, o.simplify};
    auto stamp = pinyin::stamp_of(src);
    REQUIRE(stamp);
    std::ifstream in(o.cache, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 104);

    auto dict = pinyin::Dict::from_bytes(bytes, *stamp, "mem");
    REQUIRE(dict);
    auto mapped = pinyin::Dict::map(o.cache, *stamp);
    REQUIRE(mapped);
    CHECK(dict->entry_count() == mapped->entry_count());
    CHECK(dict->syllable_count() == mapped->syllable_count());

    std::string flipped = bytes;
    flipped[bytes.size() - 1] ^= 0x40;
    auto damaged = pinyin::Dict::from_bytes(flipped, *stamp, "mem");
    REQUIRE_FALSE(damaged);
    CHECK(damaged.error().code == "pinyin.cache_damaged");
    auto short_one = pinyin::Dict::from_bytes(std::string_view(bytes).substr(0, 50), *stamp, "mem");
    REQUIRE_FALSE(short_one);
    CHECK(short_one.error().code == "pinyin.cache_damaged");
    CHECK_FALSE(pinyin::Dict::from_bytes(bytes, pinyin::Stamp{}, "mem"));   // another stamp: stale
}
