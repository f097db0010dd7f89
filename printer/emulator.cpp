#include "printer/emulator.hpp"

#include "printer/gb18030.hpp"
#include "printer/layout.hpp"
#include "app/utf8.hpp"

#include <algorithm>
#include <cairo.h>

namespace kiosk::printer {

namespace {
constexpr int kLineGap = 6;   // default line spacing is 30 dots for 24-dot characters
}

Emulator::Emulator(const Profile& p)
    : p_(p), parser_([this](const Command& c) { on(c); }), paper_(p.dots, 0) {
    y_ = 12;   // the paper starts a little above the first line, as after a cut
}

void Emulator::feed(std::string_view bytes) { parser_.feed(bytes); }

const Bitmap& Emulator::finish() {
    parser_.finish();
    if (!line_.empty()) flush_line();
    int end = std::max(y_, last_cut_y_);
    paper_.grow(end);
    if (paper_.height > end) { paper_.px.resize(static_cast<std::size_t>(paper_.width) * end); paper_.height = end; }
    return paper_;
}

CharStyle Emulator::style() const {
    CharStyle st;
    st.width_mul = ((gs_size_ >> 4) & 7) + 1;
    st.height_mul = (gs_size_ & 7) + 1;
    st.bold = bold_;
    return st;
}

void Emulator::put_text(const std::string& utf8) {
    for (char32_t c : utf8::decode_lossy(utf8, utf8::OnBad::replace)) {
        CharStyle st = style();
        int cols = char_columns(c);
        // FS ! doubles the Chinese font on printers that ignore GS ! for it; take the larger of the two.
        if (cols == 2) {
            if (fs_size_ & 0x04) st.width_mul = std::max(st.width_mul, 2);
            if (fs_size_ & 0x08) st.height_mul = std::max(st.height_mul, 2);
        }
        int w = cols * kDotsPerColumn * st.width_mul;
        if (x_ + w > p_.dots) { ++overflows_; flush_line(); }
        if (line_.empty()) line_align_ = align_;
        line_.push_back({c, cols, st});
        x_ += w;
    }
}

void Emulator::flush_line() {
    // An empty line (a bare LF) still advances by one line of the default height.
    int h = kCharHeight, w = 0;
    for (const Cell& c : line_) {
        h = std::max(h, kCharHeight * c.st.height_mul);
        w += c.cols * kDotsPerColumn * c.st.width_mul;
    }
    paper_.grow(y_ + h + kLineGap);
    int x = line_align_ == Align::left ? 0 : line_align_ == Align::center ? (p_.dots - w) / 2 : p_.dots - w;
    for (const Cell& c : line_) {
        // Characters of different heights share a baseline at the bottom of the line.
        draw_char(paper_, x, y_ + h - kCharHeight * c.st.height_mul, c.c, c.cols, c.st);
        x += c.cols * kDotsPerColumn * c.st.width_mul;
    }
    y_ += h + kLineGap;
    line_.clear();
    x_ = 0;
}

void Emulator::place(const Bitmap& img) {
    if (!line_.empty()) flush_line();
    paper_.grow(y_ + img.height);
    int x = align_ == Align::left ? 0 : align_ == Align::center ? (p_.dots - img.width) / 2 : p_.dots - img.width;
    paper_.blit(img, std::max(0, x), y_);
    y_ += img.height;
}

void Emulator::on(const Command& c) {
    using K = Command::Kind;
    switch (c.kind) {
    case K::text: {
        std::string utf8;
        if (c.chinese) {
            auto r = gb18030_to_utf8(c.data);
            utf8 = r ? *r : std::string(c.data.size(), '?');
            chinese_text_ += utf8;
        } else {
            for (char ch : c.data) utf8 += static_cast<unsigned char>(ch) < 0x80 ? ch : '?';   // no code pages
        }
        text_ += utf8;
        put_text(utf8);
        break;
    }
    case K::line_feed:
        text_ += '\n';
        if (parser_.chinese_mode()) chinese_text_ += '\n';
        flush_line();
        break;
    case K::init: align_ = Align::left; bold_ = false; gs_size_ = 0; fs_size_ = 0; break;
    case K::align: align_ = static_cast<Align>(std::clamp(c.n, 0, 2)); if (line_.empty()) line_align_ = align_; break;
    case K::bold: bold_ = c.n != 0; break;
    case K::size: gs_size_ = c.n & 0x77; break;
    case K::chinese_size: fs_size_ = c.n; break;
    case K::raster: {
        ++rasters_;
        Bitmap img(c.width_bytes * 8, c.height);
        for (int y = 0; y < c.height; ++y)
            for (int xb = 0; xb < c.width_bytes; ++xb) {
                auto byte = static_cast<unsigned char>(c.data[static_cast<std::size_t>(y) * c.width_bytes + xb]);
                for (int bit = 0; bit < 8; ++bit) if (byte & (0x80 >> bit)) img.set(xb * 8 + bit, y);
            }
        place(img);
        break;
    }
    case K::qr:
        if (c.n == 67 && !c.data.empty()) qr_module_ = std::clamp(static_cast<int>(static_cast<unsigned char>(c.data[0])), 1, 16);
        else if (c.n == 80 && !c.data.empty()) qr_data_ = c.data.substr(1);
        else if (c.n == 81) {
            qr_payloads_.push_back(qr_data_);
            if (auto img = qr_bitmap(qr_data_, qr_module_, 2)) place(*img);
        }
        break;
    case K::feed_lines: if (!line_.empty()) flush_line(); y_ += c.n * (kCharHeight + kLineGap); break;
    case K::feed_dots: if (!line_.empty()) flush_line(); y_ += c.n; break;
    case K::cut: {
        if (!line_.empty()) flush_line();
        ++cuts_;
        y_ += c.n;
        paper_.grow(y_ + 8);
        for (int x = 0; x < p_.dots; x += 8) for (int k = 0; k < 4; ++k) paper_.set(x + k, y_ + 4);   // dashed cut mark
        y_ += 8;
        last_cut_y_ = y_;
        break;
    }
    case K::unknown: ++unknown_; break;
    case K::chinese_on: case K::chinese_off: case K::status_query: case K::other: break;
    }
}

Status write_png(const Bitmap& bm, const std::filesystem::path& path) {
    if (bm.width <= 0 || bm.height <= 0) return make_error("printer.png", "nothing to write to " + path.string());
    // A 1-bit image: what the thermal head does, and a tenth of the time and size of RGB (cairo writes an
    // A1 surface as a 1-bit grayscale PNG, the bit being the "alpha": 1 = white paper, 0 = ink).
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_A1, bm.width, bm.height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return make_error("printer.png", "cannot allocate an image for " + path.string());
    }
    cairo_surface_flush(s);
    unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < bm.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        const std::uint8_t* src = &bm.px[static_cast<std::size_t>(y) * bm.width];
        for (int x0 = 0; x0 < bm.width; x0 += 32) {
            std::uint32_t word = 0;
            for (int k = 0; k < 32 && x0 + k < bm.width; ++k)
                if (!src[x0 + k]) word |= 1u << k;   // pixman A1 is least-significant-bit first on little-endian
            row[x0 / 32] = word;
        }
    }
    cairo_surface_mark_dirty(s);
    cairo_status_t st = cairo_surface_write_to_png(s, path.c_str());
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS)
        return make_error("printer.png", "cannot write " + path.string() + ": " + cairo_status_to_string(st));
    return ok_status();
}

Status render_png(std::string_view bytes, const Profile& p, const std::filesystem::path& path) {
    Emulator emu(p);
    emu.feed(bytes);
    return write_png(emu.finish(), path);
}

} // namespace kiosk::printer
