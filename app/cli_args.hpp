#pragma once
// The kiosk's command line (DESIGN.md, "Configuration and command lines"), parsed without side effects so
// it is unit-tested. Subcommands (printer, staff, audit, queue, reader) keep their own arguments in `rest`.
#include "result.hpp"
#include "text.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct CliArgs {
    std::filesystem::path config;            // --config FILE (empty: defaults)
    std::filesystem::path data_dir;          // --data-dir DIR overrides [kiosk] data_dir
    std::optional<std::pair<int, int>> windowed;   // --windowed WxH
    std::optional<Locale> locale;            // --locale zh-CN|en
    bool elderly = false;                    // --elderly
    std::filesystem::path screenshot;        // --screenshot FILE
    int quit_after_frames = 0;               // --quit-after-frames N
    std::filesystem::path tour_dir;          // --tour DIR
    std::filesystem::path script;            // --script FILE
    bool help = false, version = false;
    std::string subcommand;                  // "", "printer", "staff", "audit", "queue", "reader"
    std::vector<std::string> rest;           // the subcommand's own arguments
};

// Errors have code "usage" and a message saying which argument is wrong and what was expected.
Result<CliArgs> parse_cli(const std::vector<std::string>& argv);
const char* cli_usage();

} // namespace kiosk
