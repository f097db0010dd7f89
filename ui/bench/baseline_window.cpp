// The benchmark's baseline: an empty GLFW + ImGui (OpenGL 3) window with ImGui's default font, drawing one
// frame — one small ImGui window with one line of text — and exiting. bench/bench_ui.cpp times `kiosk`
// against it in the same run (start → first frame, peak RSS). Prints "first_frame" on stdout once the frame is drawn.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>

int main() {
    auto t0 = std::chrono::steady_clock::now();
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* w = glfwCreateWindow(1920, 1080, "baseline", nullptr, nullptr);
    if (!w) return 1;
    glfwMakeContextCurrent(w);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(w, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    // Placed and sized explicitly: ImGui hides a new auto-sized window on its first frame (it measures its
    // contents first), and until 2026-11-29 this baseline drew nothing at all — a bare glClear, which
    // never compiles a shader on llvmpipe (~10 MiB of LLVM pages, several ms) while any real first frame does.
    ImGui::SetNextWindowPos(ImVec2(60, 60));
    ImGui::SetNextWindowSize(ImVec2(240, 80));
    ImGui::Begin("empty");
    ImGui::TextUnformatted("baseline");
    ImGui::End();
    ImGui::Render();
    if (ImGui::GetDrawData()->TotalVtxCount == 0) {
        std::fprintf(stderr, "ui_baseline_window: the frame drew nothing; the baseline would be a bare clear\n");
        return 1;
    }
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    glfwSwapBuffers(w);
    auto t1 = std::chrono::steady_clock::now();
    // The same marker the kiosk prints under KIOSK_BENCH: bench_ui timestamps it from outside.
    std::printf("first_frame\nfirst_frame_ms %.2f\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
    std::fflush(stdout);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(w);
    glfwTerminate();
    return 0;
}
