// PNG capture of the back buffer (for --screenshot, --script's screenshot, --tour) and the scripted clock.
#include "ui/runtime.hpp"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <atomic>
#include <vector>

namespace kiosk::ui {

std::string save_framebuffer_png(const std::filesystem::path& file, int w, int h) {
    if (w <= 0 || h <= 0) return "empty framebuffer";
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    // OpenGL's rows go bottom-up, PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(file.c_str(), w, h, 3, px.data(), w * 3)) return "cannot write " + file.string();
    return {};
}

namespace {
std::atomic<long long> g_offset_ns{0};
}

void advance_steady_clock(double seconds) {
    g_offset_ns += static_cast<long long>(seconds * 1e9);
}

std::chrono::steady_clock::time_point steady_now() {
    return std::chrono::steady_clock::now() + std::chrono::nanoseconds(g_offset_ns.load());
}

} // namespace kiosk::ui
