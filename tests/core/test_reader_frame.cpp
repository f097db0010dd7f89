// app/reader/frame: the command vectors of the reference (GA/T 467), every SW3 code, and a byte stream as
// a real serial line delivers it: split anywhere, garbage between frames, a flipped checksum, a length that
// lies (too short, too long, beyond any real answer), a truncated frame.
#include <catch2/catch.hpp>

#include "app/reader/frame.hpp"

#include <initializer_list>

using namespace kiosk::reader;

namespace {

Bytes after_preamble(const Bytes& f) { return Bytes(f.begin() + 5, f.end()); }
Bytes bytes(std::initializer_list<int> v) {
    Bytes b;
    for (int x : v) b.push_back(static_cast<std::uint8_t>(x));
    return b;
}

} // namespace

TEST_CASE("command frames match the reference vectors byte for byte") {
    CHECK(after_preamble(encode_command(kResetSam)) == bytes({0x00, 0x03, 0x10, 0xFF, 0xEC}));
    CHECK(after_preamble(encode_command(kSamStatus)) == bytes({0x00, 0x03, 0x11, 0xFF, 0xED}));
    CHECK(after_preamble(encode_command(kReadSamId)) == bytes({0x00, 0x03, 0x12, 0xFF, 0xEE}));
    CHECK(after_preamble(encode_command(kFindCard)) == bytes({0x00, 0x03, 0x20, 0x01, 0x22}));
    CHECK(after_preamble(encode_command(kSelectCard)) == bytes({0x00, 0x03, 0x20, 0x02, 0x21}));
    CHECK(after_preamble(encode_command(kReadText)) == bytes({0x00, 0x03, 0x30, 0x01, 0x32}));
    CHECK(after_preamble(encode_command(kReadTextFinger)) == bytes({0x00, 0x03, 0x30, 0x10, 0x23}));
    CHECK(after_preamble(encode_command(kReadNewAddress)) == bytes({0x00, 0x03, 0x30, 0x03, 0x30}));
    const Bytes f = encode_command(kFindCard);
    CHECK(Bytes(f.begin(), f.begin() + 5) == bytes({0xAA, 0xAA, 0xAA, 0x96, 0x69}));
}

TEST_CASE("a command frame decodes back to its command") {
    const Bytes f = encode_command(kSelectCard);
    const FrameResult r = decode_frame(f, 2);
    REQUIRE(r.status == FrameStatus::frame);
    CHECK(r.consumed == f.size());
    CHECK(r.garbage == 0);
    const CommandFrame c = parse_command(r.body);
    CHECK(c.command.cmd == 0x20);
    CHECK(c.command.para == 0x02);
    CHECK(c.data.empty());
}

TEST_CASE("the read-text answer is 1295 bytes with LEN 0x0508 and the text at byte 14") {
    Bytes text(kTextSize), photo(kPhotoSize);
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<std::uint8_t>(i);
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>(255 - i % 256);
    const Bytes f = encode_response(0x90, build_text_response_data(text, photo));
    REQUIRE(f.size() == 1295);
    REQUIRE(kTextResponseFrameSize == 1295);
    CHECK(f[5] == 0x05);
    CHECK(f[6] == 0x08);
    CHECK(f[9] == 0x90);
    CHECK(f[10] == 0x01);   // text length 0x0100
    CHECK(f[11] == 0x00);
    CHECK(f[12] == 0x04);   // photo length 0x0400
    CHECK(f[13] == 0x00);
    CHECK(Bytes(f.begin() + 14, f.begin() + 14 + 256) == text);
    const FrameResult r = decode_frame(f, 3);
    REQUIRE(r.status == FrameStatus::frame);
    const Response resp = parse_response(r.body);
    CHECK(resp.sw3 == 0x90);
    TextAndPhoto tp;
    REQUIRE(split_text_response(resp.data, tp));
    CHECK(Bytes(tp.text.begin(), tp.text.end()) == text);
    CHECK(Bytes(tp.photo.begin(), tp.photo.end()) == photo);
}

TEST_CASE("block lengths that disagree with the answer are refused") {
    const Bytes text(kTextSize, 0x20), photo(kPhotoSize, 0);
    Bytes d = build_text_response_data(text, photo);
    TextAndPhoto tp;
    SECTION("text length 255") { d[1] = 0xFF; CHECK_FALSE(split_text_response(d, tp)); }
    SECTION("photo length larger than what came") { d[2] = 0x05; CHECK_FALSE(split_text_response(d, tp)); }
    SECTION("answer one byte short") { d.pop_back(); CHECK_FALSE(split_text_response(d, tp)); }
    SECTION("no length fields at all") { CHECK_FALSE(split_text_response(ByteView(d).first(3), tp)); }
}

TEST_CASE("a stream split at every byte yields the frame once it is complete") {
    const Bytes f = encode_response(0x9F, bytes({0, 0, 0, 0}));
    for (std::size_t cut = 0; cut < f.size(); ++cut) {
        const FrameResult r = decode_frame(ByteView(f).first(cut), 3);
        INFO("cut at " << cut);
        CHECK(r.status == FrameStatus::need_more);
        CHECK(r.consumed == 0);   // a partial preamble or frame is kept for the next read
    }
    CHECK(decode_frame(f, 3).status == FrameStatus::frame);
}

TEST_CASE("garbage before and between frames is skipped") {
    Bytes stream = bytes({0x00, 0xAA, 0x13, 0xAA, 0xAA, 0x96});   // noise incl. a false start of a preamble
    const Bytes a = encode_response(0x80), b = encode_response(0x9F);
    stream.insert(stream.end(), a.begin(), a.end());
    stream.insert(stream.end(), {0xFF, 0xAA, 0xAA});
    stream.insert(stream.end(), b.begin(), b.end());
    FrameResult r = decode_frame(stream, 3);
    REQUIRE(r.status == FrameStatus::frame);
    CHECK(r.garbage == 6);
    CHECK(parse_response(r.body).sw3 == 0x80);
    stream.erase(stream.begin(), stream.begin() + static_cast<long>(r.consumed));
    r = decode_frame(stream, 3);
    REQUIRE(r.status == FrameStatus::frame);
    CHECK(r.garbage == 3);
    CHECK(parse_response(r.body).sw3 == 0x9F);
}

TEST_CASE("only garbage: it is consumed except a possible preamble start") {
    const Bytes g = bytes({0x01, 0x02, 0x03, 0xAA, 0xAA});
    const FrameResult r = decode_frame(g, 3);
    CHECK(r.status == FrameStatus::need_more);
    CHECK(r.consumed == 3);
}

TEST_CASE("a wrong checksum is reported and the frame skipped") {
    Bytes f = encode_response(0x90, bytes({1, 2, 3}));
    f.back() ^= 0x01;
    Bytes stream = f;
    const Bytes good = encode_response(0x80);
    stream.insert(stream.end(), good.begin(), good.end());
    FrameResult r = decode_frame(stream, 3);
    CHECK(r.status == FrameStatus::bad_checksum);
    CHECK(r.consumed == f.size());
    r = decode_frame(ByteView(stream).subspan(f.size()), 3);
    CHECK(r.status == FrameStatus::frame);
    SECTION("a flipped body byte also fails the checksum") {
        Bytes g = encode_response(0x90, bytes({1, 2, 3}));
        g[10] ^= 0x40;
        CHECK(decode_frame(g, 3).status == FrameStatus::bad_checksum);
    }
}

TEST_CASE("a length that lies") {
    SECTION("below the minimum: refused at once and the preamble skipped to resync") {
        Bytes f = bytes({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x02, 0x00, 0x02});
        const FrameResult r = decode_frame(f, 3);
        CHECK(r.status == FrameStatus::bad_length);
        CHECK(r.consumed == 5);
    }
    SECTION("above any real answer: refused without waiting for bytes that never come") {
        Bytes f = bytes({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00, 0x00, 0x90});
        CHECK(decode_frame(f, 3).status == FrameStatus::bad_length);
    }
    SECTION("shorter than the frame: the checksum does not match") {
        Bytes f = encode_response(0x90, bytes({1, 2, 3, 4, 5, 6}));
        f[6] = static_cast<std::uint8_t>(f[6] - 3);
        CHECK(decode_frame(f, 3).status == FrameStatus::bad_checksum);
    }
    SECTION("longer than the frame: incomplete (the driver's deadline turns it into an error)") {
        Bytes f = encode_response(0x90, bytes({1, 2, 3}));
        f[6] = static_cast<std::uint8_t>(f[6] + 10);
        const FrameResult r = decode_frame(f, 3);
        CHECK(r.status == FrameStatus::need_more);
        CHECK(r.consumed == 0);
    }
}

TEST_CASE("a truncated 1295-byte answer is never a frame") {
    const Bytes f = encode_response(0x90, build_text_response_data(Bytes(kTextSize, 0x20), Bytes(kPhotoSize, 7)));
    for (std::size_t n : {8u, 14u, 270u, 647u, 1294u})
        CHECK(decode_frame(ByteView(f).first(n), 3).status == FrameStatus::need_more);
}

TEST_CASE("every SW3 code of GA/T 467 maps to its class, unknown codes to unknown") {
    struct Case { int code; Sw3Class cls; };
    const Case cases[] = {
        {0x90, Sw3Class::ok}, {0x9F, Sw3Class::card_found}, {0x10, Sw3Class::frame_error}, {0x11, Sw3Class::frame_error},
        {0x21, Sw3Class::command_error}, {0x23, Sw3Class::command_error}, {0x24, Sw3Class::command_error},
        {0x31, Sw3Class::auth_failed}, {0x32, Sw3Class::auth_failed}, {0x33, Sw3Class::auth_failed},
        {0x40, Sw3Class::card_error}, {0x41, Sw3Class::card_error}, {0x47, Sw3Class::card_error},
        {0x60, Sw3Class::sam_fault}, {0x66, Sw3Class::sam_fault}, {0x80, Sw3Class::no_card},
        {0x81, Sw3Class::select_failed}, {0x91, Sw3Class::no_content}, {0xFF, Sw3Class::comm_error}};
    for (const Case& c : cases) {
        INFO("SW3 " << std::hex << c.code);
        const Sw3Info i = sw3_info(static_cast<std::uint8_t>(c.code));
        CHECK(i.cls == c.cls);
        CHECK(std::string(i.text).find("SW3") != std::string::npos);
    }
    int unknown = 0;
    for (int code = 0; code < 256; ++code) {
        bool listed = false;
        for (const Case& c : cases) listed = listed || c.code == code;
        if (!listed) {
            CHECK(sw3_info(static_cast<std::uint8_t>(code)).cls == Sw3Class::unknown);
            ++unknown;
        }
    }
    CHECK(unknown == 256 - 19);
}

TEST_CASE("the SW1/SW2 bytes and data survive a round trip") {
    const Bytes f = encode_response(0x90, bytes({9, 8, 7}), 0x01, 0x02);
    const FrameResult r = decode_frame(f, 3);
    REQUIRE(r.status == FrameStatus::frame);
    const Response resp = parse_response(r.body);
    CHECK(resp.sw1 == 0x01);
    CHECK(resp.sw2 == 0x02);
    CHECK(Bytes(resp.data.begin(), resp.data.end()) == bytes({9, 8, 7}));
}
