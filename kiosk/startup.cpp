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
    std::error_code ec;
    auto has_catalog = [&ec](const std::filesystem::path& d) { return std::filesystem::exists(d / "catalog" / "index.json", ec); };
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.parent_path().filename() == "bin") {
        // Installed: its own share/kiosk, even when damaged (the catalog's error names it), never a
        // source tree that happens to exist on the machine.
        const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "kiosk";
        if (std::filesystem::is_directory(installed, ec)) return installed;
    }
    if (has_catalog(KIOSK_SOURCE_ASSETS)) return KIOSK_SOURCE_ASSETS;
    return KIOSK_INSTALL_ASSETS;
}

bool touch_screen_attached(const std::filesystem::path& devices) {
    // Each device is a block of lines; "B: ABS=<hex words, most significant first>" lists its absolute
    // axes. ABS_MT_POSITION_X is bit 0x35 (linux/input-event-codes.h): in the last word, bit 53.
    std::ifstream in(devices);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("B: ABS=", 0) != 0) continue;
        std::istringstream words(line.substr(7));
        std::string word, last;
        while (words >> word) last = word;
        if (last.empty()) continue;
        unsigned long long bits = std::strtoull(last.c_str(), nullptr, 16);
        if (bits & (1ULL << 0x35)) return true;
    }
    return false;
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
