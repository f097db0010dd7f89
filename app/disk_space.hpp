#pragma once
// [SECTION] Free space of the file system that holds a directory: the heartbeat reports it, staff mode
// shows it, and a kiosk low on space says so before a submit fails.
#include <filesystem>

namespace kiosk {

// In MiB available to the kiosk's user; -1 when it cannot be read (missing directory, I/O error).
long long disk_free_mb(const std::filesystem::path& dir);

} // namespace kiosk
