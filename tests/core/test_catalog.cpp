// The catalog loader: the real catalog's content rules, and every broken fixture rejected with a message that
// names the file, the entry and the problem (tests/fixtures/catalog/README.md).
//
// [SECTION] Paths and a scratch catalog
// [SECTION] Field type names
// [SECTION] The real catalog
// [SECTION] The good fixture
// [SECTION] Broken services files
// [SECTION] Broken index files
#include "app/catalog.hpp"

#include "tests/test_assets.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace kiosk;
namespace fs = std::filesystem;

// [SECTION] Paths and a scratch catalog ------------------------------------------------------------------------

namespace {

using testing::assets_dir;

fs::path fixtures_dir() {
    if (const char* env = std::getenv("KIOSK_FIXTURES"); env && *env) return fs::path(env) / "catalog";
    return fs::path(KIOSK_SOURCE_ASSETS) / ".." / "tests" / "fixtures" / "catalog";
}

// A copy of the good fixture in a private temporary folder, removed at the end of the test.
struct ScratchCatalog {
    fs::path dir;
    ScratchCatalog() {
        static std::atomic<int> counter{0};
        dir = fs::temp_directory_path() /
              ("kiosk-catalog-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(dir);
        fs::create_directories(dir);
        fs::copy(fixtures_dir() / "good", dir, fs::copy_options::recursive);
    }
    ~ScratchCatalog() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    ScratchCatalog(const ScratchCatalog&) = delete;
    ScratchCatalog& operator=(const ScratchCatalog&) = delete;
};

std::string load_error(const fs::path& dir) {
    auto cat = load_catalog(dir);
    if (cat.ok()) return "<loaded without error>";
    CHECK(cat.error().code == "catalog.invalid");
    return cat.error().message;
}

std::string broken_service_error(const std::string& name) {
    ScratchCatalog s;
    fs::copy_file(fixtures_dir() / "broken-services" / (name + ".json"), s.dir / "services" / (name + ".json"));
    return load_error(s.dir);
}

std::string broken_index_error(const std::string& name) {
    ScratchCatalog s;
    fs::copy_file(fixtures_dir() / "broken-index" / (name + ".json"), s.dir / "index.json",
                  fs::copy_options::overwrite_existing);
    return load_error(s.dir);
}

} // namespace

using Catch::Matchers::Contains;

// [SECTION] Field type names -----------------------------------------------------------------------------------

TEST_CASE("field type names round-trip and unknown names are refused", "[catalog][field]") {
    const FieldType all[] = {FieldType::text, FieldType::long_text, FieldType::name, FieldType::id_number,
                             FieldType::phone, FieldType::date, FieldType::address, FieldType::choice,
                             FieldType::yes_no, FieldType::number};
    std::set<std::string> names;
    for (FieldType t : all) {
        FieldType back = FieldType::text;
        const std::string name = field_type_name(t);
        names.insert(name);
        CHECK(parse_field_type(name, back));
        CHECK(back == t);
    }
    CHECK(names.size() == 10);
    CHECK(std::string(field_type_name(FieldType::long_text)) == "long_text");
    FieldType out = FieldType::phone;
    CHECK_FALSE(parse_field_type("email", out));
    CHECK_FALSE(parse_field_type("Text", out));
    CHECK_FALSE(parse_field_type("", out));
    CHECK(out == FieldType::phone);   // untouched on failure
}

// [SECTION] The real catalog -----------------------------------------------------------------------------------

TEST_CASE("the real catalog loads with its content rules", "[catalog]") {
    auto loaded = load_catalog(assets_dir() / "catalog");
    INFO((loaded.ok() ? std::string("ok") : loaded.error().message));
    REQUIRE(loaded.ok());
    const Catalog& cat = *loaded;

    CHECK(cat.version == "2026.12.1");   // show_if on visit.home
    CHECK(cat.services.size() >= 122);
    CHECK(cat.on_site_count() == 89);

    for (const char* id : {"cert.no-criminal-record", "visit.home", "legal.consultation", "hukou.transfer-in",
                           "idcard.renewal", "residence.permit", "driving.license-renewal"}) {
        INFO(id);
        const Service* s = cat.find_service(id);
        REQUIRE(s != nullptr);
        CHECK(s->on_site);
    }
    CHECK(cat.find_service("no.such-service") == nullptr);

    std::set<std::string> prefixes;
    for (const Category& c : cat.categories) {
        INFO(c.id);
        CHECK(prefixes.insert(c.ticket_prefix).second);
        CHECK_FALSE(cat.services_in(c.id).empty());
        CHECK(cat.find_category(c.id) == &c);
    }
    CHECK(cat.find_category("cert")->ticket_prefix == "A");   // DESIGN.md's example ticket A023

    for (const Service& s : cat.services) {
        INFO(s.id);
        CHECK_FALSE(s.name.zh.empty());
        CHECK_FALSE(s.name.en.empty());
        CHECK_FALSE(s.description.zh.empty());
        CHECK_FALSE(s.description.en.empty());
        CHECK_FALSE(s.fee.zh.empty());
        CHECK_FALSE(s.fee.en.empty());
        CHECK_FALSE(s.processing_time.zh.empty());
        CHECK_FALSE(s.processing_time.en.empty());
        CHECK(cat.find_category(s.category) != nullptr);
        for (const LocalText& m : s.materials) CHECK((!m.zh.empty() && !m.en.empty()));
        if (s.on_site) {
            CHECK_FALSE(s.form.empty());
            CHECK_FALSE(s.materials.empty());
        } else {
            CHECK(s.form.empty());
            CHECK_FALSE(s.elsewhere.zh.empty());
            CHECK_FALSE(s.elsewhere.en.empty());
        }
        std::set<std::string> ids;
        for (const FieldSpec& f : s.form) {
            INFO(f.id);
            CHECK(ids.insert(f.id).second);
            FieldType back = FieldType::text;
            CHECK(parse_field_type(field_type_name(f.type), back));
            CHECK(back == f.type);
            CHECK_FALSE(f.label.zh.empty());
            CHECK_FALSE(f.label.en.empty());
            CHECK(f.id.rfind("applicant.", 0) != 0);
            if (f.type == FieldType::choice) CHECK_FALSE(f.choices.empty());
            if (f.type == FieldType::number) CHECK(f.min <= f.max);
            for (const Choice& c : f.choices) CHECK((!c.value.empty() && !c.label.zh.empty() && !c.label.en.empty()));
        }
    }
}

TEST_CASE("the required services have the forms other parts rely on", "[catalog]") {
    auto loaded = load_catalog(assets_dir() / "catalog");
    REQUIRE(loaded.ok());
    auto field = [&](const char* service, const char* id) -> const FieldSpec* {
        for (const FieldSpec& f : loaded->find_service(service)->form)
            if (f.id == id) return &f;
        return nullptr;
    };
    const FieldSpec* purpose = field("cert.no-criminal-record", "purpose");
    REQUIRE(purpose);
    CHECK(purpose->type == FieldType::choice);
    std::set<std::string> values;
    for (const Choice& c : purpose->choices) values.insert(c.value);
    CHECK(values == std::set<std::string>{"employment", "study_abroad", "visa", "other"});
    REQUIRE(field("cert.no-criminal-record", "copies"));
    CHECK(field("cert.no-criminal-record", "copies")->type == FieldType::number);

    REQUIRE(field("visit.home", "preferred_date"));
    CHECK(field("visit.home", "preferred_date")->date_range == DateRange::future);
    CHECK(field("visit.home", "preferred_date")->working_days);   // bookings: Monday to Friday
    for (const Service& s : loaded->services)   // home visits are bookings: the officer calls, nobody queues
        CHECK(s.appointment == (s.category == "visit"));
    for (const char* id : {"visit_for", "person_name", "address", "reason", "time_slot", "contact_phone"})
        CHECK(field("visit.home", id) != nullptr);
    CHECK(field("visit.home", "address")->type == FieldType::address);
    CHECK(field("visit.home", "address")->pii);
    for (const char* id : {"topic", "description", "preferred_date", "time_slot"})
        CHECK(field("legal.consultation", id) != nullptr);
    CHECK(field("legal.consultation", "description")->type == FieldType::long_text);
}

// [SECTION] The good fixture -----------------------------------------------------------------------------------

TEST_CASE("the good fixture loads with references expanded and defaults applied", "[catalog]") {
    auto loaded = load_catalog(fixtures_dir() / "good");
    INFO((loaded.ok() ? std::string("ok") : loaded.error().message));
    REQUIRE(loaded.ok());
    const Catalog& cat = *loaded;
    CHECK(cat.version == "test.1");
    REQUIRE(cat.services.size() == 3);
    CHECK(cat.services[0].id == "alpha.one");   // files in name order, entries in file order
    CHECK(cat.services[2].id == "beta.one");
    CHECK(cat.on_site_count() == 2);
    CHECK(cat.services_in("alpha").size() == 2);
    CHECK(cat.services_in("nope").empty());
    CHECK(cat.find_category("beta")->description.en == "Free");   // "@free" text reference

    const Service& one = *cat.find_service("alpha.one");
    CHECK(one.fee.zh == "免费");
    REQUIRE(one.materials.size() == 2);
    CHECK(one.materials[1].en == "ID card");
    CHECK(one.needs_identity);
    REQUIRE(one.form.size() == 5);   // 3 own fields + the 2 of field set "slot"
    CHECK(one.form[0].required);
    CHECK_FALSE(one.form[0].pii);                 // choice: not personal by default
    CHECK(one.form[1].pii);                       // text: personal by default
    CHECK_FALSE(one.form[1].required);
    CHECK(one.form[1].max_len == 50);             // text default
    CHECK(one.form[2].max_len == 500);            // long_text default
    CHECK_FALSE(one.form[2].pii);                 // stated explicitly
    CHECK(one.form[3].id == "preferred_date");
    CHECK(one.form[3].group == 1);                // "group" on the reference applies to the set's fields
    CHECK(one.form[3].date_range == DateRange::future);
    CHECK(one.form[4].choices.size() == 2);
    CHECK(one.form[0].group == 0);

    const Service& two = *cat.find_service("alpha.two");
    CHECK_FALSE(two.on_site);
    CHECK_FALSE(two.needs_identity);
    CHECK(two.elsewhere.en == "Go to the window");
    CHECK(two.elsewhere_url == "https://example.org/");
    CHECK(two.eligibility.empty());

    const Service& beta = *cat.find_service("beta.one");
    CHECK(beta.form[0].min == 1);
    CHECK(beta.form[0].max == 5);
    CHECK(beta.form[1].sensitive);
    CHECK(beta.form[1].pii);
    REQUIRE(beta.form.size() == 3);
    CHECK(beta.form[2].type == FieldType::yes_no);
    CHECK(beta.form[2].sensitive);
    CHECK(beta.form[2].pii);       // sensitive implies personal, whatever the type's default
    CHECK(beta.form[2].group == 2);
    CHECK(beta.form[2].max_len == 0);
    CHECK(beta.eligibility.en == "Local residents");
}

TEST_CASE("a missing catalog folder is an error, not a crash", "[catalog]") {
    const std::string msg = load_error(fixtures_dir() / "no-such-folder");
    CHECK_THAT(msg, Contains("index.json"));
    CHECK_THAT(msg, Contains("cannot be read"));

    ScratchCatalog s;
    fs::remove_all(s.dir / "services");
    CHECK_THAT(load_error(s.dir), Contains("services"));
}

// [SECTION] Broken services files ------------------------------------------------------------------------------

TEST_CASE("broken services files are rejected naming file, entry and problem", "[catalog]") {
    struct Case { const char* file; std::vector<const char*> expect; };
    const std::vector<Case> cases = {
        {"malformed", {"malformed.json", "malformed JSON at byte 116", "line 5, column 31"}},
        {"missing-en-name", {"missing-en-name.json", "service #1 'zeta.bad'", "'name'", "English"}},
        {"empty-zh-description", {"empty-zh-description.json", "'zeta.bad'", "'description'", "Chinese"}},
        {"unknown-category", {"unknown-category.json", "'zeta.bad'", "unknown category 'gamma'"}},
        {"duplicate-id", {"duplicate-id.json", "'alpha.one'", "duplicate service id", "alpha.json"}},
        {"duplicate-field", {"duplicate-field.json", "'zeta.bad'", "two fields with id 'purpose'"}},
        {"duplicate-field-from-set", {"duplicate-field-from-set.json", "two fields with id 'time_slot'"}},
        {"unknown-field-type", {"unknown-field-type.json", "'zeta.bad'", "field 'email'", "unknown field type 'email'"}},
        {"choice-without-choices", {"choice-without-choices.json", "field 'purpose'", "non-empty 'choices'"}},
        {"on-site-without-form", {"on-site-without-form.json", "'zeta.bad'", "on site but has no 'form'"}},
        {"on-site-empty-form", {"on-site-empty-form.json", "'zeta.bad'", "'form' is empty"}},
        {"elsewhere-missing", {"elsewhere-missing.json", "'zeta.bad'", "no 'elsewhere'"}},
        {"off-site-with-form", {"off-site-with-form.json", "'zeta.bad'", "not on site but has a 'form'"}},
        {"unknown-field-set", {"unknown-field-set.json", "'zeta.bad'", "unknown field set 'nosuchset'"}},
        {"unknown-text-ref", {"unknown-text-ref.json", "'zeta.bad'", "'fee'", "@nosuchtext"}},
        {"unknown-key", {"unknown-key.json", "'zeta.bad'", "unknown key 'requried'"}},
        {"reserved-field-id", {"reserved-field-id.json", "'applicant.name'", "reserved"}},
        {"missing-on-site", {"missing-on-site.json", "'zeta.bad'", "'on_site'"}},
        {"number-min-above-max", {"number-min-above-max.json", "field 'copies'", "smaller than 'min'"}},
        {"bad-date-range", {"bad-date-range.json", "field 'when'", "date_range"}},
        {"insecure-elsewhere-url", {"insecure-elsewhere-url.json", "'zeta.bad'", "https://"}},
        {"duplicate-key", {"duplicate-key.json", "duplicate key 'on_site'", "id 'zeta.bad'"}},
        {"group-goes-back", {"group-goes-back.json", "'zeta.bad'", "field 'late' is in group 0 after a field of group 1"}},
        {"show-if-unknown-field", {"show-if-unknown-field.json", "'zeta.bad'", "names 'whom', which is not an earlier field of this form"}},
        {"show-if-not-choice", {"show-if-not-choice.json", "'zeta.bad'", "names 'note', which is not a choice"}},
        {"working-days-not-date", {"working-days-not-date.json", "'zeta.bad'", "'working_days' is true or false, and only for date fields"}},
        {"show-if-unknown-value", {"show-if-unknown-value.json", "'zeta.bad'", "'relative' is not one of the values of 'who'"}},
    };
    for (const Case& c : cases) {
        SECTION(c.file) {
            const std::string msg = broken_service_error(c.file);
            INFO(msg);
            CHECK_THAT(msg, Contains("catalog: "));
            for (const char* e : c.expect) CHECK_THAT(msg, Contains(e));
        }
    }
}

// [SECTION] Broken index files ---------------------------------------------------------------------------------

TEST_CASE("broken index files are rejected naming file, entry and problem", "[catalog]") {
    struct Case { const char* file; std::vector<const char*> expect; };
    const std::vector<Case> cases = {
        {"malformed", {"index.json", "malformed JSON at byte"}},
        {"duplicate-prefix", {"index.json", "category #2 'beta'", "ticket_prefix 'A'", "'alpha'"}},
        {"invalid-prefix", {"index.json", "category #2 'beta'", "'b1'", "one capital letter"}},
        {"missing-version", {"index.json", "'version'"}},
        {"duplicate-category", {"index.json", "category #3 'alpha'", "duplicate category id"}},
        {"category-without-services", {"index.json", "'gamma'", "has no services"}},
        {"bad-field-set", {"index.json", "field set 'slot'", "unknown field type 'dropdown'"}},
        {"category-missing-en", {"index.json", "category #1 'alpha'", "English"}},
    };
    for (const Case& c : cases) {
        SECTION(c.file) {
            const std::string msg = broken_index_error(c.file);
            INFO(msg);
            for (const char* e : c.expect) CHECK_THAT(msg, Contains(e));
        }
    }
}

TEST_CASE("parse_catalog checks texts in memory as load_catalog checks files", "[catalog]") {
    auto slurp = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const fs::path good = fixtures_dir() / "good";
    auto from_files = load_catalog(good);
    REQUIRE(from_files.ok());
    std::vector<ServicesText> texts{{good / "services" / "alpha.json", slurp(good / "services" / "alpha.json")},
                                    {good / "services" / "beta.json", slurp(good / "services" / "beta.json")}};
    auto in_memory = parse_catalog(slurp(good / "index.json"), texts, good);
    REQUIRE(in_memory.ok());
    CHECK(in_memory->services.size() == from_files->services.size());
    CHECK(in_memory->categories.size() == from_files->categories.size());

    // One file alone fails "every category has services" unless that check is off.
    auto index = parse_catalog_index(slurp(good / "index.json"), good);
    REQUIRE(index.ok());
    texts.pop_back();
    CHECK(parse_catalog(**index, texts, good, /*every_category_used=*/false).ok());
    auto bad = parse_catalog(**index, {{"services/x.json", "{\"services\": [}"}}, good, false);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("services/x.json") != std::string::npos);
}

// Found by tests/fuzz/fuzz_catalog: nlohmann throws out_of_range, not parse_error, for a number too large
// for a double; it escaped the loader and ended the process instead of refusing the catalog.
TEST_CASE("a number too large for a double is refused as malformed JSON, not a crash", "[catalog]") {
    const fs::path good = fixtures_dir() / "good";
    std::ifstream in(good / "index.json", std::ios::binary);
    std::ostringstream index;
    index << in.rdbuf();
    auto cat = parse_catalog(index.str(), {{"services/big.json", "{\"services\": [{\"max_len\": 1E777777}]}"}}, good, false);
    REQUIRE_FALSE(cat.ok());
    CHECK(cat.error().code == "catalog.invalid");
    CHECK(cat.error().message.find("services/big.json") != std::string::npos);
    CHECK(cat.error().message.find("malformed JSON") != std::string::npos);
}
