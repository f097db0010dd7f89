// libFuzzer target for the intake's check of POST /v1/requests bodies, in the order
// server/intake_server.cpp runs it: JSON parse (no exceptions) → kiosk::from_wire → intake::check_request
// against the test catalog tests/upload/catalog, on a fixed date.
// Invariants: never crash or throw; a from_wire error is wire.invalid; every field error has a field, a
// code and both messages.
#include "server/payload_check.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const kiosk::Catalog catalog = [] {
        auto c = kiosk::load_catalog(std::string(KIOSK_FUZZ_SOURCE_DIR) + "/tests/upload/catalog");
        fuzz::require(c.ok(), "the test catalog loads");
        return *c;
    }();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return 0;
    auto wire = kiosk::from_wire(body);
    if (!wire) {
        fuzz::require(wire.error().code == "wire.invalid", "from_wire errors are wire.invalid");
        return 0;
    }
    for (const intake::FieldError& e : intake::check_request(*wire, catalog, kiosk::Date{2026, 11, 28})) {
        fuzz::require(!e.field.empty() && !e.code.empty(), "a field error names the field and a code");
        fuzz::require(!e.message.empty() && !e.message_en.empty(), "a field error has both messages");
    }
    return 0;
}
