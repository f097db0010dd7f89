#pragma once
// A card for the simulator (and the tests) as a JSON file: the decoded fields of app/reader/card_text.hpp.
//   { "kind": "resident_id", "name": "…", "sex": "1", "nation": "01", "birth": "1990-03-07",
//     "address": "…", "id_number": "…", "issuer": "…", "valid_from": "2020-01-01", "valid_to": "长期",
//     "appended_address": "…" }
// Dates as YYYY-MM-DD or YYYYMMDD; valid_to "长期" for a long-term card. Unknown keys are refused (a typo
// would otherwise give a card without the field the test meant to set).
#include "app/reader/card_text.hpp"
#include "app/result.hpp"

#include <filesystem>
#include <string>

namespace kiosk::reader_sim {

struct SimCard {
    reader::CardIdentity identity;
    std::string appended_address;   // answered to 30 03 when set, else SW3 91
};

Result<SimCard> card_from_json(std::string_view json_text);
Result<SimCard> load_card(const std::filesystem::path& file);

} // namespace kiosk::reader_sim
