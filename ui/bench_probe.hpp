#pragma once
// [SECTION] Benchmark probes (KIOSK_BENCH): what bench_ui reads from the kiosk's stdout — the first frame
// on the display, and how long after an input the screen it changed to was on the display.
#include "ui/runtime.hpp"

namespace kiosk::ui {

// CPU time of the calling thread in ns (the UI thread's per-frame cost).
long long thread_cpu_ns();
// After each frame: a frame whose input changed the step drew the old screen; the next one draws the new
// screen, and once it is on the display, prints "step_frame_<step>_ms N" (tap → home, …).
void report_step_latency(Runtime& rt, Step before, Step now);
// After a frame that drew something for the first time (Ui::bench_marks: a new call on the banner, the
// identity read from a card): once it is on the display, prints "MARK MS" (MS: CLOCK_REALTIME in ms, so a
// benchmark in another process can subtract its own click or card-on time).
void report_marks(Runtime& rt);
// After the first frame: prints "first_frame" once it is on the display.
void report_first_frame();

} // namespace kiosk::ui
