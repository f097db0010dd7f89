// Field-level validation: one value against its FieldSpec, plus the phone and address validators.
// The document, name and date validators live in validate_id.cpp, validate_name.cpp and validate_date.cpp;
// the messages in validate_messages.cpp. The intake server calls validate_field() on every payload too,
// so nothing here may depend on the kiosk's state: `today` is passed in.
#include "validate_detail.hpp"

#include <algorithm>

namespace kiosk {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Default limits in code points when the catalog gives none. Types with their own rules (name, ID, phone,
// date) need no extra limit; the address default matches validate_address().
std::size_t default_max_len(FieldType t) {
    switch (t) {
    case FieldType::text: return 50;
    case FieldType::long_text: return 500;
    case FieldType::address: return 120;
    default: return 0;
    }
}

Validation check_free_text(std::u32string_view s, bool multiline) {
    for (char32_t cp : s) {
        if (multiline && (cp == '\n' || cp == '\r')) continue;
        if (detail::is_control(cp)) return detail::make_error("text.control");
    }
    return std::nullopt;
}

Validation check_choice(const FieldSpec& spec, std::string_view value) {
    const bool known = std::any_of(spec.choices.begin(), spec.choices.end(),
                                   [&](const Choice& c) { return c.value == value; });
    return known ? std::nullopt : Validation(detail::make_error("field.choice"));
}

Validation check_number(const FieldSpec& spec, std::string_view s) {
    if (!std::all_of(s.begin(), s.end(), is_digit)) return detail::make_error("number.chars");
    auto range_error = [&] {
        if (spec.max != 0)
            return detail::make_error("number.range", {{"min", std::to_string(spec.min)}, {"max", std::to_string(spec.max)}});
        return detail::make_error("number.min", {{"min", std::to_string(spec.min)}});
    };
    // Leading zeros are harmless ("007" is 7); more than 15 significant digits cannot be in any range a
    // form uses and would overflow `long`.
    const auto first = s.find_first_not_of('0');
    const std::string_view significant = first == std::string_view::npos ? std::string_view{} : s.substr(first);
    if (significant.size() > 15) return range_error();
    long v = 0;
    for (char c : significant) v = v * 10 + (c - '0');
    // max == 0 means "no upper bound": FieldSpec's default, and no form needs a range ending at 0.
    if (v < spec.min || (spec.max != 0 && v > spec.max)) return range_error();
    return std::nullopt;
}

} // namespace

std::string normalize_phone(std::string_view raw) {
    auto decoded = utf8::decode(raw, utf8::OnBad::reject);
    if (!decoded) return std::string(raw);  // rejected as phone.chars; never drop bytes from broken text
    std::string s;
    for (char32_t cp : *decoded) {
        // Typed between groups: 138 0013 8000, 138-0013-8000, or the full-width space of a Chinese IME.
        if (detail::is_space(cp) || cp == '-') continue;
        utf8::append(s, cp);
    }
    // Country code: "+86" and "0086" are unambiguous; a bare "86" only when 11 digits follow, because a
    // mistyped number may well start with 86.
    if (s.starts_with("+86")) s.erase(0, 3);
    else if (s.starts_with("0086")) s.erase(0, 4);
    else if (s.size() == 13 && s.starts_with("86")) s.erase(0, 2);
    return s;
}

Validation validate_phone(std::string_view raw) {
    const std::string s = normalize_phone(raw);
    if (s.empty()) return detail::make_error("phone.empty");
    if (!std::all_of(s.begin(), s.end(), is_digit)) return detail::make_error("phone.chars");
    if (s.size() != 11) return detail::make_error("phone.length", {{"count", std::to_string(s.size())}});
    if (s[0] != '1' || s[1] < '3') return detail::make_error("phone.prefix");
    return std::nullopt;
}

Validation validate_address(std::string_view raw) {
    static constexpr std::size_t kMin = 5, kMax = 120;
    auto decoded = utf8::decode(raw, utf8::OnBad::reject);
    if (!decoded) return detail::make_error("text.utf8");
    const std::u32string_view s = detail::trim(*decoded);
    if (s.empty()) return detail::make_error("address.empty");
    if (auto e = check_free_text(s, false)) return e;
    if (s.size() < kMin) return detail::make_error("address.too_short");
    if (s.size() > kMax) return detail::make_error("address.too_long", {{"max", std::to_string(kMax)}});
    // Digits alone ("12345") or symbols cannot be found by a police officer on a home visit.
    const bool has_words = std::any_of(s.begin(), s.end(),
                                       [](char32_t cp) { return detail::is_han(cp) || detail::is_latin_letter(cp); });
    if (!has_words) return detail::make_error("address.no_text");
    return std::nullopt;
}

Validation validate_field(const FieldSpec& spec, std::string_view value, const Date& today, IdType id_type) {
    auto decoded = utf8::decode(value, utf8::OnBad::reject);
    if (!decoded) return detail::make_error("text.utf8");
    const std::u32string_view trimmed = detail::trim(*decoded);
    // Spaces alone are not an answer: treat them as empty so a required field cannot be passed with " ".
    if (trimmed.empty()) return spec.required ? Validation(detail::make_error("field.required")) : std::nullopt;
    const std::string_view bytes = detail::trim_bytes(value);

    Validation result;
    switch (spec.type) {
    case FieldType::text: result = check_free_text(trimmed, false); break;
    case FieldType::long_text: result = check_free_text(trimmed, true); break;
    case FieldType::name: result = validate_name(value); break;
    case FieldType::id_number: result = validate_id_document(id_type, value, today); break;
    case FieldType::phone: result = validate_phone(value); break;
    case FieldType::date: result = validate_date(value, spec.date_range, today, spec.working_days); break;
    case FieldType::address: result = validate_address(value); break;
    case FieldType::choice: result = check_choice(spec, bytes); break;
    case FieldType::yes_no:
        if (bytes != "yes" && bytes != "no") result = detail::make_error("field.yes_no");
        break;
    case FieldType::number: result = check_number(spec, bytes); break;
    }
    if (result) return result;

    const std::size_t limit = spec.max_len != 0 ? spec.max_len : default_max_len(spec.type);
    if (limit != 0 && trimmed.size() > limit) return detail::make_error("field.too_long", {{"max", std::to_string(limit)}});
    return std::nullopt;
}

} // namespace kiosk
