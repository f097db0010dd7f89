#pragma once
// [SECTION] GB18030 through glibc iconv — what Chinese thermal printers read in "Chinese mode" (FS &).
// The printer's resident font covers the one- and two-byte part of GB18030 (ASCII + GBK). Characters that
// GB18030 can only express with four bytes (CJK Ext. A/B names such as 𠮷, most accented Latin) are not in
// that font: the encoder prints such a line as a raster image instead (see escpos.hpp).
#include "app/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::printer {

// Characters we swap for the printer's own form before encoding: ¥ (U+00A5) → ￥ (U+FFE5, GBK A3A4),
// • → ·, non-breaking hyphen → '-'; control characters other than '\n' → space (no command injection
// through data). Receipts and the emulator both see the swapped text.
std::u32string printer_normalise(std::u32string_view text);

struct GbEncoded {
    std::string bytes;                 // GB18030
    std::vector<std::uint8_t> lengths; // bytes per input code point: 1, 2 (printer font) or 4 (not in it)
};

// UTF-32 → GB18030. Fails only if iconv itself is unavailable (code "printer.iconv").
Result<GbEncoded> gb18030_encode(std::u32string_view text);
// GB18030 → UTF-8 (for the emulator, the fake printer in tests and the round-trip test).
Result<std::string> gb18030_to_utf8(std::string_view gb);

// True when every character prints with the resident font (one or two GB18030 bytes).
bool printer_font_covers(std::u32string_view text);

} // namespace kiosk::printer
