#include "printer/gb18030.hpp"

#include "app/utf8.hpp"

#include <cerrno>
#include <iconv.h>

namespace kiosk::printer {

namespace {

// iconv_open loads a gconv module (slow) and an iconv_t is not thread-safe: keep one per thread.
class Iconv {
public:
    Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
    ~Iconv() { if (ok()) iconv_close(cd_); }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

    // Converts all of `in`; unconvertible or invalid input is skipped byte by byte (never loops forever).
    bool convert(std::string_view in, std::string& out) {
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);   // reset shift state
        char* src = const_cast<char*>(in.data());
        std::size_t left = in.size();
        char buf[1024];
        while (left > 0) {
            char* dst = buf;
            std::size_t room = sizeof buf;
            std::size_t r = iconv(cd_, &src, &left, &dst, &room);
            out.append(buf, static_cast<std::size_t>(dst - buf));
            if (r == static_cast<std::size_t>(-1)) {
                if (errno == E2BIG) continue;
                if (errno == EILSEQ || errno == EINVAL) { ++src; --left; out += '?'; continue; }
                return false;
            }
        }
        return true;
    }

private:
    iconv_t cd_;
};

Iconv& to_gb() { thread_local Iconv cd("GB18030", "UTF-8"); return cd; }
Iconv& from_gb() { thread_local Iconv cd("UTF-8", "GB18030"); return cd; }

} // namespace

std::u32string printer_normalise(std::u32string_view text) {
    std::u32string out(text);
    for (char32_t& c : out) {
        switch (c) {
        case 0x00A5: c = 0xFFE5; break;   // ¥ → ￥: the half-width yen sign is not in GBK
        case 0x2022: c = 0x00B7; break;   // • → ·
        case 0x2011: c = U'-'; break;
        case 0x00A0: c = U' '; break;
        default:
            // Control characters in data (a catalog string, a name) must never reach the printer as commands:
            // ESC, GS, FS, DLE … become spaces. '\n' stays: it is how text is split into lines.
            if ((c < 0x20 && c != U'\n') || (c >= 0x7F && c <= 0x9F)) c = U' ';
            break;
        }
    }
    return out;
}

Result<GbEncoded> gb18030_encode(std::u32string_view text) {
    Iconv& cd = to_gb();
    if (!cd.ok()) return make_error("printer.iconv", "iconv cannot convert UTF-8 to GB18030 on this system");
    GbEncoded enc;
    std::string utf8;
    utf8.reserve(text.size() * 3);
    for (char32_t c : text) utf8::append(utf8, c);
    enc.bytes.reserve(text.size() * 2);
    if (!cd.convert(utf8, enc.bytes)) return make_error("printer.iconv", "GB18030 conversion failed");
    // GB18030 maps every code point to exactly one sequence; its length is decided by the first two bytes.
    enc.lengths.reserve(text.size());
    const std::string& b = enc.bytes;
    for (std::size_t i = 0; i < b.size();) {
        unsigned char c0 = static_cast<unsigned char>(b[i]);
        std::uint8_t len = 1;
        if (c0 >= 0x81 && c0 <= 0xFE && i + 1 < b.size()) {
            unsigned char c1 = static_cast<unsigned char>(b[i + 1]);
            len = (c1 >= 0x30 && c1 <= 0x39) ? 4 : 2;
        }
        if (i + len > b.size()) len = static_cast<std::uint8_t>(b.size() - i);
        enc.lengths.push_back(len);
        i += len;
    }
    if (enc.lengths.size() != text.size())
        return make_error("printer.iconv", "GB18030 conversion changed the number of characters");
    return enc;
}

Result<std::string> gb18030_to_utf8(std::string_view gb) {
    Iconv& cd = from_gb();
    if (!cd.ok()) return make_error("printer.iconv", "iconv cannot convert GB18030 to UTF-8 on this system");
    std::string out;
    if (!cd.convert(gb, out)) return make_error("printer.iconv", "GB18030 decoding failed");
    return out;
}

bool printer_font_covers(std::u32string_view text) {
    bool ascii = true;
    for (char32_t c : text) ascii = ascii && c < 0x80;
    if (ascii) return true;
    auto enc = gb18030_encode(text);
    if (!enc) return false;
    for (auto l : enc->lengths) if (l > 2) return false;
    return true;
}

} // namespace kiosk::printer
