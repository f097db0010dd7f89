#pragma once
// The shipped assets (catalog, i18n) every test reads: $KIOSK_ASSETS when CTest sets it (the installed
// layout), else the source tree's assets/.
#include <cstdlib>
#include <filesystem>

namespace kiosk::testing {

inline std::filesystem::path assets_dir() {
    if (const char* env = std::getenv("KIOSK_ASSETS"); env && *env) return env;
    return KIOSK_SOURCE_ASSETS;
}

} // namespace kiosk::testing
