#pragma once
// [SECTION] Receipt → printed lines for one paper width → ESC/POS bytes.
// The layout is separate from the bytes so tests can check that every line fits the paper (no printer
// auto-wrap), and so the PNG emulator and the paper get the very same byte stream.
#include "printer/profile.hpp"
#include "printer/raster.hpp"
#include "printer/receipt.hpp"

#include <string>
#include <vector>

namespace kiosk::printer {

struct PrintLine {
    enum class Kind { text, qr, cut };
    Kind kind = Kind::text;
    std::string text;          // one line, already wrapped to fit (UTF-8); for qr: the payload
    Align align = Align::left;
    CharStyle style;
};

std::vector<PrintLine> layout_receipt(const Receipt& r, const Profile& p);

// Bytes for the lines: ESC @ first, then only the style changes each line needs, QR native or raster per
// the profile, feed and cut last. `warning` (optional) receives the encoder's first problem, if any (e.g.
// the font for a rare character is missing: the character is printed as "?").
std::string encode_lines(const std::vector<PrintLine>& lines, const Profile& p, std::string* warning = nullptr);

inline std::string encode_receipt(const Receipt& r, const Profile& p, std::string* warning = nullptr) {
    return encode_lines(layout_receipt(r, p), p, warning);
}

} // namespace kiosk::printer
