#include "staff_query.hpp"

#include <cctype>

namespace kiosk {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The number part of a ticket: "A023" → "023", "AB1023" (with a kiosk's ticket mark) → "1023".
std::string_view ticket_digits(std::string_view t) {
    std::size_t i = t.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(t[i - 1]))) --i;
    return t.substr(i);
}

} // namespace

StaffQuery parse_staff_query(std::string_view typed) {
    StaffQuery q;
    std::string_view s = trim(typed);
    if (s.empty()) return q;
    if (all_digits(s) && s.size() <= 4) {
        q.kind = StaffQuery::Kind::digits;
        q.text = std::string(s);
        return q;
    }
    // Latin letters then digits, at most 6 characters: a ticket, typed in either case.
    std::size_t letters = 0;
    while (letters < s.size() && std::isalpha(static_cast<unsigned char>(s[letters]))) ++letters;
    if (letters >= 1 && letters <= 2 && s.size() <= 6 && all_digits(s.substr(letters))) {
        q.kind = StaffQuery::Kind::ticket;
        for (char c : s) q.text.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        return q;
    }
    q.kind = StaffQuery::Kind::name;
    q.text = std::string(s);
    return q;
}

bool staff_query_needs_applicant(const StaffQuery& q) {
    return q.kind == StaffQuery::Kind::name || (q.kind == StaffQuery::Kind::digits && q.text.size() == 4);
}

bool staff_query_matches(const StaffQuery& q, std::string_view ticket, const Applicant* a) {
    switch (q.kind) {
    case StaffQuery::Kind::none: return true;
    case StaffQuery::Kind::ticket: {
        if (ticket == q.text) return true;
        // "A23" finds A023: same letters, same number once leading zeros are dropped.
        std::string_view want = ticket_digits(q.text), have = ticket_digits(ticket);
        if (ticket.substr(0, ticket.size() - have.size()) != std::string_view(q.text).substr(0, q.text.size() - want.size()))
            return false;
        while (want.size() > 1 && want.front() == '0') want.remove_prefix(1);
        while (have.size() > 1 && have.front() == '0') have.remove_prefix(1);
        return !want.empty() && want == have;
    }
    case StaffQuery::Kind::digits: {
        std::string_view want = q.text, have = ticket_digits(ticket);
        std::string_view w = want, h = have;
        while (w.size() > 1 && w.front() == '0') w.remove_prefix(1);
        while (h.size() > 1 && h.front() == '0') h.remove_prefix(1);
        if (!h.empty() && w == h) return true;
        if (want.size() == 4 && a && a->phone.size() >= 4)
            return std::string_view(a->phone).substr(a->phone.size() - 4) == want;
        return false;
    }
    case StaffQuery::Kind::name: return a && a->name.find(q.text) != std::string::npos;
    }
    return false;
}

const char* staff_query_kind_name(StaffQuery::Kind k) {
    switch (k) {
    case StaffQuery::Kind::none: return "none";
    case StaffQuery::Kind::ticket: return "ticket";
    case StaffQuery::Kind::digits: return "digits";
    case StaffQuery::Kind::name: return "name";
    }
    return "none";
}

} // namespace kiosk
