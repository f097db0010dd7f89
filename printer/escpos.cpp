#include "printer/escpos.hpp"

#include "printer/gb18030.hpp"
#include "app/utf8.hpp"

#include <algorithm>
#include <qrencode.h>

namespace kiosk::printer {

namespace {

constexpr char ESC = 0x1B, GS = 0x1D, FS = 0x1C, DLE = 0x10, EOT = 0x04;

void put(std::string& o, std::initializer_list<int> bytes) {
    for (int b : bytes) o += static_cast<char>(b & 0xFF);
}

// GS ( k pL pH cn fn … — the length counts cn, fn and the parameters.
void gs_k(std::string& o, int fn, std::string_view params) {
    std::size_t len = params.size() + 2;
    put(o, {GS, '(', 'k', static_cast<int>(len & 0xFF), static_cast<int>(len >> 8), 49, fn});
    o.append(params);
}

} // namespace

Encoder& Encoder::init() {
    put(out_, {ESC, '@'});
    align_ = Align::left;
    style_ = CharStyle{};
    return *this;
}

Encoder& Encoder::align(Align a) {
    put(out_, {ESC, 'a', static_cast<int>(a)});
    align_ = a;
    return *this;
}

Encoder& Encoder::bold(bool on) {
    put(out_, {ESC, 'E', on ? 1 : 0});
    style_.bold = on;
    return *this;
}

Encoder& Encoder::size(int w, int h) {
    w = std::clamp(w, 1, 8);
    h = std::clamp(h, 1, 8);
    put(out_, {GS, '!', ((w - 1) << 4) | (h - 1)});
    // Many Chinese printers size their Chinese font only through FS ! (double width/height at most).
    put(out_, {FS, '!', (w > 1 ? 0x04 : 0) | (h > 1 ? 0x08 : 0)});
    style_.width_mul = w;
    style_.height_mul = h;
    return *this;
}

Encoder& Encoder::text(std::string_view utf8) {
    std::u32string all = printer_normalise(utf8::decode_lossy(utf8, utf8::OnBad::replace));
    std::size_t start = 0;
    while (start <= all.size()) {
        std::size_t nl = all.find(U'\n', start);
        bool has_nl = nl != std::u32string::npos;
        std::u32string_view line(all.data() + start, (has_nl ? nl : all.size()) - start);
        if (!line.empty() || has_nl) text_line(line, has_nl);
        if (!has_nl) break;
        start = nl + 1;
    }
    return *this;
}

void Encoder::text_line(std::u32string_view line, bool newline) {
    bool ascii = std::all_of(line.begin(), line.end(), [](char32_t c) { return c < 0x80; });
    if (ascii) {   // printer_normalise() has already turned control characters into spaces
        for (char32_t c : line) out_ += static_cast<char>(c);
        if (newline) out_ += '\n';
        return;
    }
    auto enc = gb18030_encode(line);
    if (!enc) { note(enc.error()); return; }
    bool covered = std::all_of(enc->lengths.begin(), enc->lengths.end(), [](auto l) { return l <= 2; });
    if (!covered) {
        auto bm = render_text_line(line, style_, align_, paper_dots_);
        if (bm) {
            bm->grow(bm->height + 6);   // the 6-dot line gap text lines get, so the rhythm stays the same
            // The raster is already placed on the full paper width: print it left-aligned, then restore.
            Align keep = align_;
            if (keep != Align::left) put(out_, {ESC, 'a', 0});
            raster(*bm);
            if (keep != Align::left) put(out_, {ESC, 'a', static_cast<int>(keep)});
            if (!newline) note(make_error("printer.raster", "a raster line was not the end of a line"));
            return;
        }
        note(bm.error());
        // No font: keep the receipt, lose only the characters the printer cannot show.
        std::u32string fallback(line);
        for (std::size_t i = 0; i < fallback.size(); ++i) if (enc->lengths[i] > 2) fallback[i] = U'?';
        enc = gb18030_encode(fallback);
        if (!enc) { note(enc.error()); return; }
    }
    put(out_, {FS, '&'});
    out_ += enc->bytes;
    if (newline) out_ += '\n';
    put(out_, {FS, '.'});
}

Encoder& Encoder::raster(const Bitmap& bm) {
    const int wbytes = (bm.width + 7) / 8;
    constexpr int kBand = 256;   // some printers buffer little: send tall images in bands
    for (int y0 = 0; y0 < bm.height; y0 += kBand) {
        int h = std::min(kBand, bm.height - y0);
        put(out_, {GS, 'v', '0', 0, wbytes & 0xFF, wbytes >> 8, h & 0xFF, h >> 8});
        const std::size_t at = out_.size();
        out_.resize(at + static_cast<std::size_t>(wbytes) * h, '\0');
        char* dst = out_.data() + at;
        for (int y = y0; y < y0 + h; ++y) {
            const std::uint8_t* row = &bm.px[static_cast<std::size_t>(y) * bm.width];
            for (int x = 0; x < bm.width; ++x)
                if (row[x]) dst[x >> 3] = static_cast<char>(dst[x >> 3] | (0x80 >> (x & 7)));
            dst += wbytes;
        }
    }
    return *this;
}

Encoder& Encoder::qr_native(std::string_view data, int module_dots) {
    gs_k(out_, 65, std::string{'\x32', '\x00'});                                  // model 2
    gs_k(out_, 67, std::string(1, static_cast<char>(std::clamp(module_dots, 1, 16))));   // module size
    gs_k(out_, 69, std::string(1, '\x31'));                                       // EC level M
    std::string store(1, '0');
    store.append(data);
    gs_k(out_, 80, store);                                                        // store the data
    gs_k(out_, 81, std::string(1, '0'));                                          // print the symbol
    return *this;
}

Encoder& Encoder::qr_raster(std::string_view data, int module_dots) {
    // Packed straight from the modules — one packed row per module row, repeated module_dots times — rather
    // than through a Bitmap: this is the hot path of a raster-QR receipt. Same picture as qr_bitmap(), placed
    // on the full paper width in the current alignment.
    std::string s(data);
    QRcode* qr = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) { note(make_error("printer.qr", "the QR payload does not fit a QR code")); return *this; }
    const int quiet = 2, m = std::clamp(module_dots, 1, 16), n = qr->width, side = (n + 2 * quiet) * m;
    const int wbytes = (paper_dots_ + 7) / 8;
    const int x0 = std::max(0, align_ == Align::left ? 0 : align_ == Align::center ? (paper_dots_ - side) / 2 : paper_dots_ - side);
    auto packed_row = [&](int my) {
        std::string r(static_cast<std::size_t>(wbytes), '\0');
        if (my < 0 || my >= n) return r;   // quiet zone
        for (int mx = 0; mx < n; ++mx) {
            if (!(qr->data[my * n + mx] & 1)) continue;
            for (int k = 0; k < m; ++k) {
                int x = x0 + (quiet + mx) * m + k;
                if (x < paper_dots_) r[static_cast<std::size_t>(x >> 3)] |= static_cast<char>(0x80 >> (x & 7));
            }
        }
        return r;
    };
    Align keep = align_;
    if (keep != Align::left) put(out_, {ESC, 'a', 0});
    constexpr int kBand = 256;
    std::string row;
    int row_of = -1000;
    for (int y0 = 0; y0 < side; y0 += kBand) {
        const int h = std::min(kBand, side - y0);
        put(out_, {GS, 'v', '0', 0, wbytes & 0xFF, wbytes >> 8, h & 0xFF, h >> 8});
        for (int y = y0; y < y0 + h; ++y) {
            const int my = y / m - quiet;
            if (my != row_of) { row = packed_row(my); row_of = my; }
            out_ += row;
        }
    }
    QRcode_free(qr);
    if (keep != Align::left) put(out_, {ESC, 'a', static_cast<int>(keep)});
    return *this;
}

Encoder& Encoder::feed_lines(int n) {
    put(out_, {ESC, 'd', std::clamp(n, 0, 255)});
    return *this;
}

Encoder& Encoder::cut(CutType type, int feed_dots) {
    if (type == CutType::none) return feed_lines(4);
    put(out_, {GS, 'V', type == CutType::full ? 65 : 66, std::clamp(feed_dots, 0, 255)});
    return *this;
}

Encoder& Encoder::raw(std::string_view bytes) {
    out_.append(bytes);
    return *this;
}

std::string dle_eot(int n) { return std::string{DLE, EOT, static_cast<char>(n)}; }

} // namespace kiosk::printer
