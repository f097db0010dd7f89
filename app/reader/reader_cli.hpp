#pragma once
// `kiosk reader status` and `kiosk reader test [--wait S]`: the installer's checks of the ID-card reader
// named by [reader] uri (docs/ADMIN.md). One line saying why not on failure, exit 1; 2 for usage.
// `test` prints what it read masked as staff mode masks it (app/mask): never a full name or number.
#include "app/config.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk::reader {

int reader_cli(const std::vector<std::string>& args, const Config& cfg, std::ostream& out, std::ostream& err);

} // namespace kiosk::reader
