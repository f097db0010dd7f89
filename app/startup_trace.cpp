// See startup_trace.hpp.
#include "startup_trace.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace kiosk {

namespace {
const auto g_t0 = std::chrono::steady_clock::now();   // static init: just before main()
const bool g_on = std::getenv("KIOSK_BENCH") != nullptr;
}

void startup_phase(const char* name) {
    if (!g_on) return;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_t0).count();
    // VmRSS: resident now; VmHWM: the peak so far (what bench_ui's wait4 reports at exit).
    long rss_kib = 0, peak_kib = 0;
    if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f)) {
            std::sscanf(line, "VmRSS: %ld", &rss_kib);
            std::sscanf(line, "VmHWM: %ld", &peak_kib);
        }
        std::fclose(f);
    }
    std::printf("phase %s %.1f ms %.1f MiB peak %.1f MiB\n", name, ms, rss_kib / 1024.0, peak_kib / 1024.0);
    std::fflush(stdout);
}

} // namespace kiosk
