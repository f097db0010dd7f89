// Calendar dates: strict ISO "YYYY-MM-DD" parsing and the date field validator.
// Dates are picked from a calendar on the kiosk, so a badly formed string means a bug or a forged payload
// (the intake server runs the same code); we still answer with a message a resident can act on.
#include "validate_detail.hpp"

namespace kiosk {
namespace {

// Earliest date any field accepts: no form on the kiosk asks about the 19th century, and the same floor
// applies to birth dates inside ID numbers (see validate_id.cpp).
constexpr Date kEarliest{1900, 1, 1};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : days[m - 1];
}

int digit(char c) { return (c >= '0' && c <= '9') ? c - '0' : -1; }

// Reads exactly `n` ASCII digits; -1 if any is not a digit.
int read_digits(std::string_view s, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        int d = digit(s[pos + i]);
        if (d < 0) return -1;
        v = v * 10 + d;
    }
    return v;
}

bool has_iso_shape(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    return read_digits(s, 0, 4) >= 0 && read_digits(s, 5, 2) >= 0 && read_digits(s, 8, 2) >= 0;
}

} // namespace

bool is_real_date(int y, int m, int d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    return d <= days_in_month(y, m);
}

std::optional<Date> parse_date(std::string_view iso) {
    if (!has_iso_shape(iso)) return std::nullopt;
    Date d{read_digits(iso, 0, 4), read_digits(iso, 5, 2), read_digits(iso, 8, 2)};
    if (!is_real_date(d.y, d.m, d.d)) return std::nullopt;
    return d;
}

std::string format_date(const Date& d) {
    // Fixed width with zero padding; out-of-range parts are clamped to their digit count rather than
    // overflowing the buffer, so a bad Date never yields a malformed string of another length.
    auto put = [](std::string& out, int v, int width) {
        if (v < 0) v = 0;
        std::string digits(static_cast<std::size_t>(width), '0');
        for (int i = width - 1; i >= 0 && v > 0; --i, v /= 10) digits[static_cast<std::size_t>(i)] = char('0' + v % 10);
        out += digits;
    };
    std::string out;
    put(out, d.y, 4);
    out.push_back('-');
    put(out, d.m, 2);
    out.push_back('-');
    put(out, d.d, 2);
    return out;
}

int weekday(const Date& dt) {
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = dt.m < 3 ? dt.y - 1 : dt.y;
    int w = (y + y / 4 - y / 100 + y / 400 + t[(dt.m - 1) % 12] + dt.d) % 7;   // 0 = Sunday (Sakamoto)
    return (w + 6) % 7;
}

bool date_allowed(const Date& d, DateRange range, bool working_days, const Date& today) {
    if (range == DateRange::past && d > today) return false;
    if (range == DateRange::future && d <= today) return false;
    return !working_days || weekday(d) < 5;
}

Validation validate_date(std::string_view raw, DateRange range, const Date& today, bool working_days) {
    std::string_view s = detail::trim_bytes(raw);
    if (s.empty()) return detail::make_error("date.empty");
    if (!has_iso_shape(s)) return detail::make_error("date.format");
    auto d = parse_date(s);
    if (!d || *d < kEarliest) return detail::make_error("date.invalid");
    // "past" includes today (e.g. the day something was lost); "future" starts tomorrow, because a booking
    // for today cannot be planned by the station any more (see docs/VALIDATION.md).
    if (range == DateRange::past && *d > today) return detail::make_error("date.not_past");
    if (range == DateRange::future && *d <= today) return detail::make_error("date.not_future");
    if (!date_allowed(*d, range, working_days, today)) return detail::make_error("date.not_working_day");
    return std::nullopt;
}

} // namespace kiosk
