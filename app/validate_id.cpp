// Identity document numbers: resident ID card (GB 11643-1999), residence permit for Hong Kong, Macao and
// Taiwan residents (same number structure, prefixes 810000/820000/830000) and the Mainland Travel Permit
// for HK/Macao residents (H/M + 8 or 10 digits), and the foreigner's permanent residence ID card (2017: the
// nationality's three letters + 12 digits; 2023: 18 characters starting with 9, structured like a citizen number).
// Checks run in the order a resident can best act on: what was typed (characters, length), then which part
// of the number is wrong (region, birth date), and the check character last — a single mistyped digit in
// the birth date is reported as a birth-date problem, which tells the resident where to look.
#include "validate_detail.hpp"

#include <algorithm>

namespace kiosk {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

// GB/T 2260 province-level codes of the mainland. 71 (Taiwan) is in GB/T 2260 but no resident ID card is
// issued with it; 81/82 (and 83 for Taiwan) begin the HK/MO/TW residence permit, a separate document type.
bool is_mainland_province(int code) {
    return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37)
        || (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65);
}

int two_digits(std::string_view s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

std::string count_text(std::size_t n) { return std::to_string(n); }

// Character check shared by the two 18-character documents: digits, and X only as the last character.
bool has_valid_id_chars(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_digit(s[i])) continue;
        if (s[i] == 'X' && i + 1 == s.size()) continue;
        return false;
    }
    return true;
}

// Birth date at positions 7–14 (1-based), the check character at 18. `prefix` selects the code namespace.
Validation check_birth_and_checksum(std::string_view s, std::string_view prefix, const Date& today) {
    auto code = [&](std::string_view what) { return std::string(prefix) + "." + std::string(what); };
    const int y = two_digits(s, 6) * 100 + two_digits(s, 8);
    const int m = two_digits(s, 10);
    const int d = two_digits(s, 12);
    // 1900 is the floor: the standard dates from 1999 and nobody alive was born earlier; it also catches
    // 19000229, a date the calendar never had.
    if (!is_real_date(y, m, d) || y < 1900) return detail::make_error(code("birthdate"));
    if (Date{y, m, d} > today) return detail::make_error(code("future"));
    if (resident_id_check_char(s.substr(0, 17)) != s[17]) return detail::make_error(code("checksum"));
    return std::nullopt;
}

} // namespace

const char* id_type_name(IdType t) {
    switch (t) {
    case IdType::resident_id: return "resident_id";
    case IdType::hmt_residence_permit: return "hmt_residence_permit";
    case IdType::hkmo_travel_permit: return "hkmo_travel_permit";
    case IdType::foreign_permanent_residence: return "foreign_permanent_residence";
    }
    return "resident_id";
}

bool parse_id_type(std::string_view s, IdType& out) {
    for (IdType t : {IdType::resident_id, IdType::hmt_residence_permit, IdType::hkmo_travel_permit,
                     IdType::foreign_permanent_residence}) {
        if (s == id_type_name(t)) {
            out = t;
            return true;
        }
    }
    return false;
}

char resident_id_check_char(std::string_view first17) {
    static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char map[] = "10X98765432";  // ISO 7064 MOD 11-2: (12 - sum % 11) % 11, 10 written X
    if (first17.size() != 17 || !all_digits(first17)) return '\0';
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
    return map[sum % 11];
}

std::string normalize_id_number(std::string_view raw) {
    // Residents type the number in groups as printed on the card ("110105 19491231 002X"), so spaces are
    // dropped wherever they are, including the full-width space a Chinese IME produces. Letters are
    // upper-cased: x → X for ID cards, h/m → H/M for travel permits.
    auto upper = [](char32_t c) { return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c; };
    auto decoded = utf8::decode(raw, utf8::OnBad::reject);
    if (!decoded) {
        // Invalid UTF-8 is rejected anyway; only upper-case, never drop bytes — dropping a space between
        // stray bytes could join them into a new character and make normalizing twice differ from once.
        std::string out(raw);
        for (char& c : out) c = static_cast<char>(upper(static_cast<unsigned char>(c)));
        return out;
    }
    std::string out;
    out.reserve(raw.size());
    for (char32_t cp : *decoded)
        if (!detail::is_space(cp)) utf8::append(out, upper(cp));
    return out;
}

Validation validate_resident_id(std::string_view raw, const Date& today) {
    const std::string s = normalize_id_number(raw);
    if (s.empty()) return detail::make_error("id.empty");
    if (!has_valid_id_chars(s)) return detail::make_error("id.chars");
    if (s.size() == 15) return detail::make_error("id.old15");  // all digits here: first-generation number
    if (s.size() != 18) return detail::make_error("id.length", {{"count", count_text(s.size())}});
    const int province = two_digits(s, 0);
    if (province == 81 || province == 82 || province == 83) return detail::make_error("id.use_permit");
    if (!is_mainland_province(province)) return detail::make_error("id.region");
    return check_birth_and_checksum(s, "id", today);
}

Validation validate_hmt_residence_permit(std::string_view raw, const Date& today) {
    const std::string s = normalize_id_number(raw);
    if (s.empty()) return detail::make_error("permit.empty");
    if (!has_valid_id_chars(s)) return detail::make_error("permit.chars");
    if (s.size() != 18) return detail::make_error("permit.length", {{"count", count_text(s.size())}});
    const std::string_view head = std::string_view(s).substr(0, 6);
    if (head != "810000" && head != "820000" && head != "830000") return detail::make_error("permit.prefix");
    return check_birth_and_checksum(s, "permit", today);
}

Validation validate_hkmo_travel_permit(std::string_view raw) {
    const std::string s = normalize_id_number(raw);
    if (s.empty()) return detail::make_error("hkmo.empty");
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool letter = s[i] >= 'A' && s[i] <= 'Z';
        if (is_digit(s[i]) || (letter && i == 0)) continue;
        return detail::make_error("hkmo.chars");
    }
    if (s[0] != 'H' && s[0] != 'M') return detail::make_error("hkmo.prefix");
    const std::size_t digits = s.size() - 1;  // older permits: 8 digits; since 2013: 10 digits
    if (digits != 8 && digits != 10) return detail::make_error("hkmo.length", {{"count", count_text(digits)}});
    return std::nullopt;
}

Validation validate_foreign_permanent_residence(std::string_view raw, const Date& today) {
    const std::string s = normalize_id_number(raw);
    if (s.empty()) return detail::make_error("fpr.empty");
    for (char c : s)
        if (!is_digit(c) && !(c >= 'A' && c <= 'Z')) return detail::make_error("fpr.chars");
    if (s.size() == 15) {
        // 2017 card: the check digit's rule is not public, so only the shape is checked.
        const auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
        if (!std::all_of(s.begin(), s.begin() + 3, letter) || !all_digits(std::string_view(s).substr(3)))
            return detail::make_error("fpr.shape2017");
        return std::nullopt;
    }
    if (s.size() != 18) return detail::make_error("fpr.length", {{"count", count_text(s.size())}});
    if (!has_valid_id_chars(s)) return detail::make_error("fpr.chars18");
    if (s[0] != '9') return detail::make_error("fpr.prefix");
    return check_birth_and_checksum(s, "fpr", today);
}

Validation validate_id_document(IdType type, std::string_view raw, const Date& today) {
    switch (type) {
    case IdType::resident_id: return validate_resident_id(raw, today);
    case IdType::hmt_residence_permit: return validate_hmt_residence_permit(raw, today);
    case IdType::hkmo_travel_permit: return validate_hkmo_travel_permit(raw);
    case IdType::foreign_permanent_residence: return validate_foreign_permanent_residence(raw, today);
    }
    return validate_resident_id(raw, today);
}

} // namespace kiosk
