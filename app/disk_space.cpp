#include "app/disk_space.hpp"

namespace kiosk {

long long disk_free_mb(const std::filesystem::path& dir) {
    std::error_code ec;
    const auto info = std::filesystem::space(dir.empty() ? std::filesystem::path(".") : dir, ec);
    if (ec) return -1;
    return static_cast<long long>(info.available / (1024 * 1024));
}

} // namespace kiosk
