#pragma once
// [SECTION] POST /v1/heartbeat body: who this kiosk is and how it is doing. No PII: counts and states only.
#include "app/config.hpp"
#include "app/disk_space.hpp"
#include "app/store.hpp"

#include <string>

namespace kiosk {

std::string heartbeat_body(const Config& config, const QueueCounts& queue, PrinterState printer_state,
                           long long disk_free_mb, WallTime now);

} // namespace kiosk
