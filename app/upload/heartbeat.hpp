#pragma once
// [SECTION] POST /v1/heartbeat body: who this kiosk is and how it is doing. No PII: counts and states only.
#include "app/config.hpp"
#include "app/disk_space.hpp"
#include "app/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// What the heartbeat adds for the station desk (DESIGN.md "Station desk and events"): the audit chain's
// head and the row at the seq the intake anchored (so a rewritten or cut-off chain is noticed), whether a
// resident pressed 呼叫工作人员 (a `help` alert at the desk), and the day's ratings (counts only).
struct HeartbeatExtras {
    std::optional<AuditEntry> audit_head;
    std::optional<AuditEntry> audit_at_anchor;
    bool help_requested = false;
    std::vector<Store::DayRatings> ratings;
};

std::string heartbeat_body(const Config& config, const QueueCounts& queue, PrinterState printer_state,
                           long long disk_free_mb, WallTime now, const HeartbeatExtras& extras = {});

// The anchor_seq of the intake's heartbeat answer (200 {"anchor_seq": N}); nullopt for a 204 or a body
// without one (an older intake).
std::optional<std::int64_t> heartbeat_anchor_seq(const std::string& answer_body);

} // namespace kiosk
