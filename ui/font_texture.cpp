// The font atlas as a one-channel (Alpha8, GL_R8) texture. Why: ImGui's OpenGL3 backend uploads RGBA32,
// four bytes per texel where only alpha carries information — for a CJK atlas at 1080p elderly sizes that
// is tens of MiB in our heap and as much again in the driver. A texture swizzle (GL 3.3) makes the R8
// texture sample as (1, 1, 1, a), which is exactly what the backend's shader expects from RGBA32.
#include "ui/font_texture.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GL/glext.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdint>

namespace kiosk::ui {

namespace {
GLuint g_tex = 0;
}

void init_font_texture_backend() {
    // Create the backend's shaders now; left to the first NewFrame, the backend would build and upload an
    // RGBA32 copy of our atlas (four times its size, in our heap and in the driver). It uploads a font
    // texture as part of that, so it is shown an empty stand-in atlas meanwhile (ImGui bakes its small
    // default font into it), whose texture is dropped at once.
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas stand_in;
    ImFontAtlas* ours = io.Fonts;
    io.Fonts = &stand_in;
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts = ours;
}

void upload_font_texture() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);
    if (!g_tex) glGenTextures(1, &g_tex);
    glBindTexture(GL_TEXTURE_2D, g_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, px);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(g_tex)));
    // The CPU copy was only needed for the upload.
    io.Fonts->ClearTexData();
}

void destroy_font_texture() {
    if (g_tex) glDeleteTextures(1, &g_tex);
    g_tex = 0;
    ImGui::GetIO().Fonts->SetTexID(nullptr);
}

} // namespace kiosk::ui
