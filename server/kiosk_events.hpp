#pragma once
// [SECTION] The kiosk-facing desk contract on the mTLS listener (DESIGN.md "Station desk and events"):
// GET /v1/events?after=SEQ&wait=S (long-poll, this station only), GET /v1/requests/{id}/progress and
// POST /v1/progress/by-id-number (the progress query by ID card). The
// station always comes from the client certificate (see client_station), never from the query.
#include "app/catalog.hpp"
#include "server/event_hub.hpp"
#include "server/intake_store.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
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

// The progress query by ID card (POST /v1/progress/by-id-number {"id_number"}; the number travels in the
// body, never in a URL or a log): the newest request of `station` whose applicant has that number, found
// through the HMAC index (IntakeStore::find_by_id_number), in request_progress's shape. nullopt: none at
// this station — the same 404 as an unknown id, so the answer says nothing about other stations.
Result<std::optional<nlohmann::json>> request_progress_by_id_number(IntakeStore& store, const kiosk::Catalog& catalog,
                                                                    const std::string& station, const std::string& id_number);

// The tries limit of the ID-number look-up, per kiosk (client certificate): after kMaxIdMisses answers of
// "none" within kIdMissWindow every further look-up of that kiosk is refused (429) until the window moves
// on. The kiosk limits each visit (app/progress.hpp); this keeps a kiosk's certificate from being used to
// test ID numbers one after the other. Thread-safe.
class IdLookupLimiter {
public:
    static constexpr int kMaxIdMisses = 20;
    static constexpr std::chrono::seconds kIdMissWindow{600};
    bool allowed(const std::string& kiosk, std::chrono::steady_clock::time_point now);
    void missed(const std::string& kiosk, std::chrono::steady_clock::time_point now);

private:
    void expire(std::deque<std::chrono::steady_clock::time_point>& q, std::chrono::steady_clock::time_point now) const;
    std::mutex mu_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> misses_;
};

} // namespace intake
