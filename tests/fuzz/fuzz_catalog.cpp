// libFuzzer target for one services file of the catalog (app/catalog.hpp: parse_catalog, in memory),
// checked against the real assets/catalog/index.json, parsed once (its categories, shared texts and field sets).
// Invariants: never crash, never an exception out of the loader; an error is catalog.invalid and names the
// file; a file that loads gives services with a known category, a non-empty id and findable by it.
#include "app/catalog.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto index = [] {
        auto i = kiosk::parse_catalog_index(fuzz::source_file("assets/catalog/index.json"), "catalog");
        fuzz::require(i.ok(), "assets/catalog/index.json parses");
        return *i;
    }();
    std::vector<kiosk::ServicesText> files{{"services/fuzz.json", std::string(reinterpret_cast<const char*>(data), size)}};
    auto cat = kiosk::parse_catalog(*index, files, "catalog", /*every_category_used=*/false);
    if (!cat) {
        fuzz::require(cat.error().code == "catalog.invalid", "errors have the code catalog.invalid");
        fuzz::require(cat.error().message.find("catalog") != std::string::npos, "errors name the catalog");
        return 0;
    }
    for (const kiosk::Service& s : cat->services) {
        fuzz::require(!s.id.empty(), "a loaded service has an id");
        fuzz::require(cat->find_category(s.category) != nullptr, "a loaded service has a known category");
        fuzz::require(cat->find_service(s.id) == &s, "a loaded service is found by its id");
    }
    return 0;
}
