#include "app/reader/card_fill.hpp"

namespace kiosk::reader {

std::string latin_card_name(std::string_view en) {
    std::string out;
    for (char ch : en) {
        const char c = ch == ',' ? ' ' : ch;
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::optional<CardIdentityFill> identity_fill(const CardRead& card) {
    const CardIdentity& c = card.identity;
    CardIdentityFill f;
    switch (c.kind) {
    case CardKind::resident_id: f.id_type = "resident_id"; break;
    case CardKind::hmt_permit: f.id_type = "hmt_residence_permit"; break;
    case CardKind::foreign_pr_2017:
    case CardKind::foreign_pr_2023: f.id_type = "foreign_permanent_residence"; break;
    }
    // A permanent residence card may carry no Chinese name (2017 cards often do not): the English name
    // is the name then, in the form the name validator takes ("SMITH, JOHN" → "SMITH JOHN").
    f.name = c.name.empty() ? latin_card_name(c.name_en) : c.name;
    f.id_number = c.id_number;
    f.address = c.address;
    f.expired = card.checks.expired;
    return f;
}

} // namespace kiosk::reader
