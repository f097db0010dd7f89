#pragma once
// A form field as the catalog describes it. Shared by the catalog loader, validators, session, UI and the
// intake server (which validates every payload again with the same code).
#include "text.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

enum class FieldType {
    text,        // short free text (bounded by max_len)
    long_text,   // multi-line free text (bounded by max_len, default 500)
    name,        // a person's name: Chinese (incl. middle dot, Ext. B+) or Latin
    id_number,   // identity document number; which kind comes from the applicant's id_type
    phone,       // mainland mobile number
    date,        // YYYY-MM-DD, picked, never typed
    address,     // free address text, 5..120 characters
    choice,      // one of `choices`
    yes_no,      // "yes" | "no"
    number,      // non-negative integer within [min, max]
};

enum class DateRange { any, past, future };

struct Choice {
    std::string value;
    LocalText label;
};

struct FieldSpec {
    std::string id;            // key in the request's `fields` object
    FieldType type = FieldType::text;
    LocalText label;
    LocalText hint;            // shown under the field; may be empty
    bool required = true;
    bool pii = false;          // personal data → encrypted at rest, masked in staff lists
    bool sensitive = false;    // PIPL sensitive personal information → separate consent tick
    std::size_t max_len = 0;   // characters (code points); 0 = the type's default
    std::vector<Choice> choices;
    DateRange date_range = DateRange::any;
    bool working_days = false; // date: Monday to Friday only (bookings: the station plans visits on working days)
    long min = 0, max = 0;     // for number
    int group = 0;             // fields with the same group are shown on one screen
    // Asked only when an earlier choice field of the form has this value ("show_if": {"field", "equals"}):
    // 上门服务 for 本人 does not ask for the visited person's name and phone again. A field not asked is
    // neither validated nor sent.
    struct ShowIf { std::string field, equals; };
    std::optional<ShowIf> show_if;
};

// Whether `f` is asked given the answers so far (its show_if, if any, holds). The kiosk's session and the
// intake's payload check both use it, so they never disagree about what a form asks.
bool field_asked(const FieldSpec& f, const std::map<std::string, std::string>& answers);

// A value as people read it, in `l`: a choice's label, 是/否, a date with its weekday (2027年1月15日 星期五 /
// Fri 2027-01-15); anything else as typed. The screens, the review and the printed slip all use it.
std::string display_text(const FieldSpec& f, const std::string& value, Locale l);

const char* field_type_name(FieldType t);
bool parse_field_type(const std::string& s, FieldType& out);

} // namespace kiosk
