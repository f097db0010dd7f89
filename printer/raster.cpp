#include "printer/raster.hpp"

#include "printer/font.hpp"
#include "printer/layout.hpp"

#include <algorithm>
#include <qrencode.h>

namespace kiosk::printer {

void Bitmap::blit(const Bitmap& src, int x, int y) {
    const int x0 = std::max(0, -x), x1 = std::min(src.width, width - x);
    for (int sy = 0; sy < src.height; ++sy) {
        int dy = y + sy;
        if (dy < 0 || dy >= height || x0 >= x1) continue;
        const std::uint8_t* s = &src.px[static_cast<std::size_t>(sy) * src.width];
        std::uint8_t* d = &px[static_cast<std::size_t>(dy) * width + x];
        for (int sx = x0; sx < x1; ++sx) d[sx] |= s[sx];
    }
}

void Bitmap::grow(int h) {
    if (h <= height) return;
    px.resize(static_cast<std::size_t>(width) * h, 0);
    height = h;
}

void draw_char(Bitmap& canvas, int x, int y, char32_t c, int columns, const CharStyle& st) {
    if (c == U' ') return;
    const int wm = std::clamp(st.width_mul, 1, 8), hm = std::clamp(st.height_mul, 1, 8);
    const int cell_w = columns * kDotsPerColumn;     // at size 1
    const int baseline = 21;                         // Noto CJK: ascent 0.88 em of a 24-dot em
    const Glyph* g = cjk_glyph(c, kCharHeight);
    if (!g || g->missing) {   // a hollow box, like a printer's "no glyph" mark
        for (int i = 2; i < cell_w - 2; ++i)
            for (int m = 0; m < wm; ++m) { canvas.set(x + i * wm + m, y + 3 * hm); canvas.set(x + i * wm + m, y + 21 * hm); }
        for (int j = 3; j <= 21; ++j)
            for (int m = 0; m < hm; ++m) { canvas.set(x + 2 * wm, y + j * hm + m); canvas.set(x + (cell_w - 3) * wm, y + j * hm + m); }
        return;
    }
    // Squeeze proportional glyphs that are wider than the cell; centre the rest.
    const int gw = g->width;
    const int target_w = std::min(gw, cell_w - 1);
    const int off_x = (cell_w - target_w) / 2;
    const int top = baseline - g->top;
    for (int gy = 0; gy < g->height; ++gy) {
        for (int tx = 0; tx < target_w; ++tx) {
            int gx = gw == target_w ? tx : tx * gw / target_w;
            if (g->gray[static_cast<std::size_t>(gy) * gw + gx] < 128) continue;   // the head burns or not
            for (int my = 0; my < hm; ++my)
                for (int mx = 0; mx < wm; ++mx) {
                    int px = x + (off_x + tx) * wm + mx, py = y + (top + gy) * hm + my;
                    canvas.set(px, py);
                    if (st.bold) canvas.set(px + 1, py);
                }
        }
    }
}

Result<Bitmap> render_text_line(std::u32string_view line, const CharStyle& st, Align align, int paper_dots) {
    if (auto s = cjk_font_ready(); !s) return s.error();
    const int wm = std::clamp(st.width_mul, 1, 8);
    int width = text_columns(line) * kDotsPerColumn * wm;
    int x = align == Align::left ? 0 : align == Align::center ? (paper_dots - width) / 2 : paper_dots - width;
    if (x < 0) x = 0;
    Bitmap bm(paper_dots, kCharHeight * std::clamp(st.height_mul, 1, 8));
    for (char32_t c : line) {
        int cols = char_columns(c);
        draw_char(bm, x, 0, c, cols, st);
        x += cols * kDotsPerColumn * wm;
    }
    return bm;
}

Result<Bitmap> qr_bitmap(std::string_view data, int module, int quiet) {
    std::string s(data);
    QRcode* qr = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return make_error("printer.qr", "the QR payload does not fit a QR code (" + std::to_string(data.size()) + " bytes)");
    const int n = qr->width, size = (n + 2 * quiet) * module;
    Bitmap bm(size, size);
    for (int my = 0; my < n; ++my) {
        // Draw one row of modules, then copy it down for the module's height.
        std::uint8_t* row = &bm.px[static_cast<std::size_t>((quiet + my) * module) * size];
        for (int mx = 0; mx < n; ++mx)
            if (qr->data[my * n + mx] & 1) std::fill_n(row + (quiet + mx) * module, module, std::uint8_t{1});
        for (int dy = 1; dy < module; ++dy) std::copy_n(row, size, row + static_cast<std::size_t>(dy) * size);
    }
    QRcode_free(qr);
    return bm;
}

Bitmap place_on_paper(const Bitmap& img, Align align, int paper_dots) {
    Bitmap out(paper_dots, img.height);
    int x = align == Align::left ? 0 : align == Align::center ? (paper_dots - img.width) / 2 : paper_dots - img.width;
    out.blit(img, std::max(0, x), 0);
    return out;
}

} // namespace kiosk::printer
