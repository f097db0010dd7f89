#pragma once
// [SECTION] `kiosk printer …` — what an installer runs first (wired by kiosk/subcommands.cpp, args after "printer"):
//   kiosk printer status [--printer URI]
//   kiosk printer test   [--printer URI] [--paper 58|80] [--raster-qr] [--locale zh|en]
//   kiosk printer render --out FILE.png [--paper 58|80] [--locale zh|en]   (the test page, no printer)
// Output in words (zh and en) on stdout; exit 0 ok (paper near end counts as ok, with a warning),
// 1 printer problem (paper out, cover open, offline, unreachable, status unreadable, disabled), 2 usage.
#include "app/config.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk::printer {

int printer_cli(const std::vector<std::string>& args, const Config& cfg);
// The same, writing to the given streams (tests).
int printer_cli(const std::vector<std::string>& args, const Config& cfg, std::ostream& out, std::ostream& err);

} // namespace kiosk::printer
