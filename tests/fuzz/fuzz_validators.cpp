// libFuzzer target for the ID-number and name validators (and the masking that follows them).
// Besides "never crash, never read out of bounds" it checks invariants that a unit test can only sample:
//   - validating the normalized form gives the same answer as validating the raw input;
//   - an accepted resident ID is 18 characters whose last one is the computed check character;
//   - an accepted name is valid UTF-8 and stays accepted after normalize_name();
//   - masks are valid UTF-8 and never contain an accepted ID number or phone in full.
// Built with clang (-fsanitize=fuzzer); with other compilers replay_main.cpp runs the seed corpus instead.
#include "app/mask.hpp"
#include "app/validators.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

std::string code_of(const kiosk::Validation& v) { return v ? v->code : "ok"; }

void check_id(std::string_view in) {
    const kiosk::Date today{2026, 11, 28};
    const std::string norm = kiosk::normalize_id_number(in);
    require(kiosk::normalize_id_number(norm) == norm, "normalize_id_number is idempotent");
    for (auto type : {kiosk::IdType::resident_id, kiosk::IdType::hmt_residence_permit, kiosk::IdType::hkmo_travel_permit,
                      kiosk::IdType::foreign_permanent_residence}) {
        auto raw = kiosk::validate_id_document(type, in, today);
        require(code_of(raw) == code_of(kiosk::validate_id_document(type, norm, today)), "raw and normalized agree");
        require(!raw || (!raw->message.zh.empty() && !raw->message.en.empty()), "errors have messages");
        // A 2017 permanent residence number (15 characters) has no public check rule; the others end in MOD 11-2.
        const bool pr2017 = type == kiosk::IdType::foreign_permanent_residence && norm.size() == 15;
        if (!raw && type != kiosk::IdType::hkmo_travel_permit && !pr2017) {
            require(norm.size() == 18, "accepted 18-character number");
            require(kiosk::resident_id_check_char(std::string_view(norm).substr(0, 17)) == norm[17], "check character");
            require(kiosk::mask_id_number(in).find(norm) == std::string::npos, "mask hides the number");
        }
    }
    require(kiosk::utf8_length(kiosk::mask_id_number(in)).has_value(), "ID mask is valid UTF-8");
}

void check_name(std::string_view in) {
    auto v = kiosk::validate_name(in);
    require(!v || (!v->message.zh.empty() && !v->message.en.empty()), "errors have messages");
    if (!v) {
        require(kiosk::utf8_length(in).has_value(), "accepted name is valid UTF-8");
        require(!kiosk::validate_name(kiosk::normalize_name(in)), "normalized name still valid");
        const std::string masked = kiosk::mask_name(in);
        require(masked != kiosk::normalize_name(in), "mask changes an accepted name");
    }
    require(kiosk::utf8_length(kiosk::mask_name(in)).has_value(), "name mask is valid UTF-8");
}

void check_phone(std::string_view in) {
    if (!kiosk::validate_phone(in))
        require(kiosk::mask_phone(in).find(kiosk::normalize_phone(in)) == std::string::npos, "mask hides the phone");
    require(kiosk::utf8_length(kiosk::mask_phone(in)).has_value(), "phone mask is valid UTF-8");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    check_id(in);
    check_name(in);
    check_phone(in);
    (void)kiosk::validate_address(in);
    return 0;
}
