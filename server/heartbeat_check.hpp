#pragma once
// [SECTION] What the intake does with a heartbeat beyond storing it (DESIGN.md "Station desk and events"):
// audit anchoring — the kiosk's audit head must never go backwards, and the hash it reports at the seq the
// intake anchored last time must not have changed (a rewritten or cut-off chain) — the kiosk's "help
// requested" flag (a `help` alert in the desk queue while set) and the day's ratings. An alert is one line
// in the intake log (`log`) and one row in the desk's alerts.
#include "server/intake_store.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace intake {

// Returns the seq the next heartbeat must repeat the hash of (0: the kiosk's chain is empty).
Result<std::int64_t> check_heartbeat(IntakeStore& store, const std::string& kiosk_id, const nlohmann::json& body,
                                     const std::function<void(const std::string&)>& log);

} // namespace intake
