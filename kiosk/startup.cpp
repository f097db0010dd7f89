#include "kiosk/startup.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>

namespace kiosk::app_main {

std::filesystem::path find_assets(const Config& cfg) {
    if (!cfg.kiosk.assets_dir.empty()) return cfg.kiosk.assets_dir;
    if (const char* env = std::getenv("KIOSK_ASSETS")) return env;
    if (std::filesystem::exists("/usr/share/kiosk/assets/catalog/index.json")) return "/usr/share/kiosk/assets";
    return KIOSK_SOURCE_ASSETS;
}

Status prepare_data_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"data_dir", dir.string() + ": cannot create the data directory: " + ec.message()};
    ::chmod(dir.c_str(), 0700);
    return ok_status();
}

Result<KeyRing> open_keys(const Config& cfg) {
    if (auto st = prepare_data_dir(cfg.kiosk.data_dir); !st) return st.error();
    return KeyRing::load_or_create(cfg.key_path());
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int fail(int code, const std::string& msg) {
    std::cerr << "kiosk: " << msg << "\n";
    return code;
}

} // namespace kiosk::app_main
