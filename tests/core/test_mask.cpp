// Masking for receipts and staff lists: what stays visible, and that nothing leaks on odd input.
#include <catch2/catch.hpp>

#include "app/mask.hpp"

using namespace kiosk;

TEST_CASE("mask_name: Chinese names keep the first and last character") {
    CHECK(mask_name("张三") == "张*");
    CHECK(mask_name("张小三") == "张*三");
    CHECK(mask_name("欧阳娜娜") == "欧**娜");
    CHECK(mask_name(" 张三 ") == "张*");
    CHECK(mask_name("张") == "*");
    CHECK(mask_name("") == "");
    // The dot is masked like a character: showing it would tell where the given name ends.
    CHECK(mask_name("买买提·艾力") == "买****力");
    CHECK(mask_name("买买提・艾力") == "买****力");
    // Rare characters are one code point each (4 bytes) and must never be split.
    CHECK(mask_name("\xF0\xA0\x80\x80\xE6\x98\x8E") == "\xF0\xA0\x80\x80*");          // 𠀀明
    CHECK(mask_name("李\xF0\xAA\x9A\xA5\xF0\xAA\x9A\xA5") == "李*\xF0\xAA\x9A\xA5");  // 李𪚥𪚥
}

TEST_CASE("mask_name: Latin names keep each word's initial") {
    CHECK(mask_name("John Smith") == "J*** S****");
    CHECK(mask_name("Mary-Jane O'Neil") == "M******** O*****");
    CHECK(mask_name("Zoë Saldaña") == "Z** S******");
    CHECK(mask_name("Élodie") == "É*****");
    CHECK(mask_name("Jo") == "J*");
    CHECK(mask_name("A B") == "A *");  // initials only: showing each would show everything
    CHECK(mask_name("A Bo") == "A B*");
}

TEST_CASE("mask_name: invalid UTF-8 never passes through") {
    CHECK(mask_name("\xE5\xBC") == "***");
    CHECK(mask_name("张\xFF三") == "***");
    CHECK(mask_name("\xC0\xAF") == "***");
}

TEST_CASE("mask_id_number") {
    CHECK(mask_id_number("11010519491231002X") == "1101**********002X");
    CHECK(mask_id_number("11010519491231002x") == "1101**********002X");
    CHECK(mask_id_number("110105 19491231 002X") == "1101**********002X");
    CHECK(mask_id_number("810000199001011230") == "8100**********1230");
    CHECK(mask_id_number("110105491231002") == "1101*******1002");  // old 15-digit
    CHECK(mask_id_number("H12345678") == "*******78");               // short: last 2 only
    CHECK(mask_id_number("H1234567890") == "*********90");
    CHECK(mask_id_number("123") == "*23");
    CHECK(mask_id_number("12") == "**");
    CHECK(mask_id_number("1") == "*");
    CHECK(mask_id_number("") == "");
    CHECK(mask_id_number("1101\xFF") == "***");
    const std::string masked = mask_id_number("11010519491231002X");
    CHECK(masked.find("19491231") == std::string::npos);  // the birth date never shows
}

TEST_CASE("mask_phone") {
    CHECK(mask_phone("13800138000") == "138****8000");
    CHECK(mask_phone("138 0013 8000") == "138****8000");
    CHECK(mask_phone("+86 138-0013-8000") == "138****8000");
    CHECK(mask_phone("1380013800") == "********00");  // not a full number: last 2 only
    CHECK(mask_phone("12") == "**");
    CHECK(mask_phone("") == "");
    CHECK(mask_phone("138\xFF") == "***");
    CHECK(mask_phone("13800138000").find("0013") == std::string::npos);
}
