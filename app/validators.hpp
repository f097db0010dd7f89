#pragma once
// Validators for every field type. Each failure carries a stable code and a message in zh and en.
// Pure functions: no I/O, `today` is passed in so tests and the intake server agree on dates.
#include "field.hpp"
#include "text.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

struct Date {
    int y = 0, m = 0, d = 0;
    auto operator<=>(const Date&) const = default;
};
std::optional<Date> parse_date(std::string_view iso);   // "YYYY-MM-DD", real calendar dates only
std::string format_date(const Date& d);                 // "YYYY-MM-DD"
bool is_real_date(int y, int m, int d);
int weekday(const Date& d);   // 0 = Monday … 6 = Sunday
// The one rule for which days a date field takes — the validator and the date picker both ask it.
// "past" includes today; "future" starts tomorrow (a booking for today cannot be planned any more);
// working_days leaves out Saturdays and Sundays (statutory holidays are not known to the kiosk).
bool date_allowed(const Date& d, DateRange range, bool working_days, const Date& today);

struct ValidationError {
    std::string code;   // e.g. "id.checksum"
    LocalText message;  // what the resident should do, in plain words
};
using Validation = std::optional<ValidationError>;  // nullopt = valid

// Identity documents accepted by the kiosk (applicant.id_type).
enum class IdType { resident_id, hmt_residence_permit, hkmo_travel_permit, foreign_permanent_residence };
// "resident_id" | "hmt_residence_permit" | "hkmo_travel_permit" | "foreign_permanent_residence"
const char* id_type_name(IdType t);
bool parse_id_type(std::string_view s, IdType& out);

// GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits; '\0' if not 17 digits.
char resident_id_check_char(std::string_view first17);
// Canonical form: spaces removed wherever typed (incl. U+3000), ASCII letters upper-cased (x → X, h → H).
// Validators accept the raw input and normalize internally.
std::string normalize_id_number(std::string_view raw);

Validation validate_resident_id(std::string_view raw, const Date& today);
Validation validate_hmt_residence_permit(std::string_view raw, const Date& today);   // 810000/820000/830000
Validation validate_hkmo_travel_permit(std::string_view raw);                        // H/M + 8 or 10 digits
// 外国人永久居留身份证: 2017 card 3 letters (nationality) + 12 digits; 2023 card 18 characters starting with 9,
// birth date and MOD 11-2 check character as a citizen number.
Validation validate_foreign_permanent_residence(std::string_view raw, const Date& today);
Validation validate_id_document(IdType type, std::string_view raw, const Date& today);
Validation validate_phone(std::string_view raw);
Validation validate_name(std::string_view raw);
// Canonical forms to store after validation passes (validators accept raw input and normalize internally):
// name trimmed with look-alike middle dots (U+30FB, U+2022, U+FF0E) mapped to U+00B7;
// phone with spaces/dashes and a leading +86 / 0086 / 86 removed → "13800138000".
std::string normalize_name(std::string_view raw);
std::string normalize_phone(std::string_view raw);
Validation validate_date(std::string_view raw, DateRange range, const Date& today, bool working_days = false);
Validation validate_address(std::string_view raw);

// One field's value against its spec (required, type, length, choices, ranges). For id_number fields the
// document type is passed in; elsewhere it is ignored.
Validation validate_field(const FieldSpec& spec, std::string_view value, const Date& today,
                          IdType id_type = IdType::resident_id);

// Number of Unicode code points in valid UTF-8 (invalid UTF-8 → std::nullopt).
std::optional<std::size_t> utf8_length(std::string_view s);

} // namespace kiosk
