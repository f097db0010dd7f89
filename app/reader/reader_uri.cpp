#include "app/reader/reader_uri.hpp"

#include <charconv>

namespace kiosk::reader {

std::string ReaderUri::text() const {
    switch (kind) {
    case Kind::none: return "none";
    case Kind::serial: return "serial:" + path + (baud != 115200 ? "?baud=" + std::to_string(baud) : "");
    case Kind::sim: return "sim:" + path;
    }
    return "none";
}

Result<ReaderUri> parse_reader_uri(std::string_view uri) {
    auto bad = [&](const std::string& why) {
        return make_error("reader.uri", "\"" + std::string(uri) + "\" " + why +
                                            " (expected none | serial:/dev/ttyUSB0[?baud=115200] | sim:PATH)");
    };
    ReaderUri r;
    if (uri == "none") return r;
    std::string_view rest;
    if (uri.rfind("serial:", 0) == 0) { r.kind = ReaderUri::Kind::serial; rest = uri.substr(7); }
    else if (uri.rfind("sim:", 0) == 0) { r.kind = ReaderUri::Kind::sim; rest = uri.substr(4); }
    else return bad("is not a reader address");
    if (const auto q = rest.find('?'); q != std::string_view::npos) {
        if (r.kind != ReaderUri::Kind::serial) return bad("takes no options");
        std::string_view opt = rest.substr(q + 1);
        rest = rest.substr(0, q);
        if (opt.rfind("baud=", 0) != 0) return bad("has an unknown option (only baud=)");
        opt.remove_prefix(5);
        int baud = 0;
        auto [p, ec] = std::from_chars(opt.data(), opt.data() + opt.size(), baud);
        if (ec != std::errc() || p != opt.data() + opt.size() ||
            (baud != 9600 && baud != 19200 && baud != 38400 && baud != 57600 && baud != 115200))
            return bad("has a baud rate the reader does not speak (9600, 19200, 38400, 57600, 115200)");
        r.baud = baud;
    }
    if (rest.empty() || rest[0] != '/') return bad("needs an absolute path");
    if (rest.find('\0') != std::string_view::npos) return bad("has a NUL byte in its path");
    r.path = std::string(rest);
    return r;
}

} // namespace kiosk::reader
