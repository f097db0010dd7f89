#pragma once
// [SECTION] The CJK font the UI uses (Noto Sans CJK SC from fonts-noto-cjk), loaded once with FreeType.
// Used to raster lines the printer's resident font cannot show, and by the PNG emulator to draw text the way
// the printer would. FT_Face is not thread-safe: every access goes through one mutex; glyphs are cached.
#include "app/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::printer {

inline constexpr const char* kDefaultCjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

// Gray coverage (0..255) of one glyph rendered at the printer's 24-dot character height.
struct Glyph {
    int width = 0, height = 0;
    int left = 0, top = 0;     // bitmap origin relative to the pen position on the baseline
    std::vector<std::uint8_t> gray;
    bool missing = false;      // the font has no glyph for this character (drawn as a box)
};

// Path from $KIOSK_CJK_FONT, else kDefaultCjkFont.
std::string cjk_font_path();
// Loads the font if needed. Error code "printer.font" names the file.
Status cjk_font_ready();
// Glyph for `c` at `px` pixels per em (cached). Never null once cjk_font_ready() succeeded; a character the
// font lacks gives an empty glyph with missing = true.
const Glyph* cjk_glyph(char32_t c, int px);

} // namespace kiosk::printer
