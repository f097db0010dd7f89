// Heartbeat body. See heartbeat.hpp.
#include "app/upload/heartbeat.hpp"

#include "app/local_time.hpp"
#include "app/upload/uploader.hpp"

#include <nlohmann/json.hpp>

namespace kiosk {

std::string heartbeat_body(const Config& config, const QueueCounts& q, PrinterState printer_state,
                           long long free_mb, WallTime now, const HeartbeatExtras& x) {
    nlohmann::json j{
        {"kiosk_id", config.kiosk.id},
        {"station_id", config.station.id},
        {"version", KIOSK_VERSION},
        {"sent_at", rfc3339_local(now)},
        {"queue", {{"queued", q.queued}, {"sending", q.sending}, {"retry_wait", q.retry_wait},
                   {"uploaded", q.uploaded}, {"dead_letter", q.dead_letter}, {"cleared", q.cleared},
                   {"purged", q.purged}}},
        {"printer", printer_state_name(printer_state)},
        {"disk_free_mb", free_mb},
    };
    auto link = [](const std::optional<AuditEntry>& e) {
        return e ? nlohmann::json{{"seq", e->seq}, {"hash", e->hash}} : nlohmann::json{{"seq", 0}, {"hash", ""}};
    };
    j["audit_head"] = link(x.audit_head);
    if (x.audit_at_anchor) j["audit_at_anchor"] = link(x.audit_at_anchor);
    j["help_requested"] = x.help_requested;
    nlohmann::json ratings = nlohmann::json::array();
    for (const auto& r : x.ratings) ratings.push_back({{"day", r.day}, {"count", r.count}, {"sum", r.sum}});
    j["ratings"] = ratings;
    // replace, not throw: a printer message with broken UTF-8 must not stop the heartbeat thread.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace kiosk

namespace kiosk {
std::optional<std::int64_t> heartbeat_anchor_seq(const std::string& answer_body) {
    auto j = nlohmann::json::parse(answer_body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto it = j.find("anchor_seq");
    if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 1) return std::nullopt;
    return it->get<std::int64_t>();
}
} // namespace kiosk
