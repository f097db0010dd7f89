// Local calendar time formatting (see local_time.hpp).
#include "local_time.hpp"

#include <cstdio>
#include <ctime>

namespace kiosk {

std::string local_day(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string rfc3339_local(std::chrono::system_clock::time_point t) {
    // Floor to whole seconds (to_time_t may round) so created_at never lies about the order of events.
    auto secs = std::chrono::floor<std::chrono::seconds>(t);
    std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    int off = static_cast<int>(tm.tm_gmtoff / 60);   // minutes east of UTC, |off| < 24 h
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    char tz[16];
    std::snprintf(tz, sizeof tz, "%c%02d:%02d", sign, (off / 60) % 100, off % 60);
    return std::string(buf) + tz;
}

} // namespace kiosk
