#pragma once
// A cheap pass over a config's text before tomlplusplus sees it, refusing input whose shape, not content, is
// dangerous. Why: tomlplusplus builds (and destroys) nested tables recursively, so a dotted key or table
// header of 50 000 parts (`a.a.a…=1`, 100 KB) overflows the stack and kills the kiosk and
// `kiosk printer status` before any error can be shown. Its own limit (TOML_MAX_NESTED_VALUES) covers only
// arrays and inline tables. The limits below are far above any real config (whose deepest key is
// `section.key`, depth 2) and far below what the parser can survive; docs/ADMIN.md lists them.
#include "app/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace kiosk {

struct ConfigLimits {
    // Tables, dotted-key parts, arrays and inline tables, counted together along one path:
    // `[a.b]` + `c.d = [{e = 1}]` is 2 + 2 + 1 + 1 = 6 deep.
    static constexpr std::size_t max_depth = 64;
    static constexpr std::size_t max_line_bytes = 64 * 1024;
    static constexpr std::size_t max_file_bytes = 1024 * 1024;
};

// ok, or Error "config.invalid" with "FILE:LINE: why". Not a TOML validator: anything it lets through is
// still parsed (and its syntax errors reported) by tomlplusplus.
Status prescan_config(std::string_view text, const std::filesystem::path& name_for_errors);

} // namespace kiosk
