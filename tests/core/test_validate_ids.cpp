// Identity documents and phone numbers: valid and invalid numbers for each type, each error code at least once.
// Valid ID numbers below were computed independently (Python, ISO 7064 MOD 11-2) — not with this code.
#include <catch2/catch.hpp>

#include "app/validators.hpp"
#include "validation_codes.hpp"

using namespace kiosk;
using kiosk_test::code_of;
using kiosk_test::kToday;

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

TEST_CASE("foreigner's permanent residence ID card: 2017 (3 letters + 12 digits) and 2023 (18, starts with 9)") {
    const Date today{2026, 12, 2};
    CHECK(code_of(validate_foreign_permanent_residence("USA110080010100", today)) == "ok");
    CHECK(code_of(validate_foreign_permanent_residence("usa 1100 8001 0100", today)) == "ok");   // typed in groups, lower case
    CHECK(code_of(validate_foreign_permanent_residence("911101199208150023", today)) == "ok");
    CHECK(code_of(validate_foreign_permanent_residence("", today)) == "fpr.empty");
    CHECK(code_of(validate_foreign_permanent_residence("USA11008001010-", today)) == "fpr.chars");
    CHECK(code_of(validate_foreign_permanent_residence("US1110080010100", today)) == "fpr.shape2017");
    CHECK(code_of(validate_foreign_permanent_residence("USA11008001010A", today)) == "fpr.shape2017");
    CHECK(code_of(validate_foreign_permanent_residence("110080010100123", today)) == "fpr.shape2017");   // an old 15-digit citizen number
    CHECK(code_of(validate_foreign_permanent_residence("USA1100800101", today)) == "fpr.length");
    CHECK(code_of(validate_foreign_permanent_residence("9111011992081500", today)) == "fpr.length");
    CHECK(code_of(validate_foreign_permanent_residence("91110119920815002A", today)) == "fpr.chars18");
    CHECK(code_of(validate_foreign_permanent_residence("11010519491231002X", today)) == "fpr.prefix");   // a citizen number
    CHECK(code_of(validate_foreign_permanent_residence("911101199213150023", today)) == "fpr.birthdate");
    CHECK(code_of(validate_foreign_permanent_residence("911101202712150023", today)) == "fpr.future");
    CHECK(code_of(validate_foreign_permanent_residence("911101199208150024", today)) == "fpr.checksum");
    // every code has words in both languages
    for (const char* bad : {"", "USA1100800101", "US1110080010100", "91110119920815002A", "11010519491231002X", "911101199208150024"}) {
        auto e = validate_foreign_permanent_residence(bad, today);
        REQUIRE(e);
        CHECK_FALSE(e->message.zh.empty());
        CHECK_FALSE(e->message.en.empty());
        CHECK(e->message.zh != e->code);
    }
}

TEST_CASE("id types: names, parsing, dispatch") {
    IdType t = IdType::resident_id;
    CHECK(code_of(validate_id_document(IdType::foreign_permanent_residence, "USA110080010100", kToday)) == "ok");
    for (IdType want : {IdType::resident_id, IdType::hmt_residence_permit, IdType::hkmo_travel_permit,
                        IdType::foreign_permanent_residence}) {
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
