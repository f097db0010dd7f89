#pragma once
// [SECTION] The desk API's JSON shapes (docs/DESK_API.md): a queue ticket, a request's detail (masked or not),
// the day report and its CSV. Pure functions of stored rows and the catalog: no HTTP, no SQL.
#include "app/catalog.hpp"
#include "app/text.hpp"
#include "server/intake_store.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace intake {

// Unix ms of an RFC 3339 time with offset ("2026-12-02T09:30:05+08:00"); 0 when it does not parse.
std::int64_t rfc3339_ms(const std::string& t);

nlohmann::json service_names(const kiosk::Catalog& catalog, const std::string& service_id);
nlohmann::json ticket_json(const Ticket& t, const kiosk::Catalog& catalog, std::int64_t now_ms);

// `payload` is the decrypted wire body; `unmasked` false masks the applicant and every pii field.
nlohmann::json detail_json(const Ticket& t, const std::string& payload, const std::vector<HistoryItem>& history,
                           const kiosk::Catalog& catalog, bool unmasked, kiosk::Locale l);

struct DayReport {
    std::string day;
    long long served = 0, no_shows = 0, avg_wait_s = 0, p90_wait_s = 0;
    DayRatings ratings;
    std::vector<std::pair<std::string, long long>> by_service;   // service_id, count (tickets of the day)
};
DayReport day_report(const std::string& day, const std::vector<Ticket>& tickets, const DayRatings& ratings);
nlohmann::json report_json(const DayReport& r, const kiosk::Catalog& catalog);
std::string report_csv(const DayReport& r, const kiosk::Catalog& catalog);

} // namespace intake
