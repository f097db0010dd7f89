// Heartbeat body. See heartbeat.hpp.
#include "app/upload/heartbeat.hpp"

#include "app/local_time.hpp"
#include "app/upload/uploader.hpp"

#include <nlohmann/json.hpp>

namespace kiosk {

std::string heartbeat_body(const Config& config, const QueueCounts& q, PrinterState printer_state,
                           long long free_mb, WallTime now) {
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
    // replace, not throw: a printer message with broken UTF-8 must not stop the heartbeat thread.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace kiosk
