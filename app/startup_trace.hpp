#pragma once
// Start-up phases for bench_ui: with KIOSK_BENCH=1 in the environment, startup_phase("fonts") prints
// "phase fonts 123.4 ms 80.2 MiB peak 95.0 MiB" on stdout: milliseconds since static initialisation (i.e.
// after the dynamic loader), the resident set size at that moment and its peak so far.
// Otherwise it does nothing, so the calls can stay in the code path.
namespace kiosk {
void startup_phase(const char* name);
}
