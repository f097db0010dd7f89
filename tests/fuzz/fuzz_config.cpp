// libFuzzer target for the kiosk's TOML config (app/config.hpp: parse_config, whose prescan runs first).
// Invariants: never crash (the prescan exists because tomlplusplus recursion could); an error names the file
// and has the code config.invalid; parsing is deterministic — a config that parsed parses again to the same
// values, and one that failed fails again with the same words.
#include "app/config.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <cstdint>
#include <string_view>

namespace {

bool same(const kiosk::Config& a, const kiosk::Config& b) {
    return a.station.id == b.station.id && a.station.hotline == b.station.hotline && a.kiosk.id == b.kiosk.id &&
           a.kiosk.data_dir == b.kiosk.data_dir && a.kiosk.locale == b.kiosk.locale &&
           a.kiosk.idle_timeout_s == b.kiosk.idle_timeout_s && a.kiosk.warn_s == b.kiosk.warn_s &&
           a.kiosk.demo == b.kiosk.demo && a.upload.url == b.upload.url && a.upload.pins == b.upload.pins &&
           a.printer.uri == b.printer.uri && a.printer.paper == b.printer.paper &&
           a.privacy.retention_days == b.privacy.retention_days && a.staff.auto_logout_s == b.staff.auto_logout_s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto first = kiosk::parse_config(text, "fuzz.toml");
    auto again = kiosk::parse_config(text, "fuzz.toml");
    fuzz::require(first.ok() == again.ok(), "parse_config is deterministic");
    if (first) {
        fuzz::require(same(*first, *again), "a config that parses re-parses to the same values");
        fuzz::require(first->source == "fuzz.toml", "the config remembers its file");
    } else {
        fuzz::require(first.error().code == "config.invalid", "errors have the code config.invalid");
        fuzz::require(first.error().message.find("fuzz.toml") != std::string::npos, "errors name the file");
        fuzz::require(first.error().message == again.error().message, "the same error twice");
    }
    return 0;
}
