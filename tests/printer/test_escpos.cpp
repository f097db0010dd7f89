// ESC/POS encoder: byte-exact vectors, commands, GB18030 round trip, the raster fallback for rare characters.
#include "printer/emulator.hpp"
#include "printer/font.hpp"
#include "printer/escpos.hpp"
#include "printer/escpos_parse.hpp"
#include "printer/gb18030.hpp"
#include "printer/receipt_encode.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

using namespace kiosk;
using namespace kiosk::printer;

namespace {

std::string hex(const std::string& s) {
    static const char* d = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (!out.empty()) out += ' ';
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::vector<Command> parse_all(const std::string& bytes) {
    std::vector<Command> cmds;
    Parser p([&](const Command& c) { cmds.push_back(c); });
    p.feed(bytes);
    p.finish();
    return cmds;
}

} // namespace

TEST_CASE("Chinese text after init is the known byte vector", "[escpos]") {
    Encoder e;
    e.init().text("示例文本打印机!\n");
    CHECK(hex(e.bytes()) == "1B 40 1C 26 CA BE C0 FD CE C4 B1 BE B4 F2 D3 A1 BB FA 21 0A 1C 2E");
}

TEST_CASE("native QR for 1234 stores and prints with GS ( k", "[escpos]") {
    Encoder e;
    e.qr_native("1234", 6);
    CHECK(ends_with(hex(e.bytes()), "1D 28 6B 07 00 31 50 30 31 32 33 34 1D 28 6B 03 00 31 51 30"));
    // model 2, module size 6, error correction M come first
    CHECK(hex(e.bytes()).rfind("1D 28 6B 04 00 31 41 32 00 1D 28 6B 03 00 31 43 06 1D 28 6B 03 00 31 45 31", 0) == 0);
}

TEST_CASE("Latin text stays outside Chinese mode", "[escpos]") {
    Encoder e;
    e.text("Hello 123\n");
    CHECK(e.bytes() == "Hello 123\n");
}

TEST_CASE("alignment, emphasis, sizes, feed and cuts", "[escpos]") {
    CHECK(hex(Encoder().align(Align::left).bytes()) == "1B 61 00");
    CHECK(hex(Encoder().align(Align::center).bytes()) == "1B 61 01");
    CHECK(hex(Encoder().align(Align::right).bytes()) == "1B 61 02");
    CHECK(hex(Encoder().bold(true).bold(false).bytes()) == "1B 45 01 1B 45 00");
    CHECK(hex(Encoder().size(1, 1).bytes()) == "1D 21 00 1C 21 00");
    CHECK(hex(Encoder().size(2, 2).bytes()) == "1D 21 11 1C 21 0C");
    CHECK(hex(Encoder().size(1, 2).bytes()) == "1D 21 01 1C 21 08");
    CHECK(hex(Encoder().size(6, 6).bytes()) == "1D 21 55 1C 21 0C");
    CHECK(hex(Encoder().size(9, 0).bytes()) == "1D 21 70 1C 21 04");   // clamped to 8×1
    CHECK(hex(Encoder().feed_lines(3).bytes()) == "1B 64 03");
    CHECK(hex(Encoder().cut(CutType::partial, 96).bytes()) == "1D 56 42 60");
    CHECK(hex(Encoder().cut(CutType::full, 10).bytes()) == "1D 56 41 0A");
    CHECK(hex(dle_eot(4)) == "10 04 04");
}

TEST_CASE("fullwidth yen in Chinese mode", "[escpos]") {
    Encoder e;
    e.text("¥20\n");   // U+00A5 is not in GBK: it is printed as ￥ (A3 A4)
    CHECK(hex(e.bytes()) == "1C 26 A3 A4 32 30 0A 1C 2E");
    Encoder f;
    f.text("￥20\n");
    CHECK(f.bytes() == e.bytes());
}

TEST_CASE("raster image header and bit order", "[escpos]") {
    Bitmap bm(10, 2);
    bm.set(0, 0);
    bm.set(9, 1);
    Encoder e;
    e.raster(bm);
    CHECK(hex(e.bytes()) == "1D 76 30 00 02 00 02 00 80 00 00 40");
}

TEST_CASE("a name outside GBK prints its line as a GS v 0 raster", "[escpos][raster]") {
    REQUIRE(cjk_font_ready());
    REQUIRE_FALSE(printer_font_covers(U"𠮷"));
    REQUIRE(printer_font_covers(U"张三·李"));
    Encoder e(576);
    e.align(Align::center).text("申请人：𠮷*\n").text("普通一行\n");
    auto cmds = parse_all(e.bytes());
    int rasters = 0, chinese_runs = 0;
    for (const auto& c : cmds) {
        if (c.kind == Command::Kind::raster) {
            ++rasters;
            CHECK(c.width_bytes == 576 / 8);
            CHECK(c.height == 24 + 6);   // one 24-dot character line plus the usual line gap
            CHECK(c.data.find_first_not_of('\0') != std::string::npos);   // something is drawn
        }
        if (c.kind == Command::Kind::text && c.chinese) ++chinese_runs;
    }
    CHECK(rasters == 1);
    CHECK(chinese_runs == 1);   // only the ordinary line went as text
    CHECK(e.error().empty());
}

TEST_CASE("a character neither the printer nor the font has still prints (a box in a raster)", "[escpos][raster]") {
    Encoder e(384);
    e.text("\U000E01EF\n");
    auto cmds = parse_all(e.bytes());
    bool printed = false;
    for (const auto& c : cmds) printed = printed || c.kind == Command::Kind::raster || c.kind == Command::Kind::text;
    CHECK(printed);
}

TEST_CASE("GB18030 round trip: the Chinese-mode text decodes back to the receipt text", "[escpos][gb18030]") {
    auto service = test::sample_service();
    Config cfg;
    auto receipt = build_receipt(test::sample_request(), service, cfg, Locale::zh);
    auto lines = layout_receipt(receipt, profile_80mm());
    std::string bytes = encode_lines(lines, profile_80mm());

    std::string decoded;
    Parser p([&](const Command& c) {
        if (c.kind == Command::Kind::text) {
            if (c.chinese) { auto u = gb18030_to_utf8(c.data); REQUIRE(u); decoded += *u; }
            else decoded += c.data;
        } else if (c.kind == Command::Kind::line_feed) decoded += '\n';
    });
    p.feed(bytes);
    p.finish();

    std::string expected;
    for (const auto& l : lines) {
        if (l.kind == PrintLine::Kind::text) expected += l.text + "\n";
        if (l.kind == PrintLine::Kind::qr) expected += "\n";   // the native QR ends its line
    }
    CHECK(decoded == expected);
    CHECK(decoded.find("青山区青和社区警务室") != std::string::npos);
    CHECK(decoded.find("张*三") != std::string::npos);
    CHECK(decoded.find("4201**********123X") != std::string::npos);
    CHECK(decoded.find("138****8000") != std::string::npos);
    CHECK(decoded.find("张小三") == std::string::npos);            // never the full name
    CHECK(decoded.find("42010619900101123X") == std::string::npos); // never the full ID number
}

TEST_CASE("parser survives garbage and split input", "[escpos][parser]") {
    std::string bytes = Encoder().init().text("你好 ok\n").qr_native("1234", 4).cut(CutType::partial, 50).bytes();
    std::vector<Command> whole = parse_all(bytes), split;
    Parser p([&](const Command& c) { split.push_back(c); });
    for (char c : bytes) p.feed(std::string_view(&c, 1));   // one byte at a time
    p.finish();
    REQUIRE(whole.size() == split.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        CHECK(static_cast<int>(whole[i].kind) == static_cast<int>(split[i].kind));
        CHECK(whole[i].data == split[i].data);
    }
    // Random bytes never crash the parser or the emulator; they are counted as unknown or skipped.
    std::string junk;
    unsigned x = 12345;
    for (int i = 0; i < 4000; ++i) { x = x * 1103515245u + 12345u; junk += static_cast<char>((x >> 16) & 0xFF); }
    Emulator emu(profile_58mm());
    emu.feed(junk);
    (void)emu.finish();
    SUCCEED();
}

TEST_CASE("control characters in data cannot inject printer commands", "[escpos]") {
    // A catalog string or a name carrying ESC/GS bytes (cut, init, cash drawer) must print as text.
    Encoder e;
    e.text("A\x1d" "V\x42\x00" "B\x1b@C\x10\x04\x01" "D\n").text("中\x1d" "V文\x1c.\n");
    auto cmds = parse_all(e.bytes());
    for (const auto& c : cmds) {
        INFO(static_cast<int>(c.kind));
        CHECK((c.kind == Command::Kind::text || c.kind == Command::Kind::line_feed ||
               c.kind == Command::Kind::chinese_on || c.kind == Command::Kind::chinese_off));
    }
    CHECK(e.bytes().find('\x1d') == std::string::npos);
    CHECK(e.bytes().find('\x10') == std::string::npos);
}

TEST_CASE("the packed raster QR is the same picture as the QR bitmap", "[escpos][qr]") {
    const std::string payload = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    for (Align a : {Align::left, Align::center, Align::right}) {
        Encoder e(384);
        e.align(a);
        e.qr_raster(payload, 5);
        auto bm = qr_bitmap(payload, 5, 2);
        REQUIRE(bm);
        Encoder ref(384);
        ref.align(a);
        if (a != Align::left) ref.raw(std::string{0x1B, 'a', 0});
        ref.raster(place_on_paper(*bm, a, 384));
        if (a != Align::left) ref.raw(std::string{0x1B, 'a', static_cast<char>(a)});
        CHECK(e.bytes() == ref.bytes());
    }
}
