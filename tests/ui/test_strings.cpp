// String tables: every key in both languages, placeholders match, every screen has a voice prompt.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "ui/screens/registry.hpp"

#include <regex>
#include <set>

using namespace kiosk;
using namespace kiosk::ui;

namespace {
std::set<std::string> placeholders(const std::string& s) {
    std::set<std::string> out;
    std::regex re("\\{[0-9]\\}");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.insert(it->str());
    return out;
}
} // namespace

TEST_CASE("the string tables load and every key exists in both languages") {
    Strings s;
    REQUIRE(s.load(test::assets() / "i18n").empty());
    auto zh = s.keys(Locale::zh), en = s.keys(Locale::en);
    REQUIRE(zh.size() > 50);
    for (const auto& k : zh) { INFO("missing in en.json: " << k); CHECK(s.has(k, Locale::en)); }
    for (const auto& k : en) { INFO("missing in zh-CN.json: " << k); CHECK(s.has(k, Locale::zh)); }
    for (const auto& k : zh) {
        INFO(k);
        CHECK(placeholders(s.get(k, Locale::zh)) == placeholders(s.get(k, Locale::en)));
        CHECK(!s.get(k, Locale::zh).empty());
        CHECK(!s.get(k, Locale::en).empty());
    }
}

TEST_CASE("every screen is registered once and has a spoken prompt in both languages") {
    Strings s;
    REQUIRE(s.load(test::assets() / "i18n").empty());
    std::set<Step> steps;
    for (const auto& e : screens()) {
        INFO(step_name(e.step));
        CHECK(steps.insert(e.step).second);
        CHECK(e.draw != nullptr);
        REQUIRE(e.prompt_key != nullptr);
        CHECK(s.has(e.prompt_key, Locale::zh));
        CHECK(s.has(e.prompt_key, Locale::en));
    }
    for (Step st : {Step::attract, Step::home, Step::category, Step::search, Step::service, Step::identity, Step::fields,
                    Step::review, Step::consent, Step::done, Step::rating, Step::progress}) {
        INFO(step_name(st));
        CHECK(screen_for(st) != nullptr);
    }
}

TEST_CASE("a missing key shows the key itself, never crashes") {
    Strings s;
    REQUIRE(s.load(test::assets() / "i18n").empty());
    CHECK(s.get("no.such.key", Locale::zh) == "no.such.key");
    CHECK(format("{0} / {1}", {"1", "3"}) == "1 / 3");
    CHECK(format("{2}", {"a"}) == "{2}");
}
