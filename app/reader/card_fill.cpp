#include "app/reader/card_fill.hpp"

namespace kiosk::reader {

std::optional<CardIdentityFill> identity_fill(const CardRead& card) {
    const CardIdentity& c = card.identity;
    CardIdentityFill f;
    switch (c.kind) {
    case CardKind::resident_id: f.id_type = "resident_id"; break;
    case CardKind::hmt_permit: f.id_type = "hmt_residence_permit"; break;
    case CardKind::foreign_pr_2017:
    case CardKind::foreign_pr_2023: return std::nullopt;
    }
    f.name = c.name;
    f.id_number = c.id_number;
    f.address = c.address;
    f.expired = card.checks.expired;
    return f;
}

} // namespace kiosk::reader
