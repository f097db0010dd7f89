// Validators: dates, each field type through validate_field, and the message table behind all error codes
// (every code reachable, every message non-empty, docs/VALIDATION.md in step). Documents and phone numbers:
// test_validate_ids.cpp; names, addresses and UTF-8: test_validate_text.cpp.
// Valid ID numbers below were computed independently (Python, ISO 7064 MOD 11-2) — not with this code.
#include <catch2/catch.hpp>

#include "app/validate_detail.hpp"
#include "app/validators.hpp"
#include "validation_codes.hpp"

#include <fstream>
#include <set>
#include <sstream>

using namespace kiosk;
using kiosk_test::code_of;
using kiosk_test::kToday;

namespace {

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

// Bookings: the station plans home visits on working days; the picker and the validator share one rule.
TEST_CASE("working days: weekday, date_allowed and validate_date agree") {
    CHECK(weekday(Date{2026, 11, 28}) == 5);   // a Saturday
    CHECK(weekday(Date{2026, 11, 30}) == 0);   // Monday
    CHECK(weekday(Date{2024, 2, 29}) == 3);    // Thursday (leap day)
    CHECK(weekday(Date{2000, 1, 1}) == 5);     // Saturday
    CHECK_FALSE(date_allowed(Date{2026, 11, 29}, DateRange::future, true, kToday));   // Sunday
    CHECK(date_allowed(Date{2026, 11, 29}, DateRange::future, false, kToday));
    CHECK(date_allowed(Date{2026, 11, 30}, DateRange::future, true, kToday));
    CHECK_FALSE(date_allowed(kToday, DateRange::future, false, kToday));              // tomorrow on, as validate_date
    CHECK(date_allowed(kToday, DateRange::past, true, kToday) == false);              // today is a Saturday
    CHECK(code_of(validate_date("2026-11-29", DateRange::future, kToday, true)) == "date.not_working_day");
    CHECK(code_of(validate_date("2026-12-05", DateRange::future, kToday, true)) == "date.not_working_day");   // Saturday
    CHECK(code_of(validate_date("2026-12-04", DateRange::future, kToday, true)) == "ok");                   // Friday
    CHECK(code_of(validate_date("2026-11-28", DateRange::future, kToday, true)) == "date.not_future");
    // Every day of four years: allowed exactly when future and Monday to Friday.
    int allowed = 0;
    for (int y = 2026; y < 2030; ++y)
        for (int m = 1; m <= 12; ++m)
            for (int d = 1; d <= 31; ++d)
                if (is_real_date(y, m, d) && date_allowed(Date{y, m, d}, DateRange::future, true, Date{2025, 12, 31})) ++allowed;
    CHECK(allowed == 1043);   // Mondays to Fridays of 2026–2029 (counted independently with Python's calendar)
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
        validate_foreign_permanent_residence("", kToday), validate_foreign_permanent_residence("USA-", kToday),
        validate_foreign_permanent_residence("US1110080010100", kToday), validate_foreign_permanent_residence("USA1", kToday),
        validate_foreign_permanent_residence("91110119920815002A", kToday),
        validate_foreign_permanent_residence("11010519491231002X", kToday),
        validate_foreign_permanent_residence("911101199213150028", kToday),
        validate_foreign_permanent_residence("911101202712150027", kToday),
        validate_foreign_permanent_residence("911101199208150024", kToday),
        validate_phone(""), validate_phone("a"), validate_phone("1"), validate_phone("10000000000"),
        validate_name(""), validate_name("张3"), validate_name("张a"), validate_name("张 三"), validate_name("·张"),
        validate_name("a--b"), validate_name("张"), validate_name(std::string(61, 'a')),
        validate_date("", DateRange::any, kToday), validate_date("x", DateRange::any, kToday),
        validate_date("2023-02-29", DateRange::any, kToday), validate_date("2030-01-01", DateRange::past, kToday),
        validate_date("2020-01-01", DateRange::future, kToday), validate_date("2026-11-29", DateRange::future, kToday, true),
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
    const std::string path = std::string(KIOSK_TEST_SOURCE_DIR) + "/docs/VALIDATION.md";
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
