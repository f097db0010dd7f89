#pragma once
// [SECTION] What staff type into the request list's search box, understood once: a ticket ("A023", "a23",
// "23"), the last four digits of a phone number ("8000"), or part of a name ("张", "张三"). The store applies
// it (Store::list with RequestFilter::query); the rule lives here so the store and the tests share it.
#include "request.hpp"

#include <string>
#include <string_view>

namespace kiosk {

struct StaffQuery {
    enum class Kind { none, ticket, digits, name };
    Kind kind = Kind::none;
    std::string text;   // normalised: ticket upper-cased, spaces trimmed
};

StaffQuery parse_staff_query(std::string_view typed);

// Does a request with `ticket` and applicant `a` match? `digits` (1–4) matches the ticket's number (A023
// for "23" or "023") and, at exactly four, the phone's last four digits; `name` is a substring of the name.
// Needs the applicant only for digits and names (a ticket query never decrypts anything).
bool staff_query_matches(const StaffQuery& q, std::string_view ticket, const Applicant* a);
bool staff_query_needs_applicant(const StaffQuery& q);

// "ticket" | "digits" | "name": what the audit log records of a search (never the typed text).
const char* staff_query_kind_name(StaffQuery::Kind k);

} // namespace kiosk
