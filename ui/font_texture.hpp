#pragma once
// The font atlas uploaded as a one-channel texture (see font_texture.cpp for why). Call
// init_font_texture_backend() once after ImGui_ImplOpenGL3_Init, upload_font_texture() after every atlas
// (re)build, destroy_font_texture() before ImGui_ImplOpenGL3_Shutdown.
namespace kiosk::ui {
void init_font_texture_backend();
void upload_font_texture();
void destroy_font_texture();
} // namespace kiosk::ui
