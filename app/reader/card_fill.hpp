#pragma once
// A card the reader read → what the Session fills in (app/session.hpp CardIdentityFill). One place decides
// which document type each card kind fills: resident ID card → resident_id, HK/MO/TW permit →
// hmt_residence_permit, both foreigner's permanent residence cards (2017, 2023) → foreign_permanent_residence.
#include "app/reader/reader_driver.hpp"
#include "app/session.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::reader {

// nullopt is kept for a kind the identity step cannot take (none today; the caller logs it).
std::optional<CardIdentityFill> identity_fill(const CardRead& card);

// The English name on a card as a name the validator takes: commas become spaces, runs of spaces one.
std::string latin_card_name(std::string_view en);

} // namespace kiosk::reader
