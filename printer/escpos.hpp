#pragma once
// [SECTION] ESC/POS encoder — our own, after the command references used by python-escpos and escpos-php.
// Commands always emit their bytes (the receipt encoder decides when a change is needed); the encoder also
// tracks alignment, emphasis and size so that a line it has to print as a raster looks like its neighbours.
//
//   init      ESC @                        1B 40
//   align     ESC a n                      1B 61 n          (0 left, 1 centre, 2 right)
//   bold      ESC E n                      1B 45 n
//   size      GS ! n   (+ FS ! n for the Chinese font: bit 2 double width, bit 3 double height)
//   text      ASCII as is; anything else in Chinese mode: FS & (1C 26) GB18030 … FS . (1C 2E)
//   raster    GS v 0 m xL xH yL yH data    1D 76 30 00 …    (bands of at most 256 rows)
//   QR        GS ( k: model 2, module size, EC level M, store (fn 80), print (fn 81)
//   feed/cut  ESC d n (lines), GS V 66 n (feed n dots, partial cut) or GS V 65 n (full cut)
//   status    DLE EOT n                    10 04 n          (real-time; see status.hpp)
#include "app/result.hpp"
#include "printer/profile.hpp"
#include "printer/raster.hpp"

#include <string>
#include <string_view>

namespace kiosk::printer {

class Encoder {
public:
    explicit Encoder(int paper_dots = 576) : paper_dots_(paper_dots) {}

    Encoder& init();
    Encoder& align(Align a);
    Encoder& bold(bool on);
    Encoder& size(int width_mul, int height_mul);   // 1..8 each (clamped)
    // Prints UTF-8 text. ASCII-only text is sent as is; other text goes in Chinese mode as GB18030 with the
    // whole run (ASCII included) between FS & and FS ., which is how the printers expect mixed text. A line
    // holding a character outside the printer font (four-byte GB18030) is printed as a raster instead, in
    // the current alignment/size/emphasis. If the font for that raster is missing, the character is replaced
    // by "?" and error() says why — the receipt still prints.
    Encoder& text(std::string_view utf8);
    Encoder& raster(const Bitmap& bm);
    Encoder& qr_native(std::string_view data, int module_dots);
    // Raster QR (libqrencode), aligned on the paper like a native one would be.
    Encoder& qr_raster(std::string_view data, int module_dots);
    Encoder& feed_lines(int n);
    Encoder& cut(CutType type, int feed_dots);
    Encoder& raw(std::string_view bytes);

    const std::string& bytes() const { return out_; }
    std::string take() { return std::move(out_); }
    // The first problem met while encoding (font missing, QR too long); empty when none.
    const std::string& error() const { return error_; }

private:
    void text_line(std::u32string_view line, bool newline);
    void note(const Error& e) { if (error_.empty()) error_ = e.message; }

    std::string out_;
    std::string error_;
    int paper_dots_;
    Align align_ = Align::left;
    CharStyle style_;
};

// Status queries (DLE EOT n) for n = 1 (printer), 2 (offline cause), 4 (paper sensor).
std::string dle_eot(int n);

} // namespace kiosk::printer
