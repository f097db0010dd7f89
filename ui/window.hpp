#pragma once
// [SECTION] Window — the GLFW window (OpenGL 3.3 core), its input callbacks and the kiosk's close rule.
// Our callbacks are installed before ImGui's backend, which saves and chains to them.
#include "ui/input_queue.hpp"
#include "ui/kiosk_ui.hpp"
#include "ui/ui.hpp"

#include <string>

struct GLFWwindow;

namespace kiosk::ui {

// What the callbacks reach through glfwSetWindowUserPointer.
struct WindowCtx {
    InputQueue* input = nullptr;
    Ui* ui = nullptr;
};

// Borderless full screen at the monitor's own mode, or a window of o.width × o.height. Null and `err`
// set when no OpenGL 3.3 context can be had.
GLFWwindow* open_window(const UiOptions& o, std::string& err);
// The framebuffer height open_window() will produce (font sizes scale with it), known before the window
// exists so the atlas can be built meanwhile. A wrong guess costs only a rebuild at the first frame.
int expected_framebuffer_height(const UiOptions& o);
int expected_framebuffer_width(const UiOptions& o);
// Key, button, cursor and close callbacks into `ctx` (which must outlive the window).
void install_callbacks(GLFWwindow* w, WindowCtx& ctx);

// Under LeakSanitizer only (no-op otherwise): keeps the GL driver's name in leak reports, see gl_pin.cpp.
void pin_gl_driver();

// [scanner] uri = hid: typed characters go through InputQueue (its scan filter) instead of straight to ImGui.
void route_chars_through_queue(GLFWwindow* w);

} // namespace kiosk::ui
