#pragma once
// A card the reader read → what the Session fills in (app/session.hpp CardIdentityFill). One place decides
// which card kinds the identity step can take: the resident ID card and the HK/MO/TW residence permit.
// The foreigner's permanent residence cards have no document type in the identity step yet: nullopt, and
// the resident types (docs/READER.md).
#include "app/reader/reader_driver.hpp"
#include "app/session.hpp"

#include <optional>

namespace kiosk::reader {

std::optional<CardIdentityFill> identity_fill(const CardRead& card);

} // namespace kiosk::reader
