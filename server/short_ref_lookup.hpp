#pragma once
// [SECTION] Finding a request by its short reference ("A023-7K3M", app/short_ref.hpp) — what a resident
// reads off the receipt to an officer at the desk (GET /desk/api/search) or types on any kiosk of the
// station (POST /v1/progress/by-short-ref). docs/DESK_API.md "Search", docs/EVENTS.md "Progress query".
//
// No index and no SQL of its own: the storage's per-day ticket listing (IntakeStore::tickets, the desk
// queue's query, the same in both backends) is read day by day back from today, and a row is kept when its
// ticket is the reference's and short_reference(ticket, request_id) equals it. Tickets restart every day,
// so a day holds at most one row with that ticket per kiosk mark; the four characters pick the right one.
#include "server/intake_store.hpp"

#include "app/short_ref.hpp"

#include <nlohmann/json.hpp>

namespace kiosk { struct Catalog; }

namespace intake {

// How far back a short reference is looked for: the kiosk's own progress query looks 90 days back too
// (app/progress.cpp).
inline constexpr int kShortRefDays = 90;

// The station's requests `ref` names, newest day first (one, unless two requests of a station share a
// ticket and a code: 1 in ~332 000). `days` local days back from today, today included; at most `limit`.
Result<std::vector<Ticket>> find_by_short_ref(IntakeStore& store, const std::string& station, const kiosk::ShortRef& ref,
                                              int days = kShortRefDays, std::size_t limit = 20);

// The progress answer (request_progress's shape) for the newest request `ref` names at `station`;
// nullopt: none, the same 404 as an unknown id.
Result<std::optional<nlohmann::json>> request_progress_by_short_ref(IntakeStore& store, const kiosk::Catalog& catalog,
                                                                    const std::string& station, const kiosk::ShortRef& ref);

// The local day `n` days before today, "YYYY-MM-DD" (0: today).
std::string local_day_before(int n);

} // namespace intake
