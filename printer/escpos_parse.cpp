#include "printer/escpos_parse.hpp"

namespace kiosk::printer {

namespace {

unsigned char byte_at(const std::string& b, std::size_t i) { return static_cast<unsigned char>(b[i]); }

} // namespace

void Parser::feed(std::string_view bytes) {
    buf_.append(bytes);
    std::size_t pos = 0;
    while (pos < buf_.size()) {
        std::size_t used = parse_one(pos, false);
        if (used == 0) break;
        pos += used;
    }
    buf_.erase(0, pos);
}

void Parser::finish() {
    std::size_t pos = 0;
    while (pos < buf_.size()) {
        std::size_t used = parse_one(pos, true);
        if (used == 0) break;   // a command cut off by the end of the stream: nothing more to do
        pos += used;
    }
    buf_.clear();
}

std::size_t Parser::parse_one(std::size_t pos, bool at_end) {
    const std::string& b = buf_;
    const std::size_t avail = b.size() - pos;
    const unsigned char c = byte_at(b, pos);
    Command cmd;
    auto need = [&](std::size_t n) { return avail >= n; };
    auto arg = [&](std::size_t k) { return static_cast<int>(byte_at(b, pos + k)); };
    auto emit = [&](Command::Kind k, int n, std::size_t used) {
        cmd.kind = k;
        cmd.n = n;
        sink_(cmd);
        return used;
    };

    if (c >= 0x20) {
        // A run of printable bytes. GB18030 trail bytes are never control bytes, so the run ends cleanly at
        // the next control byte; at the end of the buffer we wait, unless the stream has ended.
        std::size_t end = pos;
        while (end < b.size() && byte_at(b, end) >= 0x20) ++end;
        if (end == b.size() && !at_end && avail < 65536) return 0;
        cmd.chinese = chinese_;
        cmd.data = b.substr(pos, end - pos);
        return emit(Command::Kind::text, 0, end - pos);
    }
    switch (c) {
    case 0x0A: return emit(Command::Kind::line_feed, 0, 1);
    case 0x0D: return emit(Command::Kind::other, 0, 1);
    case 0x10:   // DLE EOT n (DLE ENQ n, DLE DC4 … are rare; skip their three bytes)
        if (!need(3)) return 0;
        return emit(arg(1) == 0x04 ? Command::Kind::status_query : Command::Kind::other, arg(2), 3);
    case 0x1B: {
        if (!need(2)) return 0;
        switch (arg(1)) {
        case '@': chinese_ = false; return emit(Command::Kind::init, 0, 2);
        case '2': return emit(Command::Kind::other, 0, 2);
        case 'a': if (!need(3)) return 0; return emit(Command::Kind::align, arg(2) % 48, 3);
        case 'E': if (!need(3)) return 0; return emit(Command::Kind::bold, arg(2) & 1, 3);
        case 'd': if (!need(3)) return 0; return emit(Command::Kind::feed_lines, arg(2), 3);
        case 'J': if (!need(3)) return 0; return emit(Command::Kind::feed_dots, arg(2), 3);
        case '!': case '3': case 'M': case '-': case 'G': case 't': case 'R': case 'V': case '{': case 'U':
            if (!need(3)) return 0;
            return emit(Command::Kind::other, arg(2), 3);
        default: return emit(Command::Kind::unknown, c, 1);
        }
    }
    case 0x1C: {
        if (!need(2)) return 0;
        switch (arg(1)) {
        case '&': chinese_ = true; return emit(Command::Kind::chinese_on, 0, 2);
        case '.': chinese_ = false; return emit(Command::Kind::chinese_off, 0, 2);
        case '!': if (!need(3)) return 0; return emit(Command::Kind::chinese_size, arg(2), 3);
        case '-': case 'C': case 'W': if (!need(3)) return 0; return emit(Command::Kind::other, arg(2), 3);
        default: return emit(Command::Kind::unknown, c, 1);
        }
    }
    case 0x1D: {
        if (!need(2)) return 0;
        switch (arg(1)) {
        case '!': if (!need(3)) return 0; return emit(Command::Kind::size, arg(2), 3);
        case 'V': {
            if (!need(3)) return 0;
            int m = arg(2);
            cmd.full_cut = (m == 0 || m == 48 || m == 65);
            if (m == 65 || m == 66) { if (!need(4)) return 0; return emit(Command::Kind::cut, arg(3), 4); }
            return emit(Command::Kind::cut, 0, 3);
        }
        case 'v': {
            if (!need(8)) return 0;
            if (arg(2) != '0') return emit(Command::Kind::unknown, c, 1);
            int wb = arg(4) | (arg(5) << 8), h = arg(6) | (arg(7) << 8);
            std::size_t len = static_cast<std::size_t>(wb) * h;
            if (!need(8 + len)) return 0;
            cmd.width_bytes = wb;
            cmd.height = h;
            cmd.data = b.substr(pos + 8, len);
            return emit(Command::Kind::raster, arg(3), 8 + len);
        }
        case '(': {
            if (!need(5)) return 0;
            std::size_t len = static_cast<std::size_t>(arg(3) | (arg(4) << 8));
            if (!need(5 + len)) return 0;
            if (arg(2) == 'k' && len >= 2 && arg(5) == 49) {
                cmd.data = b.substr(pos + 7, len - 2);
                return emit(Command::Kind::qr, arg(6), 5 + len);
            }
            return emit(Command::Kind::other, arg(2), 5 + len);
        }
        case 'B': case 'H': case 'f': case 'h': case 'w': case 'a': case 'L': case 'W':
            if (!need(3)) return 0;
            if (arg(1) == 'L' || arg(1) == 'W') { if (!need(4)) return 0; return emit(Command::Kind::other, arg(2), 4); }
            return emit(Command::Kind::other, arg(2), 3);
        default: return emit(Command::Kind::unknown, c, 1);
        }
    }
    default:
        return emit(Command::Kind::unknown, c, 1);
    }
}

} // namespace kiosk::printer
