#pragma once
// [SECTION] 1-bit images as the thermal head prints them: text cells drawn with the CJK font, QR symbols
// from libqrencode. Shared by the encoder (GS v 0 fallback and raster QR) and the PNG emulator, so the
// preview and the paper come out of the same drawing code.
#include "app/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::printer {

enum class Align { left = 0, center = 1, right = 2 };

struct Bitmap {
    int width = 0, height = 0;
    std::vector<std::uint8_t> px;    // one byte per dot, 1 = black
    Bitmap() = default;
    Bitmap(int w, int h) : width(w), height(h), px(static_cast<std::size_t>(w) * h, 0) {}
    std::uint8_t at(int x, int y) const { return px[static_cast<std::size_t>(y) * width + x]; }
    void set(int x, int y) {
        if (x >= 0 && y >= 0 && x < width && y < height) px[static_cast<std::size_t>(y) * width + x] = 1;
    }
    // Copies `src` with its top-left at (x, y), clipped.
    void blit(const Bitmap& src, int x, int y);
    // Grows the height (white) to at least `h`.
    void grow(int h);
};

struct CharStyle {
    int width_mul = 1, height_mul = 1;   // 1..8, as GS !
    bool bold = false;
};

inline constexpr int kDotsPerColumn = 12;   // Font A: 12×24 (Latin), 24×24 (Chinese)
inline constexpr int kCharHeight = 24;

// Draws one character in a cell of columns×12×width_mul by 24×height_mul dots, top-left at (x, y).
// Glyphs wider than their cell (proportional Latin) are squeezed to fit, as the printer's own font would.
void draw_char(Bitmap& canvas, int x, int y, char32_t c, int columns, const CharStyle& st);

// One line of text as a raster exactly `paper_dots` wide and 24×height_mul dots high, aligned like the text
// would be. Error "printer.font" if the font is missing.
Result<Bitmap> render_text_line(std::u32string_view line, const CharStyle& st, Align align, int paper_dots);

// The QR symbol for `data` (EC level M, byte mode, case kept) at `module` dots per module with a quiet zone
// of `quiet` modules on every side. Error "printer.qr" if the data does not fit a QR code.
Result<Bitmap> qr_bitmap(std::string_view data, int module, int quiet);

// A copy of `img` centred/aligned on a white band `paper_dots` wide.
Bitmap place_on_paper(const Bitmap& img, Align align, int paper_dots);

} // namespace kiosk::printer
