#pragma once
// [SECTION] Start-up helpers of the `kiosk` executable: where the assets are, the data directory, the
// data-encryption key, and the one way a start-up failure is reported (one line, an exit code).
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/result.hpp"

#include <filesystem>
#include <string>

namespace kiosk::app_main {

// [kiosk] assets_dir, then $KIOSK_ASSETS, then — for an installed binary (PREFIX/bin/kiosk) — PREFIX/share/kiosk
// when that directory exists (complete or not),
// then the source tree the binary was built from, then the packaged /usr/share/kiosk. A build-tree kiosk
// therefore keeps using its own source assets on a machine where the package is installed too.
std::filesystem::path find_assets(const Config& cfg);

// A touch screen among the input devices (/proc/bus/input/devices: a device reporting multi-touch
// positions, ABS_MT_POSITION_X). [kiosk] cursor = "auto" hides the pointer then.
bool touch_screen_attached(const std::filesystem::path& devices = "/proc/bus/input/devices");

// The data dir holds the key and the database: created if missing, owner-only (0700). Errors name the
// config file and `kiosk.data_dir`.
Status prepare_data_dir(const Config& cfg);

// The data dir and the data-encryption key every Store::open needs (the key must outlive the stores). A
// new key only on a fresh install (app/data_key.hpp): a missing key beside sealed rows is refused.
Result<KeyRing> open_keys(const Config& cfg);

// The exit code for a start-up error: 2 for a setting the admin must fix, 1 for a data problem.
int exit_code_for(const Error& e);

std::string read_text(const std::filesystem::path& p);

// Prints "kiosk: MSG" on stderr and returns `code` (2 usage/config, 1 runtime): `return fail(2, …)`.
int fail(int code, const std::string& msg);

} // namespace kiosk::app_main
