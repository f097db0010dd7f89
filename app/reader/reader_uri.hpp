#pragma once
// `[reader] uri = none | serial:/dev/ttyUSB0[?baud=115200] | sim:PATH` (DESIGN.md, "Devices").
// sim:PATH is the simulator's pty (or a symlink to it) or its Unix socket; the driver tells them apart
// by what PATH is when it opens it.
#include "app/result.hpp"

#include <string>
#include <string_view>

namespace kiosk::reader {

struct ReaderUri {
    enum class Kind { none, serial, sim } kind = Kind::none;
    std::string path;
    int baud = 115200;
    std::string text() const;   // back to the uri form (no secrets in it: safe for logs)
};

// Errors (code "reader.uri") say what was expected; config.cpp puts the key name in front.
Result<ReaderUri> parse_reader_uri(std::string_view uri);

} // namespace kiosk::reader
