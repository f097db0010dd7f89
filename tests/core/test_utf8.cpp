// app/utf8: the one decoder and encoder. Every ill-formed class (overlong, surrogate, truncated, above
// U+10FFFF, stray continuation, 0xF8..0xFF) under each policy: reject fails, replace yields one U+FFFD per
// bad byte, skip drops the bad bytes; and the characters around a bad byte always survive.
#include <catch2/catch.hpp>

#include "app/utf8.hpp"

#include <vector>

using namespace kiosk;
using utf8::OnBad;

namespace {

constexpr char32_t R = utf8::replacement_char;

struct Bad {
    const char* what;
    std::string bytes;
};

// Each wrapped as "a" + bytes + "b", so that resynchronising after the bad bytes is tested too.
const std::vector<Bad>& bad_forms() {
    static const std::vector<Bad> forms = {
        {"overlong NUL", "\xC0\x80"},
        {"overlong '/' in 2 bytes", "\xC0\xAF"},
        {"overlong '/' in 3 bytes", "\xE0\x80\xAF"},
        {"overlong '/' in 4 bytes", "\xF0\x80\x80\xAF"},
        {"overlong U+07FF in 3 bytes", "\xE0\x9F\xBF"},
        {"surrogate U+D800", "\xED\xA0\x80"},
        {"surrogate U+DFFF", "\xED\xBF\xBF"},
        {"U+110000", "\xF4\x90\x80\x80"},
        {"lead 0xF5 (above U+10FFFF)", "\xF5\x80\x80\x80"},
        {"truncated 3-byte", "\xE5\xBC"},
        {"truncated 4-byte", "\xF0\xA0\x80"},
        {"stray continuation", "\x80"},
        {"5-byte form", "\xF8\x88\x80\x80\x80"},
        {"0xFF", "\xFF"},
    };
    return forms;
}

std::u32string lossy(std::string_view s, OnBad p) { return utf8::decode_lossy(s, p); }

} // namespace

TEST_CASE("utf8: well-formed text decodes the same under every policy, and round-trips") {
    const std::string text = "a\xC2\xB7\xE5\xBC\xA0\xF0\xA0\x80\x80\xF4\x8F\xBF\xBF";   // a · 张 U+20000 U+10FFFF
    const std::u32string cps = U"a\u00B7\u5F20\U00020000\U0010FFFF";
    for (OnBad p : {OnBad::reject, OnBad::replace, OnBad::skip}) {
        auto d = utf8::decode(text, p);
        REQUIRE(d);
        CHECK(*d == cps);
    }
    CHECK(utf8::encode(cps) == text);
    CHECK(lossy("", OnBad::replace).empty());
    CHECK(utf8::decode(std::string_view("a\0b", 3), OnBad::reject)->size() == 3);   // NUL is a character
    // A real U+FFFD in the text is a valid character, not a bad byte.
    CHECK(utf8::next("\xEF\xBF\xBD").valid);
}

TEST_CASE("utf8: reject fails on every ill-formed form, naming the byte") {
    for (const Bad& b : bad_forms()) {
        INFO(b.what);
        auto d = utf8::decode("a" + b.bytes + "b", OnBad::reject);
        REQUIRE_FALSE(d);
        CHECK(d.error().code == "utf8.invalid");
        CHECK(d.error().message == "invalid UTF-8 at byte 1");
    }
}

TEST_CASE("utf8: replace yields one U+FFFD per bad byte and keeps the characters around it") {
    for (const Bad& b : bad_forms()) {
        INFO(b.what);
        CHECK(lossy("a" + b.bytes + "b", OnBad::replace) == U"a" + std::u32string(b.bytes.size(), R) + U"b");
    }
    // A truncated sequence before a character does not swallow it.
    CHECK(lossy("\xE5\xBC\xE5\xBC\xA0", OnBad::replace) == std::u32string{R, R, U'\u5F20'});
    CHECK(lossy("\xE5" "a", OnBad::replace) == std::u32string{R, U'a'});
}

TEST_CASE("utf8: skip drops exactly the bad bytes") {
    for (const Bad& b : bad_forms()) {
        INFO(b.what);
        CHECK(lossy("a" + b.bytes + "b", OnBad::skip) == U"ab");
    }
    CHECK(lossy("\xE5\xBC\xE5\xBC\xA0", OnBad::skip) == U"\u5F20");
}

TEST_CASE("utf8: for_each hands each unit's bytes, a bad byte as a unit of its own") {
    std::vector<std::string> units;
    CHECK(utf8::for_each("\xE5\xBC\xA0\xFF" "a", OnBad::replace,
                         [&](char32_t, std::string_view bytes) { units.emplace_back(bytes); }));
    CHECK(units == std::vector<std::string>{"\xE5\xBC\xA0", "\xFF", "a"});
    // reject stops at the bad byte, after the characters before it.
    std::u32string seen;
    CHECK_FALSE(utf8::for_each("ab\xC0\x80" "c", OnBad::reject, [&](char32_t cp) { seen += cp; }));
    CHECK(seen == U"ab");
}

TEST_CASE("utf8: next() reports one character or one bad byte") {
    auto u = utf8::next("\xF0\xA0\x80\x80xyz");
    CHECK(u.valid);
    CHECK(u.cp == 0x20000);
    CHECK(u.bytes.size() == 4);
    auto bad = utf8::next("\xED\xA0\x80");
    CHECK_FALSE(bad.valid);
    CHECK(bad.cp == R);
    CHECK(bad.bytes.size() == 1);
}

TEST_CASE("utf8: the encoder writes the shortest form and never an ill-formed one") {
    std::string s;
    utf8::append(s, 0x7F);
    utf8::append(s, 0x80);
    utf8::append(s, 0x7FF);
    utf8::append(s, 0x800);
    utf8::append(s, 0xFFFF);
    utf8::append(s, 0x10000);
    CHECK(s == "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80");
    // Not characters: written as U+FFFD, so the output always decodes strictly.
    CHECK(utf8::encode(std::u32string{char32_t{0xD800}}) == "\xEF\xBF\xBD");
    CHECK(utf8::encode(std::u32string{char32_t{0x110000}}) == "\xEF\xBF\xBD");
    CHECK(utf8::encode(std::u32string{char32_t{0xFFFFFFFF}}) == "\xEF\xBF\xBD");
    CHECK(utf8::decode(utf8::encode(std::u32string{0xDFFF, 0x110000, U'a'}), OnBad::reject));
}
