#pragma once
// [SECTION] ESC/POS stream parser — the subset this library emits, plus enough of the rest to skip it.
// Incremental: feed() chunks as they arrive (a socket, a file); an incomplete command waits for more bytes.
// Used by the PNG emulator (the preview is rendered from the very bytes the printer gets) and by the fake
// printer in the tests.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace kiosk::printer {

struct Command {
    enum class Kind {
        text,          // printable bytes; `chinese` says whether they are GB18030 (inside FS & … FS .)
        line_feed,     // LF
        init,          // ESC @
        align,         // ESC a n
        bold,          // ESC E n
        size,          // GS ! n        (n: high nibble width-1, low nibble height-1)
        chinese_size,  // FS ! n
        chinese_on,    // FS &
        chinese_off,   // FS .
        raster,        // GS v 0 m xL xH yL yH d…   (width_bytes, height, data)
        qr,            // GS ( k … cn=49   (n = fn, data = parameters after fn)
        feed_lines,    // ESC d n
        feed_dots,     // ESC J n
        cut,           // GS V m [n]   (n = feed dots or 0; full = m is 0/48/65)
        status_query,  // DLE EOT n
        other,         // a known command we do not act on (skipped whole)
        unknown,       // a byte we could not make sense of (skipped)
    };
    Kind kind = Kind::unknown;
    int n = 0;
    bool chinese = false;
    bool full_cut = false;
    int width_bytes = 0, height = 0;
    std::string data;
};

class Parser {
public:
    using Sink = std::function<void(const Command&)>;
    explicit Parser(Sink sink) : sink_(std::move(sink)) {}
    void feed(std::string_view bytes);
    // End of stream: whatever is buffered is flushed as text (or dropped if it is a cut-off command).
    void finish();
    bool chinese_mode() const { return chinese_; }

private:
    // Parses one command at buf_[pos]; returns bytes consumed, 0 if incomplete.
    std::size_t parse_one(std::size_t pos, bool at_end);
    std::string buf_;
    Sink sink_;
    bool chinese_ = false;
};

} // namespace kiosk::printer
