// Pinyin engine over Debian's rime-data-luna-pinyin: syllable splitting, frequency-ranked candidates with
// phrases first, polyphones, paging, and the catalog search keys (full pinyin and initials).
#include "tests/test_assets.hpp"

#include <catch2/catch.hpp>

#include "app/catalog.hpp"
#include "app/pinyin.hpp"
#include "app/search.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace kiosk;

namespace {
const PinyinEngine& engine() {
    const PinyinEngine* e = PinyinEngine::shared();
    REQUIRE(e != nullptr);   // rime-data-luna-pinyin must be installed (scripts/install-deps)
    return *e;
}
std::vector<std::string> texts(const std::vector<PinyinCandidate>& c) {
    std::vector<std::string> out;
    for (auto& x : c) out.push_back(x.text);
    return out;
}
bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
} // namespace

TEST_CASE("letters split into whole syllables, fewest pieces first") {
    const auto& e = engine();
    auto seg = e.split("zhangwei");
    REQUIRE(seg.size() == 2);
    CHECK(seg[0].letters == "zhang");
    CHECK(seg[1].letters == "wei");
    CHECK(seg[0].complete);
    auto x = e.split("xian");   // one syllable, not xi + an
    REQUIRE(x.size() == 1);
    CHECK(x[0].letters == "xian");
    auto partial = e.split("zhangw");
    REQUIRE(partial.size() == 2);
    CHECK_FALSE(partial[1].complete);
    CHECK(e.split("").empty());
}

TEST_CASE("zhangwei offers the phrase 张伟 first, then single characters for zhang") {
    const auto& e = engine();
    std::size_t total = 0;
    auto c = e.candidates("zhangwei", 0, 8, &total);
    REQUIRE(!c.empty());
    CHECK(c[0].text == "张伟");
    CHECK(c[0].consumed == 8);
    CHECK(total > 8);
    REQUIRE(c.size() > 1);
    CHECK(c[1].syllables == 1);
    CHECK(c[1].consumed == 5);   // picking 张 leaves "wei"
    CHECK(contains(texts(c), "张"));
}

TEST_CASE("candidates are ranked by frequency and simplified") {
    const auto& e = engine();
    REQUIRE(e.simplified());   // OpenCC t2s (libopencc1.1) is installed
    auto c = texts(e.candidates("wo", 0, 5));
    REQUIRE(!c.empty());
    CHECK(c[0] == "我");
    auto s = texts(e.candidates("shenfenzheng", 0, 3));
    REQUIRE(!s.empty());
    CHECK(s[0] == "身份证");
}

TEST_CASE("polyphones: 行 is offered for both xing and hang, and 银行 reads yinhang") {
    const auto& e = engine();
    CHECK(contains(texts(e.candidates("xing", 0, 20)), "行"));
    CHECK(contains(texts(e.candidates("hang", 0, 20)), "行"));
    auto r = e.readings("行");
    CHECK(contains(r, "xing"));
    CHECK(contains(r, "hang"));
    CHECK(e.full_pinyin("银行") == "yinhang");
    CHECK(e.full_pinyin("行人") == "xingren");
}

TEST_CASE("paging returns the next candidates without repeats") {
    const auto& e = engine();
    std::size_t total = 0;
    auto p1 = texts(e.candidates("shi", 0, 6, &total));
    auto p2 = texts(e.candidates("shi", 6, 6));
    REQUIRE(p1.size() == 6);
    REQUIRE(p2.size() == 6);
    for (auto& t : p2) CHECK_FALSE(contains(p1, t));
    CHECK(e.candidates("shi", total, 6).empty());
}

TEST_CASE("initials alone find phrases") {
    const auto& e = engine();
    auto c = texts(e.candidates("sfz", 0, 20));
    CHECK(contains(c, "身份证"));
}

TEST_CASE("full pinyin and initials of catalog names, so wfzjl finds 无犯罪记录证明") {
    const auto& e = engine();
    CHECK(e.full_pinyin("无犯罪记录证明") == "wufanzuijiluzhengming");
    CHECK(e.initials("无犯罪记录证明") == "wfzjlzm");
    CHECK(e.full_pinyin("居民身份证") == "juminshenfenzheng");

    auto cat = load_catalog(testing::assets_dir() / "catalog");
    REQUIRE(cat.ok());
    CatalogSearch search(cat.value());
    search.add_key_provider(e.key_provider());
    auto hits = search.query("wfzjl");
    REQUIRE(!hits.empty());
    CHECK(hits[0].service->id == "cert.no-criminal-record");
    auto full = search.query("wufanzui");
    REQUIRE(!full.empty());
    CHECK(full[0].service->id == "cert.no-criminal-record");
}

TEST_CASE("a missing dictionary is an error, not a crash") {
    PinyinEngine::Options o;
    o.dict = "/nonexistent/luna_pinyin.dict.yaml";
    auto r = PinyinEngine::load(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "pinyin.missing");
}

TEST_CASE("a drawable filter leaves candidates out before paging, so pages stay full") {
    const auto& e = engine();
    auto all = texts(e.candidates("wei", 0, 10));
    REQUIRE(all.size() == 10);
    const std::string top = all[0];
    auto not_top = [&](std::string_view t) { return t != top; };
    std::size_t total_all = 0, total_kept = 0;
    e.candidates("wei", 0, 1, &total_all);
    auto kept = texts(e.candidates("wei", 0, 9, &total_kept, not_top));
    REQUIRE(kept.size() == 9);
    CHECK_FALSE(contains(kept, top));
    CHECK(kept == std::vector<std::string>(all.begin() + 1, all.end()));
    CHECK(texts(e.candidates("wei", 1, 1, nullptr, not_top)) == std::vector<std::string>{all[2]});
    CHECK(total_kept <= total_all);
}

// Name fields (issue #11): Debian's friso-dict lists surnames and given-name characters, most common first.
TEST_CASE("name ranking puts 王 first for wang and 张 for zhang, and the usual order is unchanged") {
    const auto& e = engine();
    REQUIRE(e.has_name_ranking());   // friso-dict must be installed (scripts/install-deps)
    auto usual_wang = texts(e.candidates("wang", 0, 10));
    auto name_wang = texts(e.candidates("wang", 0, 10, nullptr, {}, PinyinRanking::surname));
    REQUIRE(!usual_wang.empty());
    REQUIRE(!name_wang.empty());
    CHECK(name_wang[0] == "王");
    CHECK(usual_wang[0] != "王");   // 往/网 are more frequent in running text: the ranking is what moves 王
    CHECK(texts(e.candidates("zhang", 0, 1, nullptr, {}, PinyinRanking::surname)) == std::vector<std::string>{"张"});
    CHECK(texts(e.candidates("li", 0, 1, nullptr, {}, PinyinRanking::surname)) == std::vector<std::string>{"李"});
    // Same candidates, only reordered: nothing is added or lost, and the total stays.
    std::size_t t_usual = 0, t_name = 0;
    auto all_usual = texts(e.candidates("wang", 0, 1000, &t_usual));
    auto all_name = texts(e.candidates("wang", 0, 1000, &t_name, {}, PinyinRanking::surname));
    CHECK(t_usual == t_name);
    std::sort(all_usual.begin(), all_usual.end());
    std::sort(all_name.begin(), all_name.end());
    CHECK(all_usual == all_name);
    // After the surname, given-name characters: 伟 for "wei" (its plain order puts 为/位 first).
    CHECK(texts(e.candidates("wei", 0, 1, nullptr, {}, PinyinRanking::given_name)) == std::vector<std::string>{"伟"});
    // A whole name still comes first as a phrase.
    CHECK(e.candidates("zhangwei", 0, 1, nullptr, {}, PinyinRanking::surname)[0].text == "张伟");
}

TEST_CASE("name lists: comments and blank lines skipped, the best position kept, a missing list is an error") {
    auto dir = std::filesystem::temp_directory_path() / "kiosk_name_chars_test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "lex-lname.lex") << "#中文姓氏词库\n王\r\n\n  李 \n#向\n张\n欧阳\n";
        std::ofstream(dir / "lex-sname.lex") << "伟\n芳\n";
        std::ofstream(dir / "lex-dname-1.lex") << "建\n芳\n";
    }
    auto n = NameChars::load(dir);
    REQUIRE(n);
    CHECK(n->rank("王", PinyinRanking::surname) == 0);
    CHECK(n->rank("李", PinyinRanking::surname) == 1);
    CHECK(n->rank("张", PinyinRanking::surname) == 2);
    CHECK(n->rank("欧阳", PinyinRanking::surname) == 3);
    CHECK(n->rank("向", PinyinRanking::surname) == -1);      // commented out in the list
    CHECK(n->rank("王", PinyinRanking::given_name) == -1);
    CHECK(n->rank("王", PinyinRanking::usual) == -1);
    CHECK(n->rank("芳", PinyinRanking::given_name) == 1);     // second in two lists: its best position
    CHECK(n->rank("建", PinyinRanking::given_name) == 0);
    std::filesystem::remove(dir / "lex-lname.lex");
    auto missing = NameChars::load(dir);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "names.missing");
    std::filesystem::remove_all(dir);
}
