#include "app/disk_space.hpp"

namespace kiosk {

long long disk_free_mb(const std::filesystem::path& dir) {
    std::error_code ec;
    const auto info = std::filesystem::space(dir.empty() ? std::filesystem::path(".") : dir, ec);
    if (ec) return -1;
    return static_cast<long long>(info.available / (1024 * 1024));
}

} // namespace kiosk

namespace kiosk {

std::optional<std::string> storage_full_message(const Error& e, const std::filesystem::path& data_dir) {
    const long long free_mb = disk_free_mb(data_dir);
    const bool io = e.code == "store.io" || e.code == "key.io" || e.code == "store.error";
    if (e.code != "store.full" && !(io && free_mb == 0)) return std::nullopt;
    return "the data directory's file system is full (" + (free_mb < 0 ? std::string("?") : std::to_string(free_mb)) +
           " MiB free at " + data_dir.string() + "): free space, then restart the kiosk. Requests already saved are "
           "safe; residents are shown \"out of service\" meanwhile. (" + e.message + ")";
}

} // namespace kiosk
