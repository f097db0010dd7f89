#pragma once
// [SECTION] The data key at start-up: load it, or create it only on a fresh install. A key file that is
// missing beside a database with sealed personal data, or a database emptied to 0 bytes beside a key, is
// damage to the data dir: refused with the file named and how to restore it, and nothing on disk is
// changed (docs/ADMIN.md, "data.key"). Store::open then refuses a key that is not the one the database
// was sealed with ("key.wrong").
#include "crypto.hpp"
#include "result.hpp"

#include <filesystem>

namespace kiosk {

// Codes: "key.missing" (sealed rows, no key file), "store.emptied" (0-byte database beside a key), the
// store's own (a damaged database is not a fresh install either) and KeyRing::load_or_create's.
Result<KeyRing> open_data_key(const std::filesystem::path& key_path, const std::filesystem::path& db_path);

} // namespace kiosk
