// Short reference look-up. See short_ref_lookup.hpp.
#include "server/short_ref_lookup.hpp"

#include "server/kiosk_events.hpp"

#include <cstdio>
#include <ctime>

namespace intake {

std::string local_day_before(int n) {
    // At local noon, through mktime: a day is a calendar day even across a daylight-saving change.
    std::time_t now = std::time(nullptr);
    std::tm t{};
    localtime_r(&now, &t);
    t.tm_hour = 12;
    t.tm_min = t.tm_sec = 0;
    t.tm_mday -= n;
    t.tm_isdst = -1;
    std::time_t then = std::mktime(&t);
    std::tm d{};
    localtime_r(&then, &d);
    char buf[40];   // room for any int, so the compiler sees no truncation
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.tm_year + 1900, d.tm_mon + 1, d.tm_mday);
    return buf;
}

Result<std::vector<Ticket>> find_by_short_ref(IntakeStore& store, const std::string& station, const kiosk::ShortRef& ref,
                                              int days, std::size_t limit) {
    std::vector<Ticket> found;
    for (int n = 0; n < days && found.size() < limit; ++n) {
        auto day = store.tickets(station, local_day_before(n));
        if (!day) return day.error();
        for (Ticket& t : *day)
            if (found.size() < limit && kiosk::short_reference_matches(ref, t.ticket, t.request_id)) found.push_back(std::move(t));
    }
    return found;
}

Result<std::optional<nlohmann::json>> request_progress_by_short_ref(IntakeStore& store, const kiosk::Catalog& catalog,
                                                                    const std::string& station, const kiosk::ShortRef& ref) {
    auto found = find_by_short_ref(store, station, ref, kShortRefDays, 1);
    if (!found) return found.error();
    if (found->empty()) return std::optional<nlohmann::json>{};
    return request_progress(store, catalog, station, found->front().request_id);
}

} // namespace intake
