#pragma once
// [SECTION] Free space of the file system that holds a directory: the heartbeat reports it, staff mode
// shows it, and a kiosk low on space says so before a submit fails.
#include <filesystem>

namespace kiosk {

// In MiB available to the kiosk's user; -1 when it cannot be read (missing directory, I/O error).
long long disk_free_mb(const std::filesystem::path& dir);

} // namespace kiosk

#include "result.hpp"

#include <optional>
#include <string>

namespace kiosk {

// Whether a start-up failure (the data key or the store could not be opened) is the data directory's file
// system being full: SQLITE_FULL ("store.full"), or a write/I-O failure ("store.io", "key.io",
// "store.error") while under 1 MiB is free there. Then the message an admin needs, in plain words:
// "the data directory's file system is full (N MiB free): free space, then restart"; nullopt otherwise.
std::optional<std::string> storage_full_message(const Error& e, const std::filesystem::path& data_dir);

} // namespace kiosk
