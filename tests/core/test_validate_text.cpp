// Names (Chinese incl. Ext. B+ and the middle dot, Latin incl. accents), addresses, and strict UTF-8.
#include <catch2/catch.hpp>

#include "app/validators.hpp"
#include "validation_codes.hpp"

using namespace kiosk;
using kiosk_test::code_of;

namespace {

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

} // namespace

// [SECTION] Names

TEST_CASE("Chinese names, rare characters and the middle dot") {
    for (const char* ok : {"张三", "欧阳娜娜", "王〇", "\xF0\xA0\x80\x80" "明",  // 𠀀 U+20000 (Ext. B)
                           "李\xF0\xAA\x9A\xA5",                                    // 𪚥 U+2A6A5
                           "陈\xF0\xB0\x80\x80",                                    // U+30000 (Ext. G)
                           "买买提·艾力", "买买提・艾力", "买买提•艾力", "买买提．艾力",  // U+00B7, 30FB, 2022, FF0E
                           "阿卜杜热西提·买买提明·吐尔逊", "  张三  ", "朱\xEF\xA9\xB8"}) {  // 朱 + U+FA78 compat
        INFO(ok);
        CHECK(code_of(validate_name(ok)) == "ok");
    }
    CHECK(normalize_name(" 买买提・艾力 ") == "买买提·艾力");
    CHECK(normalize_name("买买提．艾力") == "买买提·艾力");
    CHECK(normalize_name("张三") == "张三");
    CHECK(code_of(validate_name("")) == "name.empty");
    CHECK(code_of(validate_name("\xE3\x80\x80 ")) == "name.empty");
    CHECK(code_of(validate_name("张")) == "name.too_short");
    CHECK(code_of(validate_name(repeat("张", 30))) == "ok");
    CHECK(code_of(validate_name(repeat("张", 31))) == "name.too_long");
    CHECK(code_of(validate_name("·艾力")) == "name.dot");
    CHECK(code_of(validate_name("买买提·")) == "name.dot");
    CHECK(code_of(validate_name("买买提··艾力")) == "name.dot");
    CHECK(code_of(validate_name("买买提·•艾力")) == "name.dot");
    CHECK(code_of(validate_name("·")) == "name.dot");
    CHECK(code_of(validate_name("张 三")) == "name.space");
    CHECK(code_of(validate_name("张三3")) == "name.chars");
    CHECK(code_of(validate_name("张-三")) == "name.chars");
    CHECK(code_of(validate_name("张三！")) == "name.chars");
    CHECK(code_of(validate_name("12")) == "name.chars");
    CHECK(code_of(validate_name("張三\xF0\x9F\x98\x80")) == "name.chars");  // emoji
    CHECK(code_of(validate_name("张\t三")) == "name.space");
    CHECK(code_of(validate_name("张\n三")) == "name.chars");
}

TEST_CASE("Latin names") {
    for (const char* ok : {"John Smith", "Jo", "Mary-Jane O'Neil", "Zoë Saldaña", "Nguyễn Văn An", "D’Arcy Lee",
                           "Jose\xCC\x81 Garci\xCC\x81" "a", "Ngo"}) {  // decomposed accents (U+0301)
        INFO(ok);
        CHECK(code_of(validate_name(ok)) == "ok");
    }
    CHECK(code_of(validate_name("J")) == "name.too_short");
    CHECK(code_of(validate_name(std::string(61, 'a'))) == "name.too_long");
    CHECK(code_of(validate_name(std::string(60, 'a'))) == "ok");
    CHECK(code_of(validate_name("John  Smith")) == "name.separator");
    CHECK(code_of(validate_name("-John")) == "name.separator");
    CHECK(code_of(validate_name("John-")) == "name.separator");
    CHECK(code_of(validate_name("O'-Neil")) == "name.separator");
    CHECK(code_of(validate_name("John Smith 3rd")) == "name.chars");
    CHECK(code_of(validate_name("J. Smith")) == "name.chars");
    CHECK(code_of(validate_name("Maimaiti·Aili")) == "name.chars");
    CHECK(code_of(validate_name("\xCC\x81John")) == "name.chars");  // mark with nothing to sit on
    CHECK(code_of(validate_name("Иван Петров")) == "name.chars");   // Cyrillic is not accepted
}

TEST_CASE("names: mixed scripts and invalid UTF-8 are rejected") {
    CHECK(code_of(validate_name("张John")) == "name.mixed");
    CHECK(code_of(validate_name("John 张")) == "name.mixed");
    CHECK(code_of(validate_name("Zhang三")) == "name.mixed");
    CHECK(code_of(validate_name("\xE5\xBC")) == "text.utf8");             // truncated 张
    CHECK(code_of(validate_name("\xC0\xAF\xC0\xAF")) == "text.utf8");     // overlong '/'
    CHECK(code_of(validate_name("\xED\xA0\x80\xE5\xBC\xA0")) == "text.utf8");  // surrogate D800
    CHECK(code_of(validate_name("\xF4\x90\x80\x80\xE5\xBC\xA0")) == "text.utf8");  // > U+10FFFF
    CHECK(code_of(validate_name("\x80\xE5\xBC\xA0")) == "text.utf8");     // stray continuation
}

// [SECTION] Address

TEST_CASE("addresses") {
    CHECK(code_of(validate_address("青山区青和路12号3栋")) == "ok");
    CHECK(code_of(validate_address("12 Main Street")) == "ok");
    CHECK(code_of(validate_address("青山区5号")) == "ok");  // exactly 5
    CHECK(code_of(validate_address("")) == "address.empty");
    CHECK(code_of(validate_address("青山区5")) == "address.too_short");
    CHECK(code_of(validate_address(repeat("路", 121))) == "address.too_long");
    CHECK(code_of(validate_address(repeat("路", 120))) == "ok");
    CHECK(code_of(validate_address("12345-678")) == "address.no_text");
    CHECK(code_of(validate_address("青山区\n青和路12号")) == "text.control");
    CHECK(code_of(validate_address("青山区\xE2\x80\xAE青和路12号")) == "text.control");  // bidi override
    CHECK(code_of(validate_address("青山区\xFF青和路12号")) == "text.utf8");
}
// [SECTION] UTF-8

TEST_CASE("utf8_length counts code points of valid UTF-8 only") {
    CHECK(utf8_length("") == std::size_t{0});
    CHECK(utf8_length("abc") == std::size_t{3});
    CHECK(utf8_length("张三") == std::size_t{2});
    CHECK(utf8_length("\xF0\xA0\x80\x80\xF0\xAA\x9A\xA5") == std::size_t{2});  // two Ext. B characters
    CHECK(utf8_length("\xF4\x8F\xBF\xBF") == std::size_t{1});  // U+10FFFF, the last code point
    CHECK_FALSE(utf8_length("\xF4\x90\x80\x80"));  // U+110000
    CHECK_FALSE(utf8_length("\xC0\x80"));          // overlong NUL
    CHECK_FALSE(utf8_length("\xE0\x80\xAF"));      // overlong '/'
    CHECK_FALSE(utf8_length("\xF0\x80\x80\xAF"));  // overlong '/'
    CHECK_FALSE(utf8_length("\xED\xBF\xBF"));      // surrogate DFFF
    CHECK_FALSE(utf8_length("\xE5\xBC"));          // truncated
    CHECK_FALSE(utf8_length("\xE5\x41\xA0"));      // bad continuation
    CHECK_FALSE(utf8_length("\xBF"));
    CHECK_FALSE(utf8_length("\xF8\x88\x80\x80\x80"));  // 5-byte form
    CHECK(utf8_length(std::string_view("a\0b", 3)) == std::size_t{3});
}
