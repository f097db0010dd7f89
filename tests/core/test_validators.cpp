// Validators: every document type with valid and invalid numbers, names in every script we accept, dates,
// addresses, each field type through validate_field, and the message table behind all error codes.
// Valid ID numbers below were computed independently (Python, ISO 7064 MOD 11-2) — not with this code.
#include <catch2/catch.hpp>

#include "app/validate_detail.hpp"
#include "app/validators.hpp"

#include <fstream>
#include <set>
#include <sstream>

using namespace kiosk;

namespace {

const Date kToday{2026, 11, 28};

std::string code_of(const Validation& v) { return v ? v->code : "ok"; }

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

FieldSpec spec_of(FieldType type, bool required = true) {
    FieldSpec s;
    s.id = "f";
    s.type = type;
    s.required = required;
    return s;
}

} // namespace

// [SECTION] Dates

TEST_CASE("is_real_date follows the Gregorian calendar") {
    CHECK(is_real_date(2000, 2, 29));   // divisible by 400
    CHECK(is_real_date(2024, 2, 29));
    CHECK_FALSE(is_real_date(1900, 2, 29));  // divisible by 100, not 400
    CHECK_FALSE(is_real_date(2023, 2, 29));
    CHECK(is_real_date(2023, 12, 31));
    CHECK_FALSE(is_real_date(2023, 4, 31));
    CHECK_FALSE(is_real_date(2023, 13, 1));
    CHECK_FALSE(is_real_date(2023, 0, 1));
    CHECK_FALSE(is_real_date(2023, 1, 0));
    CHECK_FALSE(is_real_date(0, 1, 1));
    CHECK_FALSE(is_real_date(10000, 1, 1));
}

TEST_CASE("parse_date is strict and round-trips through format_date") {
    auto d = parse_date("2024-02-29");
    REQUIRE(d);
    CHECK(*d == Date{2024, 2, 29});
    CHECK(format_date(*d) == "2024-02-29");
    CHECK(format_date(Date{987, 3, 4}) == "0987-03-04");
    for (const char* bad : {"2023-02-29", "2024-2-29", "2024/02/29", "20240229", "2024-02-29 ", " 2024-02-29",
                            "2024-02-3a", "", "２０２４-02-29", "2024-00-10", "2024-06-31", "+024-02-01"})
        CHECK_FALSE(parse_date(bad));
}

TEST_CASE("validate_date: ranges relative to today") {
    CHECK(code_of(validate_date("2026-11-28", DateRange::past, kToday)) == "ok");     // today counts as past
    CHECK(code_of(validate_date("1950-01-01", DateRange::past, kToday)) == "ok");
    CHECK(code_of(validate_date("2026-11-29", DateRange::past, kToday)) == "date.not_past");
    CHECK(code_of(validate_date("2026-11-29", DateRange::future, kToday)) == "ok");   // bookings: tomorrow on
    CHECK(code_of(validate_date("2026-11-28", DateRange::future, kToday)) == "date.not_future");
    CHECK(code_of(validate_date("2020-01-01", DateRange::future, kToday)) == "date.not_future");
    CHECK(code_of(validate_date("2030-01-01", DateRange::any, kToday)) == "ok");
    CHECK(code_of(validate_date("1999-01-01", DateRange::any, kToday)) == "ok");
    CHECK(code_of(validate_date("", DateRange::any, kToday)) == "date.empty");
    CHECK(code_of(validate_date("   ", DateRange::any, kToday)) == "date.empty");
    CHECK(code_of(validate_date("28/11/2026", DateRange::any, kToday)) == "date.format");
    CHECK(code_of(validate_date("2026-02-30", DateRange::any, kToday)) == "date.invalid");
    CHECK(code_of(validate_date("1899-12-31", DateRange::any, kToday)) == "date.invalid");
}

// [SECTION] Resident ID card

TEST_CASE("resident_id_check_char computes ISO 7064 MOD 11-2") {
    CHECK(resident_id_check_char("11010519491231002") == 'X');
    CHECK(resident_id_check_char("31011520000229004") == '8');
    CHECK(resident_id_check_char("81000019900101123") == '0');
    CHECK(resident_id_check_char("11010519491231001") == '1');
    CHECK(resident_id_check_char("1101051949123100") == '\0');    // 16 digits
    CHECK(resident_id_check_char("110105194912310021") == '\0');  // 18
    CHECK(resident_id_check_char("1101051949123100X") == '\0');
}

TEST_CASE("valid resident ID numbers are accepted") {
    for (const char* id : {"11010519491231002X", "44030419900307123X", "310115200002290048", "650102198506153019",
                           "510107190012318885", "110105190002280011", "540102202611280021",  // born today
                           "110105194912310011", "150101202010101009", "500103198808080883", "610104197001010013",
                           "460004202402290351", "210203199304156718", "441900199812252346"}) {
        INFO(id);
        CHECK(code_of(validate_resident_id(id, kToday)) == "ok");
    }
}

TEST_CASE("resident ID: tolerated typing — lowercase x, spaces in groups, surrounding blanks") {
    CHECK(code_of(validate_resident_id("11010519491231002x", kToday)) == "ok");
    CHECK(code_of(validate_resident_id("110105 19491231 002X", kToday)) == "ok");
    CHECK(code_of(validate_resident_id("  1101 0519 4912 3100 2x  ", kToday)) == "ok");
    CHECK(code_of(validate_resident_id("110105\xE3\x80\x80" "19491231002X", kToday)) == "ok");  // U+3000
    CHECK(normalize_id_number(" 110105 19491231 002x ") == "11010519491231002X");
    // Broken UTF-8 keeps its bytes: dropping the tab would join E3 .. 80 80 into U+3000 (found by the fuzzer).
    const std::string broken = "6\x03\xE3\t\x80\x80";
    CHECK(normalize_id_number(broken) == broken);
    CHECK(normalize_id_number(normalize_id_number(broken)) == normalize_id_number(broken));
}

TEST_CASE("resident ID: each error has its own code") {
    CHECK(code_of(validate_resident_id("", kToday)) == "id.empty");
    CHECK(code_of(validate_resident_id("   ", kToday)) == "id.empty");
    CHECK(code_of(validate_resident_id("110105-19491231-002X", kToday)) == "id.chars");
    CHECK(code_of(validate_resident_id("1101051949123100X2", kToday)) == "id.chars");   // X not last
    CHECK(code_of(validate_resident_id("11010519491231002Y", kToday)) == "id.chars");
    CHECK(code_of(validate_resident_id("１１０１０５１９４９１２３１００２Ｘ", kToday)) == "id.chars");  // full-width
    CHECK(code_of(validate_resident_id("\xFF\xFE", kToday)) == "id.chars");
    CHECK(code_of(validate_resident_id("110105491231002", kToday)) == "id.old15");
    CHECK(code_of(validate_resident_id("110105 491231 002", kToday)) == "id.old15");
    CHECK(code_of(validate_resident_id("11010519491231002", kToday)) == "id.length");
    CHECK(code_of(validate_resident_id("11010519491231002X1", kToday)) == "id.chars");
    CHECK(code_of(validate_resident_id("110105194912310021", kToday)) == "id.checksum");
    CHECK(code_of(validate_resident_id("1101051949123100211", kToday)) == "id.length");
    CHECK(code_of(validate_resident_id("710000199001011237", kToday)) == "id.region");
    CHECK(code_of(validate_resident_id("000000199001011237", kToday)) == "id.region");
    CHECK(code_of(validate_resident_id("160000199001011237", kToday)) == "id.region");
    CHECK(code_of(validate_resident_id("810000199001011230", kToday)) == "id.use_permit");
    CHECK(code_of(validate_resident_id("830000197511207895", kToday)) == "id.use_permit");
    CHECK(code_of(validate_resident_id("110105190002290017", kToday)) == "id.birthdate");  // 1900-02-29
    CHECK(code_of(validate_resident_id("110105200013010013", kToday)) == "id.birthdate");  // month 13
    CHECK(code_of(validate_resident_id("110105198911310018", kToday)) == "id.birthdate");  // 31 Nov
    CHECK(code_of(validate_resident_id("110105189912310015", kToday)) == "id.birthdate");  // before 1900
    CHECK(code_of(validate_resident_id("540102202611290027", kToday)) == "id.future");     // tomorrow
    CHECK(code_of(validate_resident_id("11010519491231003X", kToday)) == "id.checksum");
    CHECK(code_of(validate_resident_id("110105194912310039", kToday)) == "id.checksum");
    CHECK(code_of(validate_resident_id("110105194912310038", kToday)) == "ok");  // same digits, right check
}

TEST_CASE("resident ID: the length message says how many characters were typed") {
    auto e = validate_resident_id("1101051949123100", kToday);
    REQUIRE(e);
    CHECK(e->code == "id.length");
    CHECK(e->message.zh.find("16") != std::string::npos);
    CHECK(e->message.en.find("16") != std::string::npos);
    CHECK(e->message.zh.find('{') == std::string::npos);
}

TEST_CASE("resident ID: a single changed digit is always caught") {
    const std::string good = "11010519491231002X";
    for (std::size_t pos = 14; pos < 17; ++pos) {  // sequence digits: only the check character can notice
        for (char d = '0'; d <= '9'; ++d) {
            if (d == good[pos]) continue;
            std::string bad = good;
            bad[pos] = d;
            INFO(bad);
            CHECK(code_of(validate_resident_id(bad, kToday)) == "id.checksum");
        }
    }
}

// [SECTION] Residence permit for HK/Macao/Taiwan residents

TEST_CASE("HMT residence permit") {
    for (const char* ok : {"810000199001011230", "820000200102104564", "830000197511207895", "820000200102104564 "})
        CHECK(code_of(validate_hmt_residence_permit(ok, kToday)) == "ok");
    CHECK(code_of(validate_hmt_residence_permit("", kToday)) == "permit.empty");
    CHECK(code_of(validate_hmt_residence_permit("81000019900101123A", kToday)) == "permit.chars");
    CHECK(code_of(validate_hmt_residence_permit("81000019900101123", kToday)) == "permit.length");
    CHECK(code_of(validate_hmt_residence_permit("11010519491231002X", kToday)) == "permit.prefix");
    CHECK(code_of(validate_hmt_residence_permit("810100199001011230", kToday)) == "permit.prefix");
    CHECK(code_of(validate_hmt_residence_permit("840000199001011230", kToday)) == "permit.prefix");
    CHECK(code_of(validate_hmt_residence_permit("820000189912310015", kToday)) == "permit.birthdate");
    CHECK(code_of(validate_hmt_residence_permit("810000202611290016", kToday)) == "permit.future");
    CHECK(code_of(validate_hmt_residence_permit("810000199001011231", kToday)) == "permit.checksum");
}

// [SECTION] Mainland Travel Permit for HK/Macao residents

TEST_CASE("HK/MO travel permit") {
    for (const char* ok : {"H12345678", "M12345678", "H1234567890", "m1234567890", "h 1234 5678", " M0000000001 "})
        CHECK(code_of(validate_hkmo_travel_permit(ok)) == "ok");
    CHECK(code_of(validate_hkmo_travel_permit("")) == "hkmo.empty");
    CHECK(code_of(validate_hkmo_travel_permit("H1234-5678")) == "hkmo.chars");
    CHECK(code_of(validate_hkmo_travel_permit("H1234567A")) == "hkmo.chars");
    CHECK(code_of(validate_hkmo_travel_permit("HK12345678")) == "hkmo.chars");
    CHECK(code_of(validate_hkmo_travel_permit("C12345678")) == "hkmo.prefix");  // mainland resident's permit
    CHECK(code_of(validate_hkmo_travel_permit("12345678")) == "hkmo.prefix");
    CHECK(code_of(validate_hkmo_travel_permit("H1234567")) == "hkmo.length");
    CHECK(code_of(validate_hkmo_travel_permit("H123456789")) == "hkmo.length");
    CHECK(code_of(validate_hkmo_travel_permit("H123456789012")) == "hkmo.length");
    CHECK(code_of(validate_hkmo_travel_permit("H")) == "hkmo.length");
}

TEST_CASE("id types: names, parsing, dispatch") {
    IdType t = IdType::resident_id;
    for (IdType want : {IdType::resident_id, IdType::hmt_residence_permit, IdType::hkmo_travel_permit}) {
        REQUIRE(parse_id_type(id_type_name(want), t));
        CHECK(t == want);
    }
    CHECK(std::string(id_type_name(IdType::hkmo_travel_permit)) == "hkmo_travel_permit");
    t = IdType::hkmo_travel_permit;
    CHECK_FALSE(parse_id_type("passport", t));
    CHECK_FALSE(parse_id_type("", t));
    CHECK_FALSE(parse_id_type("Resident_ID", t));
    CHECK(t == IdType::hkmo_travel_permit);  // untouched on failure
    CHECK(code_of(validate_id_document(IdType::resident_id, "11010519491231002X", kToday)) == "ok");
    CHECK(code_of(validate_id_document(IdType::hmt_residence_permit, "11010519491231002X", kToday)) == "permit.prefix");
    CHECK(code_of(validate_id_document(IdType::hkmo_travel_permit, "H12345678", kToday)) == "ok");
    CHECK(code_of(validate_id_document(IdType::resident_id, "H12345678", kToday)) == "id.chars");
}

// [SECTION] Phone

TEST_CASE("mobile phone numbers") {
    for (const char* ok : {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
                           "8613800138000", "0086 13800138000", "19912345678", "16600001111"}) {
        INFO(ok);
        CHECK(code_of(validate_phone(ok)) == "ok");
    }
    CHECK(normalize_phone("+86 138-0013-8000") == "13800138000");
    CHECK(code_of(validate_phone("")) == "phone.empty");
    CHECK(code_of(validate_phone(" - ")) == "phone.empty");
    CHECK(code_of(validate_phone("1380013800a")) == "phone.chars");
    CHECK(code_of(validate_phone("(138)00138000")) == "phone.chars");
    CHECK(code_of(validate_phone("１３８００１３８０００")) == "phone.chars");
    CHECK(code_of(validate_phone("1380013800")) == "phone.length");
    CHECK(code_of(validate_phone("138001380001")) == "phone.length");
    CHECK(code_of(validate_phone("86138001380")) == "phone.prefix");  // 11 digits: "86" is not stripped
    CHECK(code_of(validate_phone("12800138000")) == "phone.prefix");
    CHECK(code_of(validate_phone("02788886666")) == "phone.prefix");  // landline
    auto e = validate_phone("1380013800");
    REQUIRE(e);
    CHECK(e->message.zh.find("10") != std::string::npos);
}

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

// [SECTION] validate_field

TEST_CASE("validate_field: required and optional") {
    for (FieldType t : {FieldType::text, FieldType::long_text, FieldType::name, FieldType::id_number, FieldType::phone,
                        FieldType::date, FieldType::address, FieldType::choice, FieldType::yes_no, FieldType::number}) {
        CHECK(code_of(validate_field(spec_of(t, true), "", kToday)) == "field.required");
        CHECK(code_of(validate_field(spec_of(t, true), "  ", kToday)) == "field.required");
        CHECK(code_of(validate_field(spec_of(t, false), "", kToday)) == "ok");
        CHECK(code_of(validate_field(spec_of(t, false), "\xC3", kToday)) == "text.utf8");
    }
}

TEST_CASE("validate_field: each type's own rules") {
    CHECK(code_of(validate_field(spec_of(FieldType::text), "工作需要", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::text), "一行\n两行", kToday)) == "text.control");
    CHECK(code_of(validate_field(spec_of(FieldType::text), std::string(51, 'a'), kToday)) == "field.too_long");
    CHECK(code_of(validate_field(spec_of(FieldType::text), std::string(50, 'a'), kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::long_text), "第一行\r\n第二行", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::long_text), "响铃\x07", kToday)) == "text.control");
    CHECK(code_of(validate_field(spec_of(FieldType::long_text), std::string(501, 'a'), kToday)) == "field.too_long");
    FieldSpec short_text = spec_of(FieldType::text);
    short_text.max_len = 4;
    CHECK(code_of(validate_field(short_text, "青山警务", kToday)) == "ok");  // 4 code points, 12 bytes
    auto e = validate_field(short_text, "青山警务室", kToday);
    REQUIRE(e);
    CHECK(e->code == "field.too_long");
    CHECK(e->message.zh.find('4') != std::string::npos);

    CHECK(code_of(validate_field(spec_of(FieldType::name), "张三", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::name), "张", kToday)) == "name.too_short");
    CHECK(code_of(validate_field(spec_of(FieldType::id_number), "11010519491231002X", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::id_number), "H12345678", kToday, IdType::hkmo_travel_permit)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::id_number), "H12345678", kToday)) == "id.chars");
    CHECK(code_of(validate_field(spec_of(FieldType::phone), "13800138000", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::phone), "1380013800", kToday)) == "phone.length");
    FieldSpec booking = spec_of(FieldType::date);
    booking.date_range = DateRange::future;
    CHECK(code_of(validate_field(booking, "2026-12-01", kToday)) == "ok");
    CHECK(code_of(validate_field(booking, "2026-11-28", kToday)) == "date.not_future");
    CHECK(code_of(validate_field(spec_of(FieldType::address), "青山区青和路12号", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::address), "12号", kToday)) == "address.too_short");

    FieldSpec choice = spec_of(FieldType::choice);
    choice.choices = {{"employment", {"就业", "Employment"}}, {"study", {"留学", "Study abroad"}}};
    CHECK(code_of(validate_field(choice, "study", kToday)) == "ok");
    CHECK(code_of(validate_field(choice, "Study", kToday)) == "field.choice");
    CHECK(code_of(validate_field(choice, "留学", kToday)) == "field.choice");  // label, not value
    CHECK(code_of(validate_field(spec_of(FieldType::choice), "study", kToday)) == "field.choice");

    CHECK(code_of(validate_field(spec_of(FieldType::yes_no), "yes", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::yes_no), "no", kToday)) == "ok");
    CHECK(code_of(validate_field(spec_of(FieldType::yes_no), "Yes", kToday)) == "field.yes_no");
    CHECK(code_of(validate_field(spec_of(FieldType::yes_no), "是", kToday)) == "field.yes_no");
}

TEST_CASE("validate_field: numbers") {
    FieldSpec n = spec_of(FieldType::number);
    n.min = 1;
    n.max = 10;
    CHECK(code_of(validate_field(n, "1", kToday)) == "ok");
    CHECK(code_of(validate_field(n, "10", kToday)) == "ok");
    CHECK(code_of(validate_field(n, "007", kToday)) == "ok");
    CHECK(code_of(validate_field(n, "0", kToday)) == "number.range");
    CHECK(code_of(validate_field(n, "11", kToday)) == "number.range");
    CHECK(code_of(validate_field(n, "99999999999999999999999", kToday)) == "number.range");
    CHECK(code_of(validate_field(n, "-1", kToday)) == "number.chars");
    CHECK(code_of(validate_field(n, "1.5", kToday)) == "number.chars");
    CHECK(code_of(validate_field(n, "五", kToday)) == "number.chars");
    auto e = validate_field(n, "11", kToday);
    REQUIRE(e);
    CHECK(e->message.zh == "请填写1到10之间的数字");
    FieldSpec open = spec_of(FieldType::number);  // max == 0: no upper bound
    open.min = 2;
    CHECK(code_of(validate_field(open, "123456", kToday)) == "ok");
    CHECK(code_of(validate_field(open, "1", kToday)) == "number.min");
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

// [SECTION] Messages

TEST_CASE("every error code has a unique code and non-empty zh and en messages") {
    std::set<std::string_view> seen;
    for (const auto& m : detail::all_messages()) {
        INFO(m.code);
        CHECK(seen.insert(m.code).second);
        CHECK_FALSE(m.zh.empty());
        CHECK_FALSE(m.en.empty());
        CHECK(utf8_length(m.zh));
        auto e = detail::make_error(m.code, {{"count", "7"}, {"min", "1"}, {"max", "9"}});
        CHECK(e.code == m.code);
        CHECK(e.message.zh.find('{') == std::string::npos);  // every placeholder is filled
        CHECK(e.message.en.find('{') == std::string::npos);
    }
    CHECK(seen.size() >= 40);
}

TEST_CASE("every error code is reachable and documented") {
    const FieldSpec text = spec_of(FieldType::text);
    FieldSpec number = spec_of(FieldType::number);
    number.max = 5;
    FieldSpec open_number = spec_of(FieldType::number);
    open_number.min = 3;
    const Validation produced[] = {
        validate_field(text, "", kToday), validate_field(text, std::string(60, 'a'), kToday),
        validate_field(spec_of(FieldType::choice), "x", kToday), validate_field(spec_of(FieldType::yes_no), "x", kToday),
        validate_name("\xFF"), validate_field(text, "a\x01", kToday), validate_field(number, "x", kToday),
        validate_field(number, "6", kToday), validate_field(open_number, "2", kToday),
        validate_resident_id("", kToday), validate_resident_id("a", kToday), validate_resident_id("110105491231002", kToday),
        validate_resident_id("1", kToday), validate_resident_id("710000199001011237", kToday),
        validate_resident_id("810000199001011230", kToday), validate_resident_id("110105190002290017", kToday),
        validate_resident_id("540102202611290027", kToday), validate_resident_id("11010519491231003X", kToday),
        validate_hmt_residence_permit("", kToday), validate_hmt_residence_permit("a", kToday),
        validate_hmt_residence_permit("1", kToday), validate_hmt_residence_permit("11010519491231002X", kToday),
        validate_hmt_residence_permit("820000189912310015", kToday),
        validate_hmt_residence_permit("810000202611290016", kToday),
        validate_hmt_residence_permit("810000199001011231", kToday),
        validate_hkmo_travel_permit(""), validate_hkmo_travel_permit("H-1"), validate_hkmo_travel_permit("C12345678"),
        validate_hkmo_travel_permit("H1"),
        validate_phone(""), validate_phone("a"), validate_phone("1"), validate_phone("10000000000"),
        validate_name(""), validate_name("张3"), validate_name("张a"), validate_name("张 三"), validate_name("·张"),
        validate_name("a--b"), validate_name("张"), validate_name(std::string(61, 'a')),
        validate_date("", DateRange::any, kToday), validate_date("x", DateRange::any, kToday),
        validate_date("2023-02-29", DateRange::any, kToday), validate_date("2030-01-01", DateRange::past, kToday),
        validate_date("2020-01-01", DateRange::future, kToday),
        validate_address(""), validate_address("路"), validate_address(std::string(121, 'a')),
        validate_address("12345"),
    };
    std::set<std::string> reached;
    for (const auto& v : produced) {
        REQUIRE(v);
        reached.insert(v->code);
    }
    std::set<std::string> all;
    for (const auto& m : detail::all_messages()) all.insert(std::string(m.code));
    CHECK(reached == all);

    // docs/VALIDATION.md lists each code with its zh and en message, word for word.
    std::string path = std::string(__FILE__);
    path = path.substr(0, path.rfind("tests/core/")) + "docs/VALIDATION.md";
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream doc;
    doc << in.rdbuf();
    for (const auto& m : detail::all_messages()) {
        INFO(m.code);
        CHECK(doc.str().find("`" + std::string(m.code) + "`") != std::string::npos);
        CHECK(doc.str().find(std::string(m.zh)) != std::string::npos);
        CHECK(doc.str().find(std::string(m.en)) != std::string::npos);
    }
}
