// Catalog search: ranking rules on a small hand-made catalog (so each rule is tested in isolation), then the
// queries residents really type against the real catalog, and the key-provider hook the pinyin input uses.
//
// [SECTION] Helpers
// [SECTION] Ranking rules
// [SECTION] Query handling
// [SECTION] Key providers
// [SECTION] The real catalog
#include "app/search.hpp"

#include "tests/test_assets.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

using namespace kiosk;

// [SECTION] Helpers --------------------------------------------------------------------------------------------

namespace {

using testing::assets_dir;

Service make_service(std::string id, std::string zh, std::string en, std::string desc_zh = "说明",
                     std::string desc_en = "Description", std::vector<std::string> keywords = {}) {
    Service s;
    s.id = std::move(id);
    s.category = "cat";
    s.name = {std::move(zh), std::move(en)};
    s.description = {std::move(desc_zh), std::move(desc_en)};
    s.keywords = std::move(keywords);
    return s;
}

// One service per ranking level for the query "身份证" / "card". Listed worst first, so a test that passes
// proves the ranking, not the catalog order.
Catalog ranking_catalog() {
    Catalog c;
    c.version = "t";
    c.categories.push_back({"cat", "A", {"证件", "Documents"}, {}, ""});
    c.services.push_back(make_service("by.description", "补办手续", "Paperwork", "携带身份证原件", "Bring your ID card"));
    c.services.push_back(make_service("by.keyword", "证明开具", "Certificates", "说明", "Text", {"身份证", "card"}));
    c.services.push_back(make_service("by.substring", "临时身份证", "Temporary ID card"));
    c.services.push_back(make_service("by.prefix", "身份证补领", "Card replacement"));
    c.services.push_back(make_service("by.exact", "身份证", "Card"));
    c.services.push_back(make_service("unrelated", "养犬登记", "Dog registration", "犬只", "Dogs"));
    return c;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.service->id);
    return out;
}

} // namespace

// [SECTION] Ranking rules --------------------------------------------------------------------------------------

TEST_CASE("汉字 ranking: exact name > name prefix > name substring > keyword > description", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    const auto hits = search.query("身份证");
    CHECK(ids(hits) == std::vector<std::string>{"by.exact", "by.prefix", "by.substring", "by.keyword", "by.description"});
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].score > hits[i].score);
}

TEST_CASE("English ranking is case-insensitive and follows the same order", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    CHECK(ids(search.query("CARD")) ==
          std::vector<std::string>{"by.exact", "by.prefix", "by.substring", "by.keyword", "by.description"});
    CHECK(ids(search.query("dog")) == std::vector<std::string>{"unrelated"});   // word prefix of "Dogs" too
}

TEST_CASE("English matches whole words or word starts, never the middle of a word", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    CHECK(search.query("ard").empty());          // inside "card"
    CHECK(search.query("egistration").empty());  // inside "registration"
    CHECK(ids(search.query("regis")) == std::vector<std::string>{"unrelated"});
    CHECK(ids(search.query("temp")) == std::vector<std::string>{"by.substring"});
}

TEST_CASE("every term of a query must match, and matches add up", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    const auto both = search.query("temporary card");
    REQUIRE_FALSE(both.empty());
    CHECK(both[0].service->id == "by.substring");
    CHECK(search.query("temporary dog").empty());
    CHECK(ids(search.query("身份证 补领")).front() == "by.prefix");
    CHECK(ids(search.query("身份证　补领")).front() == "by.prefix");   // ideographic space U+3000
    CHECK(ids(search.query("身份证，补领")).front() == "by.prefix");   // full-width comma
}

// [SECTION] Query handling -------------------------------------------------------------------------------------

TEST_CASE("empty, blank and unmatched queries give no hits", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    CHECK(search.query("").empty());
    CHECK(search.query("   ").empty());
    CHECK(search.query("\t\n　").empty());
    CHECK(search.query("zzzzqqq").empty());
    CHECK(search.query("火星").empty());
    CHECK(search.query("身份证", 0).empty());
}

TEST_CASE("limit caps the hits and keeps the best", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    const auto two = search.query("身份证", 2);
    CHECK(ids(two) == std::vector<std::string>{"by.exact", "by.prefix"});
}

TEST_CASE("bad input does not crash: invalid UTF-8, partial characters, very long queries", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    CHECK(search.query(std::string("\xff\xfe\xe8", 3)).empty());
    CHECK(search.query(std::string("\xe8\xba", 2)).empty());      // first two bytes of 身
    std::string terms;
    for (int i = 0; i < 40; ++i) terms += "card ";               // more terms than the index considers
    CHECK_FALSE(search.query(terms).empty());
    CHECK(search.query(std::string(10000, 'x')).empty());
    CHECK(search.query(std::string("身份证\0", 10)).empty());   // an embedded NUL is just a byte that matches nothing
}

TEST_CASE("hits point into the catalog, and a moved search still works", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch first(cat);
    CatalogSearch moved(std::move(first));
    const auto hits = moved.query("身份证");
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].service == &cat.services[4]);
}

// [SECTION] Key providers --------------------------------------------------------------------------------------

TEST_CASE("a key provider adds pinyin-style keys that rank below the name itself", "[search]") {
    Catalog cat = ranking_catalog();
    cat.services.push_back(make_service("cert.no-criminal-record", "无犯罪记录证明", "No-criminal-record certificate"));
    CatalogSearch search(cat);
    CHECK(search.query("wfzjl").empty());   // nothing knows pinyin before a provider is plugged in

    std::map<std::string, std::vector<std::string>> table = {
        {"无犯罪记录证明", {"wufanzuijiluzhengming", "wfzjlzm"}},
        {"身份证", {"shenfenzheng", "sfz"}},
    };
    std::vector<std::string> asked;
    search.add_key_provider([&](std::string_view zh) {
        asked.emplace_back(zh);
        auto it = table.find(std::string(zh));
        return it == table.end() ? std::vector<std::string>{} : it->second;
    });
    CHECK(std::find(asked.begin(), asked.end(), "无犯罪记录证明") != asked.end());
    CHECK(std::find(asked.begin(), asked.end(), "证件") != asked.end());   // category names too

    CHECK(ids(search.query("wfzjl")) == std::vector<std::string>{"cert.no-criminal-record"});        // initials prefix
    CHECK(ids(search.query("WuFanZui")) == std::vector<std::string>{"cert.no-criminal-record"});     // case-insensitive
    CHECK(ids(search.query("fanzui")) == std::vector<std::string>{"cert.no-criminal-record"});       // inside the spelling
    const auto sfz = search.query("sfz");
    REQUIRE_FALSE(sfz.empty());
    CHECK(sfz[0].service->id == "by.exact");
    CHECK(sfz[0].score < search.query("身份证")[0].score);   // the real name beats its pinyin
}

TEST_CASE("several key providers all contribute", "[search]") {
    const Catalog cat = ranking_catalog();
    CatalogSearch search(cat);
    search.add_key_provider([](std::string_view zh) {
        return zh == "养犬登记" ? std::vector<std::string>{"yangquan"} : std::vector<std::string>{};
    });
    search.add_key_provider([](std::string_view zh) {
        return zh == "养犬登记" ? std::vector<std::string>{"yqdj"} : std::vector<std::string>{};
    });
    CHECK(ids(search.query("yangquan")) == std::vector<std::string>{"unrelated"});
    CHECK(ids(search.query("yqdj")) == std::vector<std::string>{"unrelated"});
}

// [SECTION] The real catalog -----------------------------------------------------------------------------------

TEST_CASE("real catalog: what residents type finds what they mean", "[search]") {
    auto loaded = load_catalog(assets_dir() / "catalog");
    INFO((loaded.ok() ? std::string("ok") : loaded.error().message));
    REQUIRE(loaded.ok());
    CatalogSearch search(*loaded);
    auto first = [&](const char* q) {
        const auto hits = search.query(q);
        return hits.empty() ? std::string("<none>") : hits[0].service->id;
    };
    CHECK(first("无犯罪") == "cert.no-criminal-record");
    CHECK(first("无犯罪记录证明") == "cert.no-criminal-record");
    CHECK(first("criminal") == "cert.no-criminal-record");
    CHECK(first("Criminal Record") == "cert.no-criminal-record");
    CHECK(first("passport") == "exit.passport");
    CHECK(first("护照") == "exit.passport");
    CHECK(first("上门") == "visit.home");
    CHECK(first("法律咨询") == "legal.consultation");
    CHECK(first("户口迁入") == "hukou.transfer-in");
    CHECK(first("居住证") == "residence.permit");
    CHECK(first("驾照") == "driving.license-renewal");
    CHECK(first("身份证 补领") == "idcard.reissue");
    CHECK(first("dog") == "security.dog-registration");
    CHECK(search.query("").empty());
    CHECK(search.query("xyzzy").empty());

    // "12123" is only said in where-to-go texts: every service handled in that app is found.
    const auto app = search.query("12123");
    CHECK(app.size() >= 4);
}
