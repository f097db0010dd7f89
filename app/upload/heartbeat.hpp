#pragma once
// [SECTION] POST /v1/heartbeat body: who this kiosk is and how it is doing. No PII: counts and states only.
#include "app/config.hpp"
#include "app/store.hpp"

#include <string>

namespace kiosk {

std::string heartbeat_body(const Config& config, const QueueCounts& queue, const std::string& printer_state,
                           long long disk_free_mb, WallTime now);

// Free space of the data directory's file system in MiB, -1 when unknown.
long long disk_free_mb(const std::filesystem::path& dir);

} // namespace kiosk
