// Long-poll events and progress for kiosks. See kiosk_events.hpp.
#include "server/kiosk_events.hpp"

#include "app/validators.hpp"

#include <chrono>

namespace intake {

using json = nlohmann::json;

namespace {
bool whole(const std::string& s, std::int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}
} // namespace

std::optional<EventsQuery> parse_events_query(const std::string& after, const std::string& wait) {
    EventsQuery q;
    std::int64_t w = 0;
    if (!after.empty() && !whole(after, q.after)) return std::nullopt;
    if (!wait.empty() && !whole(wait, w)) return std::nullopt;
    q.wait_s = static_cast<int>(std::min<std::int64_t>(w, kMaxEventWaitS));
    return q;
}

Result<json> wait_for_events(IntakeStore& store, EventHub& hub, const std::string& station, const EventsQuery& q) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(q.wait_s);
    for (;;) {
        // The generation is read BEFORE the store: an event committed after this read bumps it, so the
        // wait below returns at once instead of sleeping past it.
        const std::uint64_t seen = hub.generation();
        auto events = store.events_after(station, q.after, kMaxEventsPerAnswer);
        if (!events) return events.error();
        if (!events->empty() || std::chrono::steady_clock::now() >= deadline || hub.stopped()) {
            json arr = json::array();
            std::int64_t next = q.after;
            for (const auto& e : *events) {
                arr.push_back(json::parse(e.json));
                next = e.seq;
            }
            return json{{"events", arr}, {"next", next}};
        }
        hub.wait(seen, deadline);
    }
}

Result<std::optional<json>> request_progress(IntakeStore& store, const kiosk::Catalog& catalog, const std::string& station,
                                             const std::string& request_id) {
    auto t = store.ticket(request_id);
    if (!t) return t.error();
    if (!*t || (*t)->station_id != station) return std::optional<json>{};
    const Ticket& r = **t;
    json service{{"zh", r.service_id}, {"en", r.service_id}};
    if (const kiosk::Service* s = catalog.find_service(r.service_id)) service = {{"zh", s->name.zh}, {"en", s->name.en}};
    return std::optional<json>(json{{"request_id", r.request_id}, {"ticket", r.ticket}, {"service_id", r.service_id},
                                    {"service", service}, {"name_masked", r.name_masked},
                                    {"desk_status", r.desk_status}, {"call_state", r.call_state},
                                    {"message", {{"zh", r.message_zh}, {"en", r.message_en}}},
                                    {"updated_at", r.updated_at}});
}

Result<std::optional<json>> request_progress_by_id_number(IntakeStore& store, const kiosk::Catalog& catalog,
                                                          const std::string& station, const std::string& id_number) {
    auto ids = store.find_by_id_number(kiosk::normalize_id_number(id_number));
    if (!ids) return ids.error();
    // Oldest first (seq order): the newest request of this station is the one the resident asks about.
    for (auto it = ids->rbegin(); it != ids->rend(); ++it) {
        auto p = request_progress(store, catalog, station, *it);
        if (!p) return p.error();
        if (*p) return p;
    }
    return std::optional<json>{};
}

void IdLookupLimiter::expire(std::deque<std::chrono::steady_clock::time_point>& q, std::chrono::steady_clock::time_point now) const {
    while (!q.empty() && now - q.front() >= kIdMissWindow) q.pop_front();
}

bool IdLookupLimiter::allowed(const std::string& kiosk, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = misses_.find(kiosk);
    if (it == misses_.end()) return true;
    expire(it->second, now);
    if (it->second.empty()) { misses_.erase(it); return true; }
    return static_cast<int>(it->second.size()) < kMaxIdMisses;
}

void IdLookupLimiter::missed(const std::string& kiosk, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    auto& q = misses_[kiosk];
    expire(q, now);
    q.push_back(now);
}

} // namespace intake
