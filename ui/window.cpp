#include "ui/window.hpp"
#include "app/staff_desk.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

namespace kiosk::ui {

namespace {

void on_key(GLFWwindow* w, int key, int, int action, int) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (action == GLFW_REPEAT || !c || !c->input) return;
    c->input->key(key, action == GLFW_PRESS);
}
void on_button(GLFWwindow* w, int button, int action, int) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (!c || !c->input) return;
    // A press lands where the last motion event put the pointer (the queue keeps it). Only when no motion
    // has come at all yet (the first tap after start) ask the window system: glfwGetCursorPos reads the
    // pointer as it is now, which for a press still queued behind a fast flick is already somewhere else.
    if (action == GLFW_PRESS && !c->input->has_position()) {
        double x = 0, y = 0;
        glfwGetCursorPos(w, &x, &y);
        c->input->move(static_cast<float>(x), static_cast<float>(y));
    }
    c->input->button(button, action == GLFW_PRESS);
}
void on_cursor(GLFWwindow* w, double x, double y) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (c && c->input) c->input->move(static_cast<float>(x), static_cast<float>(y));
}
void on_char(GLFWwindow* w, unsigned int cp) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (c && c->input) c->input->chr(cp);
}
void on_close(GLFWwindow* w) {
    // A resident must not be able to close the kiosk (window close, Alt-F4): only staff mode may.
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (!c || !c->ui || !c->ui->staff_mode) { glfwSetWindowShouldClose(w, GLFW_FALSE); return; }
    // Staff closing the window is closing the kiosk: recorded like the "close kiosk" button.
    if (c->ui->app.staff) (void)c->ui->app.staff->allow_close();
}

} // namespace

GLFWwindow* open_window(const UiOptions& o, std::string& err) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
    GLFWwindow* w = nullptr;
    if (o.fullscreen) {
        // Borderless full screen: a window with the monitor's own video mode, so no mode switch happens.
        GLFWmonitor* m = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
        if (mode) {
            glfwWindowHint(GLFW_RED_BITS, mode->redBits);
            glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
            glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
            glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
            glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
            w = glfwCreateWindow(mode->width, mode->height, "kiosk", m, nullptr);
        }
    }
    if (!w) w = glfwCreateWindow(std::max(o.width, 320), std::max(o.height, 240), "kiosk", nullptr, nullptr);
    if (!w) err = "cannot create an OpenGL 3.3 window (is Mesa installed? under xvfb-run use -s \"-screen 0 1920x1080x24\")";
    return w;
}

int expected_framebuffer_height(const UiOptions& o) {
    if (o.fullscreen)
        if (GLFWmonitor* m = glfwGetPrimaryMonitor())
            if (const GLFWvidmode* mode = glfwGetVideoMode(m)) return mode->height;
    return std::max(o.height, 240);
}

int expected_framebuffer_width(const UiOptions& o) {
    if (o.fullscreen)
        if (GLFWmonitor* m = glfwGetPrimaryMonitor())
            if (const GLFWvidmode* mode = glfwGetVideoMode(m)) return mode->width;
    return std::max(o.width, 240);
}

void install_callbacks(GLFWwindow* w, WindowCtx& ctx) {
    glfwSetWindowUserPointer(w, &ctx);
    glfwSetKeyCallback(w, on_key);
    glfwSetMouseButtonCallback(w, on_button);
    glfwSetCursorPosCallback(w, on_cursor);
    glfwSetWindowCloseCallback(w, on_close);
}

} // namespace kiosk::ui

namespace kiosk::ui {
// ImGui's backend adds typed characters to ImGui itself (its char callback); with a keyboard-wedge
// scanner they must pass the input queue's scan filter first, so ours replaces it (installed after
// ImGui_ImplGlfw_InitForOpenGL; the queue hands typing on to ImGui in apply()).
void route_chars_through_queue(GLFWwindow* w) { glfwSetCharCallback(w, on_char); }
} // namespace kiosk::ui
