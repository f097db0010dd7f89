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
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    std::printf("phase %s %.1f ms %.1f MiB\n", name, ms, resident * 4096.0 / (1024 * 1024));
    std::fflush(stdout);
}

} // namespace kiosk
