#pragma once
// Local calendar time as the kiosk writes it in records, tickets and heartbeats.
#include <chrono>
#include <string>

namespace kiosk {

// "YYYY-MM-DD" in local time.
std::string local_day(std::chrono::system_clock::time_point t);
// RFC 3339 local time with offset, whole seconds: "2026-11-28T21:30:05+08:00".
std::string rfc3339_local(std::chrono::system_clock::time_point t);

} // namespace kiosk
