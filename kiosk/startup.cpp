#include "kiosk/startup.hpp"

#include "app/data_key.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::app_main {

std::filesystem::path find_assets(const Config& cfg) {
    if (!cfg.kiosk.assets_dir.empty()) return cfg.kiosk.assets_dir;
    if (const char* env = std::getenv("KIOSK_ASSETS")) return env;
    if (std::filesystem::exists("/usr/share/kiosk/assets/catalog/index.json")) return "/usr/share/kiosk/assets";
    return KIOSK_SOURCE_ASSETS;
}

Status prepare_data_dir(const Config& cfg) {
    const auto& dir = cfg.kiosk.data_dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Error{"data_dir", config_error_text(cfg, "kiosk.data_dir",
                                                   dir.string() + ": cannot create the data directory: " + ec.message())};
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return Error{"data_dir", config_error_text(cfg, "kiosk.data_dir",
                                                   dir.string() + ": the kiosk cannot write in the data directory (" +
                                                       std::strerror(errno) + "): give it to the kiosk's user, mode 0700")};
    ::chmod(dir.c_str(), 0700);
    return ok_status();
}

Result<KeyRing> open_keys(const Config& cfg) {
    if (auto st = prepare_data_dir(cfg); !st) return st.error();
    std::error_code ec;
    if (std::filesystem::exists(cfg.key_path(), ec) && !std::filesystem::exists(cfg.db_path(), ec))
        std::cerr << "kiosk: " << cfg.db_path().string() << " does not exist: starting with a new, empty database "
                  << "beside the existing data key (after restoring only data.key, or if the database was lost: "
                  << "docs/ADMIN.md, \"data.key\")\n";
    return open_data_key(cfg.key_path(), cfg.db_path());
}

int exit_code_for(const Error& e) {
    // A wrong setting (the data dir a key names, a key file readable by others) is the admin's config;
    // a missing or foreign key, an emptied or damaged database is the data's problem.
    return e.code == "data_dir" || e.code == "key.permissions" || e.code.rfind("config.", 0) == 0 ? 2 : 1;
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
