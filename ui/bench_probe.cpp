#include "ui/bench_probe.hpp"
#include "app/startup_trace.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <cstdio>
#include <ctime>

namespace kiosk::ui {

long long thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void report_step_latency(Runtime& rt, Step before, Step now) {
    if (rt.step_input_at >= 0 && before == now) {
        glFinish();
        std::printf("step_frame_%s_ms %.1f\n", step_name(now), (glfwGetTime() - rt.step_input_at) * 1000.0);
        std::fflush(stdout);
        rt.step_input_at = -1;
    } else if (before != now) {
        rt.step_input_at = rt.input_seen_at >= 0 ? rt.input_seen_at : glfwGetTime();
    }
    rt.input_seen_at = -1;
}

void report_marks(Runtime& rt) {
    if (rt.ui.bench_marks.empty()) return;
    glFinish();
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    for (const auto& m : rt.ui.bench_marks) std::printf("%s %lld\n", m.c_str(), ts.tv_sec * 1000LL + ts.tv_nsec / 1000000);
    std::fflush(stdout);
    rt.ui.bench_marks.clear();
}

void report_first_frame() {
    // bench_ui timestamps this line: process start → first frame on screen.
    glFinish();
    startup_phase("first_frame_drawn");
    std::printf("first_frame\n");
    std::fflush(stdout);
}

} // namespace kiosk::ui
