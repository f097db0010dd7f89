#pragma once
// [SECTION] A thermal printer in software: ESC/POS bytes in, the paper out as a 1-bit bitmap (and a PNG).
// It interprets the same stream a real printer gets — text in Font A cells (12×24, Chinese 24×24), sizes,
// emphasis, alignment, GS v 0 rasters, native QR (regenerated with libqrencode, as the printer would),
// feeds and cuts — so a preview is an honest picture of the paper, and tests can read back what it saw.
#include "app/result.hpp"
#include "printer/escpos_parse.hpp"
#include "printer/profile.hpp"
#include "printer/raster.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::printer {

class Emulator {
public:
    explicit Emulator(const Profile& p);
    void feed(std::string_view bytes);
    // Flushes a pending line and returns the paper, trimmed below the last cut (or content).
    const Bitmap& finish();

    // What the emulator saw (for tests):
    int overflows() const { return overflows_; }   // lines the printer would have wrapped by itself
    int cuts() const { return cuts_; }
    int rasters() const { return rasters_; }
    int unknown_bytes() const { return unknown_; }
    const std::vector<std::string>& qr_payloads() const { return qr_payloads_; }
    const std::string& text() const { return text_; }          // all text, decoded to UTF-8, '\n' per LF
    const std::string& chinese_text() const { return chinese_text_; }   // only what came in Chinese mode

private:
    struct Cell { char32_t c; int cols; CharStyle st; };
    void on(const Command& c);
    void put_text(const std::string& utf8);
    void flush_line();
    void place(const Bitmap& img);
    CharStyle style() const;

    Profile p_;
    Parser parser_;
    Bitmap paper_;
    int y_ = 0;
    int x_ = 0;              // dots used on the current line
    std::vector<Cell> line_;
    Align align_ = Align::left, line_align_ = Align::left;
    bool bold_ = false;
    int gs_size_ = 0, fs_size_ = 0;
    int qr_module_ = 3;
    std::string qr_data_;
    int overflows_ = 0, cuts_ = 0, rasters_ = 0, unknown_ = 0, last_cut_y_ = 0;
    std::vector<std::string> qr_payloads_;
    std::string text_, chinese_text_;
};

// Writes a 1-bit bitmap as a PNG (cairo), black on white. Error "printer.png" names the file.
Status write_png(const Bitmap& bm, const std::filesystem::path& path);

// Convenience: emulate `bytes` on profile `p` and write the paper to `path`.
Status render_png(std::string_view bytes, const Profile& p, const std::filesystem::path& path);

} // namespace kiosk::printer
