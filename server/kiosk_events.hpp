#pragma once
// [SECTION] The kiosk-facing desk contract on the mTLS listener (DESIGN.md "Station desk and events"):
// GET /v1/events?after=SEQ&wait=S (long-poll, this station only) and GET /v1/requests/{id}/progress. The
// station always comes from the client certificate (see client_station), never from the query.
#include "app/catalog.hpp"
#include "server/event_hub.hpp"
#include "server/intake_store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace intake {

constexpr int kMaxEventWaitS = 30;
constexpr int kMaxEventsPerAnswer = 200;

struct EventsQuery {
    std::int64_t after = 0;
    int wait_s = 0;           // clamped to kMaxEventWaitS
};
// Parses the query values (empty = default). nullopt: not a whole number ≥ 0.
std::optional<EventsQuery> parse_events_query(const std::string& after, const std::string& wait);

// Answers as soon as an event after `q.after` exists, or with an empty list once q.wait_s passed (or the
// hub stopped). {"events": [...], "next": SEQ} — next is the last seq sent, or q.after when none.
Result<nlohmann::json> wait_for_events(IntakeStore& store, EventHub& hub, const std::string& station, const EventsQuery& q);

// nullopt: unknown request or another station's (the same answer, so ids cannot be probed).
Result<std::optional<nlohmann::json>> request_progress(IntakeStore& store, const kiosk::Catalog& catalog,
                                                       const std::string& station, const std::string& request_id);

} // namespace intake
